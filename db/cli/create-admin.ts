// npm run create-admin -- --email admin@example.com --name "Ada Admin"
// The password comes from MAILGATE_ADMIN_PASSWORD, or is asked for on the terminal.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { InvalidEnvironment } from "@/lib/env";
import { createGlobalAdmin } from "@/lib/services/identity/bootstrap";
import { openMigrated } from "../client";
import { loadLocalSecrets } from "./secrets";

const Input = z.object({
  email: z.email("--email must be an email address"),
  name: z.string().trim().min(1, "--name is required").max(200),
  password: z.string().min(12, "the password needs at least 12 characters"),
});

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question("Password for the new Global Administrator: ");
  rl.close();
  return answer;
}

async function main() {
  loadLocalSecrets();
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
  const password = process.env.MAILGATE_ADMIN_PASSWORD ?? (await askPassword());
  const parsed = Input.safeParse({ ...values, password });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => i.message).join("\n"));
    process.exit(2);
  }
  const { db, close } = await openMigrated();
  const result = await createGlobalAdmin(db, {
    ...parsed.data,
    passwordHash: await hashPassword(parsed.data.password),
  });
  await close();
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  console.log(`Created Global Administrator ${parsed.data.email.toLowerCase()}.`);
}

main().catch((error) => {
  console.error(error instanceof InvalidEnvironment ? error.message : error);
  process.exit(1);
});
