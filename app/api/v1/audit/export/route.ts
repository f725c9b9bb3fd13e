import { routeOf } from "@/lib/api/endpoint";
import { exportAuditEndpoint } from "@/lib/api/endpoints/audit";

export const { GET } = routeOf(exportAuditEndpoint);
