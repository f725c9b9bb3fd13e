import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Every API answer a test sees is checked against the OpenAPI document the server serves: its
 * status must be one the operation documents, and its body must match that response's schema
 * (JSON Schema 2020-12, which OpenAPI 3.1 schemas are), $refs into the document's components included.
 */

/** Checks one answer of the API (method, the address asked, the response and its parsed body). */
export type Check = (method: string, path: string, response: APIResponse, body: unknown) => void;

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

let loaded: Promise<OpenApiDocument> | null = null;

/** The served document, read once per worker. */
export function servedDocument(request: APIRequestContext): Promise<OpenApiDocument> {
  loaded ??= request.get("/api/v1/openapi.json").then(async (r) => {
    expect(r.status()).toBe(200);
    return (await r.json()) as OpenApiDocument;
  });
  return loaded;
}

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** The check for one document: which template an address belongs to, and its response's schema. */
export function documentCheck(doc: OpenApiDocument): Check {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi");
  // As a router matches: a static segment before a parameter (…/mailboxes/precheck before …/mailboxes/{id}).
  const templates = Object.keys(doc.paths)
    .map((template) => ({
      template,
      params: template.split("{").length,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    }))
    .sort((a, b) => a.params - b.params);
  const validators = new Map<string, ReturnType<typeof ajv.getSchema>>();
  return (method, path, response, body) => {
    const address = path.split("?")[0]!;
    const found = templates.find((t) => t.pattern.test(address));
    // An address the API does not have: answered with the API's 404 (checked by its own test).
    if (!found) return;
    const operation = doc.paths[found.template]![method.toLowerCase()];
    expect(operation, `${method} ${found.template} is documented`).toBeDefined();
    const status = String(response.status());
    const documented = operation!.responses[status];
    expect(documented, `${method} ${found.template} documents ${status}`).toBeDefined();
    const type = (response.headers()["content-type"] ?? "").split(";")[0]!;
    if (!documented!.content || !type) return;
    expect(Object.keys(documented!.content), `${method} ${found.template} ${status} content type`).toContain(type);
    const pointer = `openapi#/paths/${escape(found.template)}/${method.toLowerCase()}/responses/${status}/content/${escape(type)}/schema`;
    if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: pointer }));
    const validate = validators.get(pointer)!;
    // NDJSON: each line is one value of the schema.
    const values =
      type === "application/x-ndjson"
        ? String(body)
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as unknown)
        : [body];
    for (const value of values)
      expect(validate!(value), `${method} ${path} ${status}: ${ajv.errorsText(validate!.errors)}`).toBe(true);
  };
}
