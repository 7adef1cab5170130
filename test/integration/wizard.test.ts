import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { repairCommand } from '../../src/cli/commands/repair.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { WITHOUT_BACKUP } from '../../src/cli/wizard.js';
import { CancelledError } from '../../src/errors.js';
import { run } from '../../src/cli/run.js';
import { parseOptions } from '../../src/cli/options.js';
import type { Prompter } from '../../src/platform/prompts.js';
import { affectedTree } from '../helpers/cli.js';
import { terminal } from '../helpers/terminal.js';

/** Answers questions in order and records them; an unexpected question fails the test. */
function scripted(answers: Array<boolean | string>): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
    return answers.shift() as never;
  };
  return { asked, confirm: async (m) => next(m), input: async (m) => next(m) };
}

describe('the interactive wizard (scripted answers)', () => {
  it('asks about the backup, offers the file list, asks to proceed, then repairs', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const io = terminal();
    const prompter = scripted([true, true, true]);
    const code = await repairCommand(parseOptions(['--root', t.root, '--state-dir', t.state], io), io, prompter);
    expect(code).toBe(0);
    expect(prompter.asked).toEqual([
      expect.stringMatching(/system-state backup/),
      expect.stringMatching(/Show every file/),
      expect.stringMatching(/Apply this plan/),
    ]);
    expect(io.text()).toMatch(/fixes the catalog store/);
    expect(io.text()).toMatch(/move .*KB820000\.cat -> /);
    expect(io.text()).toMatch(/Verify: all \d+ file\(s\)/);
    const status = terminal();
    await run(['status', '--root', t.root, '--state-dir', t.state, '--json'], status);
    expect(JSON.parse(status.stdoutText()).status.backupConfirmed).toBe(true);
  });

  it('on a terminal of 20 rows, offers the longer list as a new file in the temp folder and names it', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const io = terminal();
    Object.assign(io.stdout, { isTTY: true, rows: 20 });
    const prompter = scripted([true, true, false]);
    await expect(repairCommand(parseOptions(['--root', t.root, '--state-dir', t.state], io), io, prompter)).rejects.toBeInstanceOf(CancelledError);
    expect(prompter.asked[1]).toMatch(/^Show every file the plan touches\? \(\d+ lines, more than a screen: written to a new file to open\)$/);
    const file = /Every file the plan touches is listed in (.*)\n/.exec(io.stdoutText())?.[1] as string;
    try {
      expect(file.startsWith(tmpdir())).toBe(true);
      expect(await readFile(file, 'utf8')).toMatch(/move .*KB820000\.cat -> /);
      expect(io.stdoutText()).not.toMatch(/move .*KB820000\.cat -> /);
    } finally {
      await rm(file, { force: true });
    }
  });

  it.each([
    ['no backup, and No to going on without one', [false, false], ['system-state backup of this server exist', 'Go on without a system-state backup?']],
    [
      'no backup, going on, then No to the plan',
      [false, true, false, false],
      ['system-state backup', 'Go on without', 'Show every file', 'Apply this plan now?'],
    ],
    ['a backup, then No to the plan', [true, false, false], ['system-state backup', 'Show every file', 'Apply this plan now?']],
  ])('%s: exit 130 (cancelled), nothing changed', async (_name, answers, questions) => {
    const t = await affectedTree({ catalogs: 30 });
    const before = await t.snapAll();
    const io = terminal();
    const prompter = scripted([...answers]);
    const refusal = await repairCommand(parseOptions(['--root', t.root, '--state-dir', t.state], io), io, prompter).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CancelledError);
    expect(exitCodeFor(refusal)).toBe(130);
    expect(prompter.asked).toEqual(questions.map((q) => expect.stringContaining(q)));
    expect(io.text().includes(WITHOUT_BACKUP)).toBe(answers[0] === false);
    expect(await t.snapAll()).toEqual(before);
  });

  it('no backup, going on anyway: says what rollback covers and what not, repairs, and records the backup as not confirmed', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const io = terminal();
    const prompter = scripted([false, true, false, true]);
    expect(await repairCommand(parseOptions(['--root', t.root, '--state-dir', t.state], io), io, prompter)).toBe(0);
    expect(io.text()).toMatch(/rollback is the way back[\s\S]*byte for byte[\s\S]*does not cover the rest of the system: the\s+registry/);
    const status = terminal();
    await run(['status', '--root', t.root, '--state-dir', t.state, '--json'], status);
    expect(JSON.parse(status.stdoutText()).status.backupConfirmed).toBe(false);
  });

  it('online, offers to retry the service pack and plans it when a path is given', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const { writeFile } = await import('node:fs/promises');
    const services = `${t.dir}/services.json`;
    await writeFile(services, JSON.stringify({ services: { CryptSvc: { state: 'running' } } }));
    await writeFile(`${t.dir}/sp2.exe`, 'MZ');
    const io = terminal();
    const prompter = scripted([`${t.dir}/sp2.exe`, true, false, false]);
    await expect(
      repairCommand(parseOptions(['--windir', `${t.root}/WINDOWS`, '--services-file', services, '--state-dir', t.state], io), io, prompter),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(prompter.asked[0]).toMatch(/Retry the service pack/);
    expect(io.text()).toMatch(new RegExp(`retry-sp2: run ${t.dir}/sp2\\.exe /passive /norestart`));
  });

  it('online, a path that is no file is said and asked again; nothing changes', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const { mkdir, writeFile } = await import('node:fs/promises');
    const services = `${t.dir}/services.json`;
    await writeFile(services, JSON.stringify({ services: { CryptSvc: { state: 'running' } } }));
    await mkdir(`${t.dir}/folder`);
    const before = await t.snapAll();
    const io = terminal();
    const prompter = scripted([`${t.dir}/nope.exe`, `${t.dir}/folder`, '', false, false]);
    await expect(
      repairCommand(parseOptions(['--windir', `${t.root}/WINDOWS`, '--services-file', services, '--state-dir', t.state], io), io, prompter),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(prompter.asked.slice(0, 3)).toEqual([
      expect.stringMatching(/^Retry the service pack/),
      `The installer ${t.dir}/nope.exe does not exist. Path to the installer (empty: no):`,
      `The installer ${t.dir}/folder is a folder, not a regular file. Path to the installer (empty: no):`,
    ]);
    expect(io.text()).toMatch(/retry-sp2: no --installer given/);
    expect(await t.snapAll()).toEqual(before);
  });
});
