import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { repairCommand } from '../../src/cli/commands/repair.js';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { parseOptions } from '../../src/cli/options.js';
import type { Prompter } from '../../src/platform/prompts.js';
import { affectedTree } from '../helpers/cli.js';

function terminal(): CliIo & { text: () => string; stdoutText: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const all: string[] = [];
  const out: string[] = [];
  stdout.on('data', (c) => (all.push(String(c)), out.push(String(c))));
  stderr.on('data', (c) => all.push(String(c)));
  return { stdout, stderr, stdinIsTty: true, stderrIsTty: true, env: { NO_COLOR: '1' }, platform: 'linux', invokedAs: 'catroot-repair', text: () => all.join(''), stdoutText: () => out.join('') };
}

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
    expect(prompter.asked).toEqual([expect.stringMatching(/system-state backup/), expect.stringMatching(/Show every file/), expect.stringMatching(/Apply this plan/)]);
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
    const prompter = scripted([false, true, false]);
    await repairCommand(parseOptions(['--root', t.root, '--state-dir', t.state], io), io, prompter);
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

  it('changes nothing when the admin declines', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const before = await t.snapAll();
    const io = terminal();
    const code = await repairCommand(parseOptions(['--root', t.root, '--state-dir', t.state], io), io, scripted([false, false, false]));
    expect(code).toBe(0);
    expect(io.text()).toMatch(/Nothing was changed/);
    expect(await t.snapAll()).toEqual(before);
  });

  it('online, offers to retry the service pack and plans it when a path is given', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const { writeFile } = await import('node:fs/promises');
    const services = `${t.dir}/services.json`;
    await writeFile(services, JSON.stringify({ services: { CryptSvc: { state: 'running' } } }));
    const io = terminal();
    const prompter = scripted(['/opt/sp2.exe', false, false, false]);
    await repairCommand(parseOptions(['--windir', `${t.root}/WINDOWS`, '--services-file', services, '--state-dir', t.state], io), io, prompter);
    expect(prompter.asked[0]).toMatch(/Retry the service pack/);
    expect(io.text()).toMatch(/retry-sp2: run \/opt\/sp2\.exe \/passive \/norestart/);
  });
});
