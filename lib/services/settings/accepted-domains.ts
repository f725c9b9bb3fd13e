import "server-only";
import type { Db } from "@/db/client";
import { tenants } from "@/db/schema";

/** The domains Exchange accepts mail for: the tenant's own domain (the seed's contoso.com). */
export async function listAcceptedDomains(db: Db): Promise<string[]> {
  return (await db.select({ domain: tenants.domain }).from(tenants)).map((t) => t.domain.toLowerCase());
}
