// `npm run api:types`: writes the typed client's paths from the OpenAPI document the app serves
// (made from the endpoints' zod schemas), for openapi-fetch. e2e/api/client.spec.ts fails while
// the committed file differs from what the running server's document generates.
import fs from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/api/openapi";
import { CLIENT_TYPES, clientTypes } from "@/e2e/api/client-types";

async function main() {
  const text = await clientTypes(openApiDocument());
  fs.mkdirSync(path.dirname(CLIENT_TYPES), { recursive: true });
  fs.writeFileSync(CLIENT_TYPES, text);
  console.log(`Wrote ${CLIENT_TYPES}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
