import { openApiDocument } from "@/lib/api/openapi";

/** The OpenAPI 3.1 document: public, like any API reference; generated once per server process. */
let document: ReturnType<typeof openApiDocument> | null = null;

export function GET() {
  document ??= openApiDocument();
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}
