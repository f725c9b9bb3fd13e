import { routeOf } from "@/lib/api/endpoint";
import { precheckEndpoint } from "@/lib/api/endpoints/approvals";

export const { POST } = routeOf(precheckEndpoint);
