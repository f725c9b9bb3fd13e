import { routeOf } from "@/lib/api/endpoint";
import { approveMailboxEndpoint } from "@/lib/api/endpoints/mailbox-approval";

export const { POST } = routeOf(approveMailboxEndpoint);
