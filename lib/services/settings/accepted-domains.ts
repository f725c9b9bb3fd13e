import "server-only";
import type { Db } from "@/db/client";
import { tenants } from "@/db/schema";

/** The domains Exchange accepts mail for: the tenant's own domain (the seed's contoso.com). */
export function listAcceptedDomains(db: Db): string[] {
  return db
    .select({ domain: tenants.domain })
    .from(tenants)
    .all()
    .map((t) => t.domain.toLowerCase());
}
