/** Consecutive pieces of at most `size` items: long lists are hashed and written a piece at a time. */
export function* slices<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let slice: T[] = [];
  for (const item of items) {
    slice.push(item);
    if (slice.length === size) {
      yield slice;
      slice = [];
    }
  }
  if (slice.length) yield slice;
}

/**
 * Actions per piece of text (plan.json, the dry-run listing): a piece stays well below V8's large-object
 * size (128 KB), so it is young garbage, freed at once, not old garbage that waits for a full collection.
 */
export const TEXT_PIECE = 250;
