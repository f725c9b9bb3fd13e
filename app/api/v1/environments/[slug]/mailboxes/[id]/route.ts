import { routeOf } from "@/lib/api/endpoint";
import { getMailboxEndpoint } from "@/lib/api/endpoints/mailboxes";

export const { GET } = routeOf(getMailboxEndpoint);
