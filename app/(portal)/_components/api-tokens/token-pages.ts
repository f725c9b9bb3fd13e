import type { Revalidation } from "@/lib/service-action";

/** A token shows on its owner's page and on their tenant user page: both are refreshed after a change. */
export const TOKEN_PAGES: Revalidation[] = ["/me/tokens", { layout: "/tenant/users" }];
