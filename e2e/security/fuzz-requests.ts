import type { APIRequestContext, APIResponse } from "@playwright/test";
import { badValue, oneMegabyte, type Kind, type Random } from "./fuzz-values";
import { encodeArgs, form, type FormFields } from "./server-actions";

/** The kind of every field the actions read, by name. */
const KIND: Record<string, Kind> = {
  slug: "slug",
  environmentId: "id",
  teamId: "id",
  environmentUserId: "id",
  directoryUserId: "id",
  mailboxId: "id",
  id: "id",
  roleId: "id",
  userId: "id",
  jobId: "id",
  assignmentId: "id",
  version: "version",
  displayName: "text",
  password: "text",
  name: "text",
  justification: "text",
  oauthTenantId: "text",
  oauthApplicationId: "text",
  oauthSecret: "text",
  q: "text",
  callbackUrl: "text",
  // Sign-in's email is any line to its schema: only text no schema takes, so no attempt reaches the password check.
  email: "text",
  upn: "email",
  emailAddress: "email",
  endsAt: "date",
  expectedEndsAt: "date",
  maxDelegationDays: "text",
  authType: "enum",
  kind: "enum",
  command: "enum",
  operation: "enum",
  isEnabled: "enum",
  hasLicensedMailbox: "bool",
  isLicensed: "bool",
  alsoSystemAdministrator: "bool",
  noEndDate: "bool",
  isActive: "bool",
  roleIds: "idList",
  environmentIds: "idList",
  roles: "enumList",
  items: "items",
  matching: "matching",
  methods: "methods",
  values: "values",
  "depth.prvReadMailbox": "depth",
  "depth.__proto__": "depth",
  reviewId: "id",
  upToId: "id",
  itemIds: "idList",
  reviewerIds: "idList",
  decision: "enum",
  scope: "enum",
  reviewerMode: "enum",
  unanswered: "enum",
  recurrenceDays: "enum",
  note: "text",
  dueDate: "date",
  reason: "text",
  emailOn: "enumList",
  shown: "enumList",
  hidden: "enumList",
};

const SELECTION = ["slug", "environmentId", "items", "matching"];
const TEAM = ["slug", "environmentId", "teamId", "version"];
const PROFILE = ["slug", "environmentId", "name", "authType", "oauthTenantId", "oauthApplicationId", "oauthSecret"];

/** Each action's fields. An action missing here (a new one) is sent every field of every action. */
const FIELDS: Record<string, string[]> = {
  createDirectoryUserAction: ["displayName", "upn", "password", "hasLicensedMailbox"],
  saveTenantRolesAction: ["userId", "version", "roles"],
  setDirectoryUserEnabledAction: ["userId", "version", "isEnabled"],
  setExchangeFactsAction: ["userId", "version", "kind", "isLicensed"],
  addTeamMemberAction: [...TEAM, "environmentUserId"],
  removeTeamMemberAction: [...TEAM, "environmentUserId"],
  saveTeamRolesAction: [...TEAM, "roleIds"],
  addMeAsSystemAdministratorAction: ["slug", "environmentId"],
  saveUserRolesAction: ["slug", "environmentId", "environmentUserId", "version", "roleIds", "justification", "endsAt"],
  addUserAction: ["slug", "environmentId", "directoryUserId"],
  assignRoleAction: ["slug", "environmentId", "roleId", "users"],
  findAddableUsersAction: ["environmentId", "q"],
  runMailboxCommandAction: [...SELECTION, "command", "methods"],
  precheckAction: [...SELECTION, "operation"],
  runApprovalAction: ["slug", "environmentId", "operation", "snapshotId", "reason"],
  approvalJobAction: ["slug", "jobId"],
  cancelJobAction: ["slug", "jobId"],
  changeAddressAction: ["slug", "environmentId", "mailboxId", "version", "emailAddress"],
  saveEmailSettingsAction: ["slug", "environmentId", "version", "values"],
  createProfileAction: PROFILE,
  updateProfileAction: [...PROFILE, "id", "version"],
  setDefaultProfileAction: ["slug", "environmentId", "id"],
  startProfileJobAction: ["slug", "environmentId", "id"],
  setProfileActiveAction: ["slug", "environmentId", "id", "isActive"],
  createRoleAction: ["slug", "environmentId", "name", "depth.prvReadMailbox", "depth.__proto__"],
  delegateAction: ["slug", "environmentId", "environmentUserId", "justification", "endsAt", "alsoSystemAdministrator"],
  removeDelegationAction: ["slug", "environmentId", "environmentUserId", "roleId"],
  changeTermsAction: ["slug", "assignmentId", "expectedEndsAt", "endsAt", "noEndDate", "justification"],
  searchCandidatesAction: ["environmentId", "q"],
  precheckManyAction: ["directoryUserId", "environmentIds", "justification", "endsAt"],
  delegateManyAction: ["directoryUserId", "environmentIds", "justification", "endsAt"],
  addToEnvironmentAction: ["directoryUserId", "environmentId"],
  searchDirectoryAction: ["q"],
  setMaxDelegationDaysAction: ["version", "maxDelegationDays"],
  signInAction: ["email", "password", "callbackUrl"],
  verifyAuditChainAction: [],
  startReviewAction: [
    "name",
    "scope",
    "environmentIds",
    "reviewerMode",
    "reviewerIds",
    "dueDate",
    "unanswered",
    "recurrenceDays",
  ],
  answerReviewAction: ["reviewId", "itemIds", "decision", "note"],
  applyReviewAction: ["reviewId"],
  markNotificationReadAction: ["id"],
  markAllNotificationsReadAction: ["upToId"],
  saveEmailPreferencesAction: ["shown", "emailOn"],
  saveMailboxColumnsAction: ["hidden"],
  requestApprovalAction: ["mailboxId", "note"],
  signOutAction: [],
};

