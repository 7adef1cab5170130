import { appendFile, lstat, mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** ConfigMgr's limit for its own client logs is of this order; a run writes a few kilobytes. */
export const LOG_SIZE_LIMIT = 2 * 1024 * 1024;

/** The one older generation, named as ConfigMgr names its own (CcmExec.log: CcmExec.lo_), so CMTrace opens it too. */
export function olderGeneration(path: string): string {
  return /\.log$/i.test(path) ? `${path.slice(0, -1)}_` : `${path}.lo_`;
}

export interface RotatingLog {
  /** Appends whole lines; a file that reached `limit` is first renamed to its older generation. */
  append(text: string): Promise<void>;
}

/**
 * A log file that never grows past `limit` by more than one append. The rename replaces the previous older
 * generation (the tool's own file), so at most two files exist; nothing else is ever removed, and a path
 * that is a folder or a link is refused rather than written through.
 */
export function rotatingLog(path: string, limit = LOG_SIZE_LIMIT): RotatingLog {
  return {
    async append(text) {
      await mkdir(dirname(path), { recursive: true });
      const info = await regularFileOrNothing(path);
      if (info && info.size > 0 && info.size + Buffer.byteLength(text) > limit) {
        await regularFileOrNothing(olderGeneration(path));
        await rename(path, olderGeneration(path));
      }
      await appendFile(path, text, 'utf8');
    },
  };
}

async function regularFileOrNothing(path: string): Promise<{ size: number } | undefined> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info && !info.isFile()) throw new Error(`${path} is not a regular file; the log is not written through it`);
  return info;
}
