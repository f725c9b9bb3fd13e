import { routeOf } from "@/lib/api/endpoint";
import { approveEndpoint } from "@/lib/api/endpoints/approvals";

export const { POST } = routeOf(approveEndpoint);
