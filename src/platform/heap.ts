import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 moves an allocation site's objects straight to the old generation once enough of them survive a
 * young collection. During planning the plan's own objects do, and afterwards the per-group garbage of
 * a 100,000-file run (digests, manifest lines) was tenured too: the old generation grew by 30 MB of dead
 * objects before a full collection came. The flag is read at each collection, so setting it at start-up
 * works. Process-wide: only the CLI's command runner calls this (not --help or --version).
 */
export function tuneHeap(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

let gc: (() => void) | undefined;

/**
 * One full collection, for the moment the CLI knows that large structures just died (two surveys of
 * 100,000 entries, once the plan is confirmed): about 10 ms at 100k, and V8 does not grow the heap
 * around them. `gc` is only reachable with --expose-gc; a context created after setting the flag has it.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
