import { placeholderPage } from "../../_components/placeholder-page";

export default placeholderPage("server-profiles", "Server profiles", "the Test & Enable work: email settings and server profiles");
