// Entry of the single-file catroot-repair.exe: a CommonJS bundle has no top-level await.
import { processIo } from './io.js';
import { run } from './run.js';

void run(process.argv.slice(2), processIo(true)).then((code) => {
  process.exitCode = code;
});
