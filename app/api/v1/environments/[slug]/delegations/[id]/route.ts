import { routeOf } from "@/lib/api/endpoint";
import { changeDelegationEndpoint, removeDelegationEndpoint } from "@/lib/api/endpoints/delegations";

export const { PATCH, DELETE } = routeOf(changeDelegationEndpoint, removeDelegationEndpoint);
