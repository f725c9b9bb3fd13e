import { routeOf } from "@/lib/api/endpoint";
import { rejectEndpoint } from "@/lib/api/endpoints/approvals";

export const { POST } = routeOf(rejectEndpoint);
