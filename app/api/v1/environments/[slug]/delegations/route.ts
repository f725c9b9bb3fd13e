import { routeOf } from "@/lib/api/endpoint";
import { delegateEndpoint, listDelegationsEndpoint } from "@/lib/api/endpoints/delegations";

export const { GET, POST } = routeOf(listDelegationsEndpoint, delegateEndpoint);
