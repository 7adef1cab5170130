import { promises } from 'node:fs';
import type { Fs } from './fs.js';
import { fsFromModule, type FsPromises } from './fs-module.js';

/** The real disk. node:fs directly, not graceful-fs: its silent retries can turn a lost rename into "success". */
export function realFs(): Fs {
  return fsFromModule(promises as unknown as FsPromises);
}