export type Target = { id: string; name: string };
export type Sent = { label: string; response: APIResponse };
/** A request, sent by `client` to the page at `path` (any page answers any action). */
export type Send = (client: APIRequestContext, path: string) => Promise<Sent>;

const IDLE = { status: "idle" };
const actionHeaders = (id: string) => ({ "Next-Action": id, Accept: "text/x-component" });

/** Every known field of the action, each with a value its kind must refuse (some left out). */
function badFields(action: string, r: Random, marker: string, isJson: boolean): Record<string, unknown> {
  const names = FIELDS[action] ?? Object.keys(KIND);
  const fields: Record<string, unknown> = {};
  for (const name of names) if (r.chance(0.85)) fields[name] = badValue(KIND[name]!, r, marker, isJson);
  // Now and then one field is a megabyte long (every kind is some text on the wire), alone with
  // small ones, so the body stays under the 1 MB the server takes at all.
  if (names.length > 0 && r.chance(0.06)) {
    for (const name of names) if (JSON.stringify(fields[name] ?? "").length > 1000) delete fields[name];
    fields[r.pick(names)] = oneMegabyte(marker);
  }
  return fields;
}

function post(headers: Record<string, string>, data: string | Buffer, label: string): Send {
  return async (client, path) => ({
    label,
    response: await client.post(path, { headers, data, maxRedirects: 0, timeout: 20_000 }),
  });
}

function postArgs(target: Target, args: unknown[], label: string): Send {
  const encoded = encodeArgs(args);
  if ("data" in encoded)
    return post({ ...actionHeaders(target.id), "Content-Type": "text/plain;charset=UTF-8" }, encoded.data, label);
  return async (client, path) => ({
    label,
    response: await client.post(path, {
      headers: actionHeaders(target.id),
      multipart: encoded.multipart,
      maxRedirects: 0,
      timeout: 20_000,
    }),
  });
}

/** Arguments as React's client would encode them, in the shapes an action does and does not expect. */
export function argsRequest(target: Target, r: Random, marker: string): Send {
  const shape = r.int(10);
  if (shape < 4) return postArgs(target, [IDLE, form(badFields(target.name, r, marker, false) as FormFields)], "form");
  if (shape < 7) return postArgs(target, [badFields(target.name, r, marker, true)], "object");
  if (shape === 7) return postArgs(target, [IDLE, badFields(target.name, r, marker, true)], "object as form");
  if (shape === 8)
    return postArgs(target, [form(badFields(target.name, r, marker, false) as FormFields)], "form as object");
  const junk = [
    [],
    [null],
    ["formdata"],
    [5],
    [true],
    [[1, 2]],
    [IDLE],
    [IDLE, null],
    [IDLE, "formdata"],
    [null, null, null],
    [{}],
    [IDLE, {}],
    [oneMegabyte(marker)],
  ];
  return postArgs(target, r.pick(junk), "junk arguments");
}

