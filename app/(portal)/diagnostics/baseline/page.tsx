import { notFound } from "next/navigation";
import { connection } from "next/server";
import { serverEnv } from "@/lib/env";
import { BaselineTable } from "./_components/baseline-table";

/** The bench's page: it exists only on a server started with MAILGATE_DIAGNOSTICS=1 (scripts/bench.mjs). */
export default async function BaselinePage() {
  // Decided by the running server's environment, never by the one that built it.
  await connection();
  if (serverEnv().MAILGATE_DIAGNOSTICS !== "1") notFound();
  return <BaselineTable />;
}
