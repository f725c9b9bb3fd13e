import { routeOf } from "@/lib/api/endpoint";
import { rejectMailboxEndpoint } from "@/lib/api/endpoints/mailbox-approval";

export const { POST } = routeOf(rejectMailboxEndpoint);
