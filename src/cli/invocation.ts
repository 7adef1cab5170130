import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How this process was started: what decides the command a printed "To undo:" must begin with. */
export interface Launch {
  execPath: string;
  /** process.argv[1]: the script node runs (in a single executable, the executable again). */
  script: string | undefined;
  /** catroot-repair.exe, the single executable: its own path is the command. */
  singleExecutable: boolean;
  env: NodeJS.ProcessEnv;
  /** `catroot-repair` typed at a prompt runs this very script (npm's bin link or shim on PATH). */
  binOnPath: boolean;
  /** `node` typed at a prompt runs this very node. */
  nodeOnPath: boolean;
  /** Whose shell the printed commands are for: cmd.exe on Windows, a POSIX shell elsewhere. */
  platform: NodeJS.Platform;
}

const POSIX_PLAIN = /^[\w/.,:@%+=-]+$/;
const CMD_SPECIAL = /[\s"&|<>^()]/;

/**
 * One argument as the admin's shell reads it back. POSIX: single quotes, in which only `'` is special
 * (`$x`, backquotes and `"` stay as they are). cmd.exe: double quotes around spaces and & | < > ^ ( ),
 * which Windows names may hold; `"` cannot be in a Windows name.
 */
export function quoteArg(s: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return s === '' || CMD_SPECIAL.test(s) ? `"${s}"` : s;
  return POSIX_PLAIN.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The words that start this tool again the way the admin started it, ready to print before its options. */
export function invokedAs(launch: Launch): string {
  if (launch.singleExecutable) return quoteArg(launch.execPath, launch.platform);
  // npx sets these for the command it runs, and its children inherit them: only its own command counts.
  if (launch.env.npm_command === 'exec' && /^catroot-repair(@\S*)?(\s|$)/.test(launch.env.npm_lifecycle_script ?? '')) return 'npx catroot-repair';
  if (launch.binOnPath) return 'catroot-repair';
  const node = launch.nodeOnPath ? 'node' : quoteArg(launch.execPath, launch.platform);
  return launch.script ? `${node} ${quoteArg(launch.script, launch.platform)}` : 'catroot-repair';
}

const real = (path: string): string | undefined => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/** The first file of these names in a PATH folder: the one a prompt would run. */
function firstOnPath(env: NodeJS.ProcessEnv, names: readonly string[]): { dir: string; file: string } | undefined {
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) if (existsSync(join(dir, name))) return { dir, file: join(dir, name) };
  }
  return undefined;
}

/**
 * Whether `catroot-repair` at a prompt runs `script`: on POSIX npm links the name to it; on Windows npm
 * writes catroot-repair.cmd beside the node_modules folder that holds it.
 */
function binRuns(script: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  const found = firstOnPath(env, platform === 'win32' ? ['catroot-repair.exe', 'catroot-repair.cmd'] : ['catroot-repair']);
  if (!found) return false;
  const target =
    platform === 'win32' && found.file.endsWith('.cmd') ? join(found.dir, 'node_modules', 'catroot-repair', 'dist', 'bin', 'catroot-repair.mjs') : found.file;
  return real(target) !== undefined && real(target) === real(script);
}

/** The facts of a process started so (this one: process.execPath, process.argv[1], ...), read from PATH once at start. */
export function launchOf({
  execPath,
  script,
  env,
  platform,
  singleExecutable,
}: Pick<Launch, 'execPath' | 'script' | 'env' | 'singleExecutable'> & { platform: NodeJS.Platform }): Launch {
  const node = firstOnPath(env, platform === 'win32' ? ['node.exe'] : ['node']);
  return {
    execPath,
    script,
    singleExecutable,
    env,
    platform,
    binOnPath: !singleExecutable && script !== undefined && binRuns(script, env, platform),
    nodeOnPath: node !== undefined && real(node.file) === real(execPath),
  };
}
