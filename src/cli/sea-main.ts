// Entry of the single-file catroot-repair.exe: a CommonJS bundle has no top-level await.
import { tuneHeap } from '../platform/heap.js';
import { processIo } from './io.js';
import { run } from './run.js';

tuneHeap();

void run(process.argv.slice(2), processIo(true)).then((code) => {
  process.exitCode = code;
});
