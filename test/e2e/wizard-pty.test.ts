import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, CLI } from '../helpers/cli.js';

const tmux = (...args: string[]) => execa('tmux', args, { reject: false });
const hasTmux = (await execa('tmux', ['-V'], { reject: false })).exitCode === 0;
if (!hasTmux) console.warn('SKIPPED: the pseudo-terminal wizard test needs tmux (apt-get install tmux)');

async function waitForScreen(session: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < until) {
    screen = (await tmux('capture-pane', '-p', '-t', session, '-S', '-200')).stdout;
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
}

/**
 * Runs the CLI in a tmux terminal with `shellTail` after it (a redirection), answers the wizard, and returns its exit code.
 * `before` runs first in the same shell (`stty cols 0`: a pty with no width); `env` prefixes the shell.
 */
async function answerWizard(
  t: Awaited<ReturnType<typeof affectedTree>>,
  shellTail: string,
  { before = '', env = 'env NO_COLOR=1' } = {},
): Promise<{ code: string; screen: string }> {
  const session = `catroot-${process.pid}-${Date.now()}`;
  const exitFile = join(t.dir, 'exit-code');
  const command = `${before}${process.execPath} ${CLI} --root ${t.root} --state-dir ${t.state}${shellTail}; echo $? > ${exitFile}; sleep 60`;
  await tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', `${env} sh -c '${command}'`);
  try {
    await waitForScreen(session, /system-state backup/);
    await tmux('send-keys', '-t', session, 'y', 'Enter');
    await waitForScreen(session, /Show every file/);
    await tmux('send-keys', '-t', session, 'n', 'Enter');
    await waitForScreen(session, /Apply this plan now\?/);
    await tmux('send-keys', '-t', session, 'y', 'Enter');
    const screen = await waitForScreen(session, /To undo:/, 30_000);
    const until = Date.now() + 5000;
    while (!existsSync(exitFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return { code: (await readFile(exitFile, 'utf8')).trim(), screen };
  } finally {
    await tmux('kill-session', '-t', session);
  }
}

describe.runIf(hasTmux)('the wizard in a real terminal (tmux)', () => {
  it('answers its prompts and repairs', async () => {
    const t = await affectedTree({ catalogs: 40 });
    const { code, screen } = await answerWizard(t, '');
    expect(screen).toMatch(/Verify: all \d+ file\(s\) of the manifest are in their planned places/);
    expect(code).toBe('0');
    const after = await t.snap();
    expect(after['WINDOWS/system32/CatRoot/backup/KB820000.cat']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('on a terminal that reports 0 columns, with colour (where a spinner would run): completes with plain progress lines', async () => {
    const t = await affectedTree({ catalogs: 40 });
    const { code, screen } = await answerWizard(t, '', { before: 'stty cols 0; ', env: 'env -u NO_COLOR' });
    expect(code).toBe('0');
    expect(screen).toMatch(/moving catalogs/);
  });

  it('with --json and stdout in a file: the questions stay on the terminal, the file is one JSON document', async () => {
    const t = await affectedTree({ catalogs: 40 });
    const out = join(t.dir, 'out.json');
    const { code } = await answerWizard(t, ` --json > ${out}`);
    expect(code).toBe('0');
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc).toMatchObject({ ok: true, exitCode: 0, result: { kind: 'repaired' } });
  });
});
