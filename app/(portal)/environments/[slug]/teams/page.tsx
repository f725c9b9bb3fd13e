import { placeholderPage } from "../_components/placeholder-page";

export default placeholderPage("teams", "Teams", "the delegation work: users, teams and security roles");