const BOUNDARY = "----fuzzboundary";
const part = (name: string, value: string, extra = "") =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
const plainHeaders = (target: Target) => ({ ...actionHeaders(target.id), "Content-Type": "text/plain;charset=UTF-8" });
const multipartHeaders = (target: Target) => ({
  ...actionHeaders(target.id),
  "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
});

/** Bodies React's client never sends that still decode into arguments: typed references, other content types, a file for a field. */
export function oddBodyRequest(target: Target, r: Random, marker: string): Send {
  const h = actionHeaders(target.id);
  const variants: Send[] = [
    ...["$K1", "$@1", "$n12", "$D2020-01-01", "$Infinity", "$-0", "$NaN", "$undefined"].map((ref) =>
      post(plainHeaders(target), JSON.stringify([ref]), `reference ${ref}`),
    ),
    post(plainHeaders(target), '{"0":{"slug":"x"}}', "arguments as an object"),
    post(plainHeaders(target), `["${marker}\\u0000"]`, "escaped NUL"),
    post({ ...h, "Content-Type": "application/json" }, JSON.stringify([{ slug: marker }]), "application/json"),
    post(
      { ...h, "Content-Type": "application/x-www-form-urlencoded" },
      `slug=${marker}&environmentId=-1`,
      "urlencoded",
    ),
    post(
      multipartHeaders(target),
      `${part("_1_name", `${marker}x`, '; filename="a.txt"')}${part("0", '[{"status":"idle"},"$K1"]')}--${BOUNDARY}--\r\n`,
      "a file for a field",
    ),
  ];
  return r.pick(variants);
}

/**
 * Bodies the framework cannot decode into arguments at all: broken JSON or multipart, bytes that
 * are not UTF-8, a root that is no argument list, nesting past any form's. No action can run.
 * `isFlightRemainder`: a reference to a part the reply does not have, which only React's decoder
 * can tell apart (README: what the proxy leaves to the framework).
 */
export function undecodableRequest(
  target: Target,
  r: Random,
  marker: string,
): { send: Send; isFlightRemainder: boolean } {
  const h = actionHeaders(target.id);
  const text = plainHeaders(target);
  const multipart = multipartHeaders(target);
  const refused: Send[] = [
    ...["{", "", "\u0000", "[", "[1,", '"str"', "5", "null", "true"].map((body) =>
      post(text, body, `broken JSON ${JSON.stringify(body)}`),
    ),
    post(text, `${"[".repeat(3000)}${"]".repeat(3000)}`, "deep nesting"),
    post({ ...h, "Content-Type": "multipart/form-data" }, part("0", "[]"), "multipart without boundary"),
    post(
      multipart,
      `--other\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--other--\r\n`,
      "multipart, wrong boundary",
    ),
    post(
      multipart,
      `${part("_1_slug", marker)}--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"`,
      "truncated multipart",
    ),
    post(multipart, `${part("_1_slug", `${marker}\u0000`)}--${BOUNDARY}--\r\n`, "multipart without arguments"),
    post(multipart, `${part("0", "{not json")}--${BOUNDARY}--\r\n`, "multipart, arguments not JSON"),
    post(multipart, `${part("0", '["$K1"]', '; filename="0.json"')}--${BOUNDARY}--\r\n`, "arguments as a file"),
    post({ ...h, "Content-Type": "application/octet-stream" }, Buffer.from([0, 255, 254, 0]), "octet-stream"),
    post({ ...h, "Content-Type": "text/plain; charset=utf-16le" }, Buffer.from('["x"]', "utf16le"), "utf-16 body"),
    post(text, Buffer.from([0x5b, 0x22, 0xed, 0xa0, 0x80, 0xff, 0x22, 0x5d]), "invalid UTF-8"),
  ];
  const references = ["$1", "$Q1", "$W1", "$h1", "$B1", "$F1", "$T", "$Z"].map((ref) =>
    post(text, JSON.stringify([ref]), `reference ${ref} to no part`),
  );
  const isFlightRemainder = r.chance(0.3);
  return { send: r.pick(isFlightRemainder ? references : refused), isFlightRemainder };
}

/** Action ids the build does not have. */
export function unknownActionRequest(r: Random, marker: string): Send {
  const hex = Array.from({ length: 42 }, () => "0123456789abcdef"[r.int(16)]).join("");
  const id = r.pick([hex, "0".repeat(42), "x".repeat(4096), "../../etc/passwd", marker, "__proto__", " "]);
  return post({ ...actionHeaders(id), "Content-Type": "text/plain;charset=UTF-8" }, "[]", "unknown action id");
}
