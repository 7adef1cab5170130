import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI } from './cli.js';

const tmux = (...args: string[]) => execa('tmux', args, { reject: false });
export const hasTmux = (await execa('tmux', ['-V'], { reject: false })).exitCode === 0;

async function waitForScreen(session: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < until) {
    screen = (await tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-200')).stdout;
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
}

/** One exchange: wait until the screen shows `question`, then type `keys` (tmux key names: 'n', 'Enter'). */
export type Exchange = [question: RegExp, keys: string[]];

/**
 * Runs the built CLI in a tmux terminal (a real pseudo-terminal: stdin and stderr are TTYs), answers its
 * questions in order, and returns its exit code and the last screen. `dir` (not the tree's) gets the exit-code file.
 */
export async function converse(dir: string, args: string[], exchanges: Exchange[]): Promise<{ code: number; screen: string }> {
  const session = `catroot-${process.pid}-${Date.now()}`;
  const exitFile = join(dir, `exit-code-${Date.now()}`);
  const command = `${process.execPath} ${CLI} ${args.join(' ')}; echo $? > ${exitFile}; sleep 60`;
  await tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', `env NO_COLOR=1 sh -c '${command}'`);
  try {
    for (const [question, keys] of exchanges) {
      await waitForScreen(session, question);
      await tmux('send-keys', '-t', session, ...keys);
    }
    const until = Date.now() + 30_000;
    while (!existsSync(exitFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const screen = (await tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-200')).stdout;
    return { code: Number((await readFile(exitFile, 'utf8')).trim()), screen };
  } finally {
    await tmux('kill-session', '-t', session);
  }
}
