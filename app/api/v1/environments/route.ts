import { routeOf } from "@/lib/api/endpoint";
import { listEnvironments } from "@/lib/api/endpoints/environments";

export const { GET } = routeOf(listEnvironments);
