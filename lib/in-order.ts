/**
 * Array.map for an async callback, one item after the other: each call starts when the one before
 * has ended, so writes (and the audit events they append) keep the items' order inside one
 * transaction. `Promise.all(items.map(…))` would interleave them at every await.
 */
export async function mapInOrder<T, R>(items: Iterable<T>, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let index = 0;
  for (const item of items) results.push(await fn(item, index++));
  return results;
}
