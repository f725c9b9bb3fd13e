import { routeOf } from "@/lib/api/endpoint";
import { listAuditEndpoint } from "@/lib/api/endpoints/audit";

export const { GET } = routeOf(listAuditEndpoint);
