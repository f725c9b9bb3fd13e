import { notFound } from "next/navigation";
import { connection } from "next/server";
import { serverEnv } from "@/lib/env";
import { BaselineTable } from "./_components/baseline-table";

/**
 * The bench's page (scripts/bench.mjs): a `page.bench.tsx` is a page only in a build made with
 * MAILGATE_DIAGNOSTICS=1 (next.config.js), so the build served to users has no such route; and
 * even the bench's build serves it only while the running server has the flag too.
 */
export default async function BaselinePage() {
  await connection();
  if (serverEnv().MAILGATE_DIAGNOSTICS !== "1") notFound();
  return <BaselineTable />;
}
