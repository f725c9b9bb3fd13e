import { routeOf } from "@/lib/api/endpoint";
import { getJobEndpoint } from "@/lib/api/endpoints/jobs";

export const { GET } = routeOf(getJobEndpoint);
