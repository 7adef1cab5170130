import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CATALOG_FOLDER } from '../platform/windows-paths.js';
import { setupapiFailure, svcpackFailureSession, windowsUpdateFailure } from './logs.js';

/** The two calls the builder needs; node:fs/promises, fs-extra and a memfs volume all have them. */
export interface TreeWriter {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: Buffer | string, options?: { flag: 'wx' }): Promise<void>;
}

export interface AffectedServerOptions {
  /** How many KB*.cat hotfix catalogs (the problem shows past about a hundred). */
  catalogs: number;
  /** Extra entries, e.g. a pre-existing backup folder, written after the main tree. */
  extra?: Record<string, Buffer | string>;
  windowsName?: string;
}

/** Deterministic bytes that look like a small catalog file, different for every name. */
export function catalogBytes(name: string, size = 1024 + ((name.length * 97) % 3072)): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(name).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

function hotfixNames(count: number): string[] {
  // Mixed case as real systems have it: update.exe wrote KB...cat, older tools KB...CAT and kb...cat.
  const cases = [(n: number) => `KB${n}.cat`, (n: number) => `KB${n}.CAT`, (n: number) => `kb${n}.cat`];
  return Array.from({ length: count }, (_, i) => cases[i % 3]!(820000 + i * 7));
}

/** Relative path -> content of an SBS 2003 system volume hit by the 0xfffffbfe failure. */
export function affectedServerFiles(options: AffectedServerOptions): Record<string, Buffer | string> {
  const win = options.windowsName ?? 'WINDOWS';
  const catalogs = join(win, 'system32', 'CatRoot', CATALOG_FOLDER);
  const files: Record<string, Buffer | string> = {};
  const names = [...hotfixNames(options.catalogs), 'KB912354.CAT', 'Q815021.CAT', 'Q823980.cat', 'Q328310.txt', 'TMP1A2B.cat', 'tmp9F.CAT'];
  const untouched = ['nt5.cat', 'nt5inf.cat', 'oem1.CAT', 'oem7.CAT', 'oem14.CAT', 'tmp1234.tmp', 'ie.cat', 'wmp.cat'];
  for (const name of [...names, ...untouched]) files[join(catalogs, name)] = catalogBytes(name);
  for (const name of ['nt5.cat', 'oem2.CAT'])
    files[join(win, 'system32', 'CatRoot', '{127D0A1D-4EF2-11D1-8608-00C04FC295EE}', name)] = catalogBytes(`127D/${name}`);
  const catroot2 = join(win, 'system32', 'catroot2');
  files[join(catroot2, CATALOG_FOLDER, 'catdb')] = catalogBytes('catdb', 65536);
  for (const name of ['edb.chk', 'edb.log', 'edb00001.log', 'res1.log', 'res2.log', 'tmp.edb'])
    files[join(catroot2, name)] = catalogBytes(`catroot2/${name}`, 4096);
  files[join(win, 'svcpack.log')] = `${svcpackFailureSession('2007/07/02 05:46:14.203')}\r\n`;
  files[join(win, 'setupapi.log')] = setupapiFailure;
  files[join(win, 'WindowsUpdate.log')] = windowsUpdateFailure;
  files[join(win, 'system32', 'ntoskrnl.exe')] = catalogBytes('ntoskrnl.exe', 2048);
  return { ...files, ...options.extra };
}

export async function writeTree(io: TreeWriter, root: string, files: Record<string, Buffer | string>): Promise<void> {
  const dirs = new Set(Object.keys(files).map((rel) => join(root, rel, '..')));
  for (const dir of [...dirs].sort()) await io.mkdir(dir, { recursive: true });
  // 'wx': a tree is written only where nothing is; an existing file is an error, never overwritten.
  for (const [rel, data] of Object.entries(files)) await io.writeFile(join(root, rel), data, { flag: 'wx' });
}
