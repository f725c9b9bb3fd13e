import { routeOf } from "@/lib/api/endpoint";
import { listMailboxesEndpoint } from "@/lib/api/endpoints/mailboxes";

export const { GET } = routeOf(listMailboxesEndpoint);
