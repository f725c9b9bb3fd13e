import { placeholderPage } from "../_components/placeholder-page";

export default placeholderPage("mailboxes", "Mailboxes", "the approval work: the mailboxes grid, Approve and Reject Email");
