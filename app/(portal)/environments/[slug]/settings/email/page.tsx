import { placeholderPage } from "../../_components/placeholder-page";

export default placeholderPage("email-settings", "Email settings", "the Test & Enable work: email settings and server profiles");
