import { placeholderPage } from "../_components/placeholder-page";

export default placeholderPage("roles", "Security roles", "the delegation work: security roles and the Delegated Mailbox Approver page");
