import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlanCommand } from '../../src/cli/commands/apply-plan.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { parseOptions } from '../../src/cli/options.js';
import { run } from '../../src/cli/run.js';
import type { Prompter } from '../../src/platform/prompts.js';
import { affectedTree } from '../helpers/cli.js';
import { terminal } from '../helpers/terminal.js';

function scripted(answers: boolean[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = async (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
    return answers.shift() as never;
  };
  return { asked, confirm: next, input: next };
}

describe('--plan on a terminal without --yes', () => {
  it.each([
    [false, 'declined: exit 130, nothing changes'],
    [true, 'accepted: the saved plan is applied'],
  ])('shows the summary and asks once (%s, %s)', async (answer) => {
    const t = await affectedTree({ catalogs: 15 });
    const file = join(t.dir, 'plan.json');
    const base = ['--root', t.root, '--state-dir', t.state];
    expect(await run([...base, '--dry-run', '--save-plan', file], terminal())).toBe(0);
    const before = await t.snap();
    const io = terminal();
    const prompter = scripted([answer]);
    const code = await applyPlanCommand(parseOptions([...base, '--plan', file], io), io, prompter).catch(exitCodeFor);
    expect(code).toBe(answer ? 0 : 130);
    expect(prompter.asked).toEqual(['Apply this saved plan now?']);
    expect(io.text()).toMatch(/Plan \(fingerprint \w{12}, \d+ actions\)\n {2}1\. backup: /);
    if (answer) expect(io.text()).toMatch(/Verify: all \d+ file\(s\)/);
    else expect(await t.snap()).toEqual(before);
  });
});
