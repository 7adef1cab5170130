import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './cli.js';

/**
 * Runs `command` with `folder` mounted read-only over itself, in a mount namespace of its own (unshare -rm:
 * no root needed where user namespaces are allowed). Only that process sees the read-only mount; the test
 * keeps reading and writing the folder as it is.
 */
const onReadOnly = (folder: string, command: string[]) =>
  execa('unshare', ['-rm', 'sh', '-c', 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"', folder, ...command], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
  });

/** Why a read-only mount cannot be made here; undefined when it can (a write into it is refused with EROFS). */
export const readOnlyMountMissing = await (async () => {
  if (process.platform !== 'linux') return 'read-only bind mounts are made with Linux namespaces';
  const dir = await mkdtemp(join(tmpdir(), 'catroot-repair-ro-probe-'));
  try {
    const r = await onReadOnly(dir, ['sh', '-c', 'touch "$0/x" 2>&1; test $? -ne 0', dir]).catch((e: Error) => ({
      exitCode: 1,
      stdout: e.message,
      stderr: '',
    }));
    return r.exitCode === 0 && /Read-only file system/.test(String(r.stdout))
      ? undefined
      : `unshare -rm with a read-only bind mount failed: ${String(r.stderr || r.stdout).trim()}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
})();

/** The built CLI with `folder` (a mounted image) read-only. */
export async function cliOnReadOnly(folder: string, args: string[]) {
  const r = await onReadOnly(folder, [process.execPath, CLI, ...args]);
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The user a root test runs the CLI as, so that a folder's mode bits apply (root passes them). */
export const NOBODY = 65534;

/** Why the CLI cannot be run as an unprivileged user here; undefined when it can. */
export const unprivilegedMissing = await (async () => {
  if (process.getuid?.() !== 0) return 'running the CLI as another user needs root (setpriv)';
  const r = await execa('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', '0'], { reject: false }).catch(() => ({
    exitCode: 1,
  }));
  return r.exitCode === 0 ? undefined : 'setpriv cannot run node as nobody';
})();

/** The built CLI as the unprivileged user NOBODY. */
export async function cliAsNobody(args: string[]) {
  const r = await execa('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
  });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}
