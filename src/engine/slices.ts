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
