import { placeholderPage } from "../_components/placeholder-page";

export default placeholderPage("users", "Users", "the delegation work: users, roles and the Delegated Mailbox Approver");
