/**
 * One value per process, however many copies of a module the server holds. Next bundles
 * instrumentation.ts apart from the routes, each with its own instance of the modules they share:
 * a registry declared at module level would exist once per bundle. The job runner's transactions
 * (started from instrumentation) and a request's must queue on one connection, and a handle made by
 * one bundle must be known to the others, so such registries live here, on globalThis.
 */
export function processWide<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`mailgate.${name}`);
  return (store[key] ??= create());
}
