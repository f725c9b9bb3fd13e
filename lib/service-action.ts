import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import type { Actor } from "@/lib/policy/actor";
import type { RequestOrigin } from "@/lib/services/audit/log";
import { invalidInput, type Refusal, type ServiceResult } from "@/lib/services/result";

/**
 * The one way a server action is written: parse → one service → revalidate or redirect.
 * A server action is a public endpoint that receives whatever a client sends (a replayed request
 * sends anything: no argument, a string, an object where a form was expected), so nothing here
 * assumes a shape: the payload goes through the schema's safeParse, and bad input is an answer.
 * Anything a service throws is a real error and goes to error.tsx.
 */

/** Who acts, on which database, from where and when: resolved once, handed to the service. */
export type ActionRequest = { db: Db; actor: Actor; origin: RequestOrigin; now: Date };

/** A page to refresh after a change: one path, or a layout with every page under it. */
export type Revalidation = string | { layout: string };

/** What arrived, as a schema reads it: a FormData becomes its fields (a repeated field an array); anything else goes as it is. */
export function fieldsOf(payload: unknown): unknown {
  if (!(payload instanceof FormData)) return payload;
  const fields = new Map<string, FormDataEntryValue[]>();
  for (const [key, value] of payload) {
    const values = fields.get(key);
    if (values) values.push(value);
    else fields.set(key, [value]);
  }
  return Object.fromEntries([...fields].map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
}

/** Bad input as a service refuses it, for actions that answer a service's result as it is. */
export function refusalOf(error: z.ZodError): Refusal {
  const issue = error.issues[0];
  return invalidInput(String(issue?.path[0] ?? "form"), issue?.message ?? "Check what was sent.");
}

type Run<S extends z.ZodType, R> = (input: z.output<S>, request: ActionRequest) => R | Promise<R>;

/** The actor first (signed out: to the sign-in page), then the input, then `run`. */
async function handle<S extends z.ZodType, R>(
  schema: S,
  payload: unknown,
  run: Run<S, R>,
  onInvalid: (error: z.ZodError) => R,
): Promise<R> {
  const actor = await getActor();
  const parsed = schema.safeParse(fieldsOf(payload));
  if (!parsed.success) return onInvalid(parsed.error);
  return run(parsed.data, { db: getDb(), actor, origin: await getOrigin(), now: new Date() });
}

/** An environment's change shows on several of its pages: all of them are refreshed. */
export const environmentPages = ({ slug }: { slug: string }): Revalidation[] => [{ layout: `/environments/${slug}` }];

export function revalidate(paths: Revalidation[]): void {
  for (const path of paths) {
    if (typeof path === "string") revalidatePath(path);
    else revalidatePath(path.layout, "layout");
  }
}

type Success<T> = Extract<ServiceResult<T>, { ok: true }>;
type Options<I, T> = {
  /** Pages showing what changed, refreshed after a success. */
  revalidate?: (input: I, result: Success<T>) => Revalidation[];
  /** Where a success goes next instead of answering. */
  redirectTo?: (input: I, result: Success<T>) => string;
};

function serve<S extends z.ZodType, T>(schema: S, service: Run<S, ServiceResult<T>>, options: Options<z.output<S>, T>) {
  return (payload: unknown) =>
    handle(
      schema,
      payload,
      async (input, request): Promise<ActionState> => {
        const result = await service(input, request);
        if (!result.ok) return fromServiceResult(result);
        revalidate(options.revalidate?.(input, result) ?? []);
        const to = options.redirectTo?.(input, result);
        // Last, and outside any try: redirect() throws to do its work.
        if (to) redirect(to);
        return fromServiceResult(result);
      },
      invalid,
    );
}

/** An action a form calls (useActionState): `(previous state, form data)`. */
export function formAction<S extends z.ZodType, T>(
  schema: S,
  service: Run<S, ServiceResult<T>>,
  options: Options<z.output<S>, T> = {},
) {
  const run = serve(schema, service, options);
  return (async (...args: unknown[]) => run(args[1])) as (
    previous: ActionState,
    formData: FormData,
  ) => Promise<ActionState>;
}

/** An action called with one object: `(input)`. */
export function serviceAction<S extends z.ZodType, T>(
  schema: S,
  service: Run<S, ServiceResult<T>>,
  options: Options<z.output<S>, T> = {},
) {
  const run = serve(schema, service, options);
  return (async (...args: unknown[]) => run(args[0])) as (input: z.input<S>) => Promise<ActionState>;
}

/** An action that answers something else than a form state (a pre-check, a job's progress, per-row outcomes): `(input)`. */
export function inputAction<S extends z.ZodType, R>(
  schema: S,
  run: Run<S, R>,
  onInvalid: (error: z.ZodError) => NoInfer<R>,
) {
  return (async (...args: unknown[]) => handle(schema, args[0], run, onInvalid)) as (
    input: z.input<S>,
  ) => Promise<Awaited<R>>;
}
