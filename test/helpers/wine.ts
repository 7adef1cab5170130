import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasWine = (await execa('wine', ['--version'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;

export interface WinePrefix {
  prefix: string;
  env: Record<string, string>;
  /** Runs a Windows program; its output always goes through real files (see below), and so does `input`, its stdin (else empty). */
  wine(
    args: string[],
    options?: { timeout?: number; onStart?: (pid: number | undefined) => void; input?: string },
  ): Promise<{ code: number | undefined; signal: string | undefined; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** A fresh Wine prefix in a temp folder (outside the repository), removed by close(). */
export async function winePrefix(name: string): Promise<WinePrefix> {
  const prefix = await mkdtemp(join(tmpdir(), `catroot-repair-${name}-`));
  const env = { WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  // Services (CryptSvc) live only as long as the wineserver. A server started by an ordinary wine call
  // exits a few seconds after the last Wine process, and `wineserver -p` cannot make a running server
  // persistent (it exits 2): so the persistent one is started first, and it returns once it is up.
  const persistent = await execa('wineserver', ['-p'], { env, reject: false, stdio: 'ignore' });
  if (persistent.exitCode !== 0) throw new Error(`wineserver -p failed (exit ${persistent.exitCode}) for ${prefix}`);
  let calls = 0;
  return {
    prefix,
    env,
    /**
     * node.exe crashes with EBADF on a pipe, and Wine's background processes inherit a pipe and keep it
     * open, so a reader would wait for its end forever: output goes to files.
     */
    async wine(args, { timeout = 300_000, onStart, input } = {}) {
      const out = join(prefix, `call-${++calls}.out`);
      const err = join(prefix, `call-${calls}.err`);
      const stdin = input === undefined ? '/dev/null' : join(prefix, `call-${calls}.in`);
      if (input !== undefined) await writeFile(stdin, input);
      const child = execa('sh', ['-c', 'out="$1"; err="$2"; in="$3"; shift 3; exec wine "$@" > "$out" 2> "$err" < "$in"', 'sh', out, err, stdin, ...args], {
        env,
        reject: false,
        timeout,
        stdio: 'ignore',
      });
      onStart?.(child.pid);
      const result = await child;
      return { code: result.exitCode, signal: result.signal, stdout: await readFile(out, 'utf8'), stderr: await readFile(err, 'utf8') };
    },
    async close() {
      if (process.env.KEEP_WINE_PREFIX) return;
      await execa('wineserver', ['-k'], { env, reject: false, stdio: 'ignore' });
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
