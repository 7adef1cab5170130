import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { promises as nodeFs } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonValidator } from '../helpers/json-schemas.js';
import { writeTree } from '../../src/demo/affected-server.js';
import { svcpackFailureSession, svcpackSuccessSession } from '../../src/demo/logs.js';
import { reportingEventsFailure, utf16le } from '../../src/demo/windows10-logs.js';
import { windows10Files } from '../../src/demo/windows10-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';

/** A system in a temp folder (volume/ and, once a run made it, state/), and what to do to it before detect runs. */
interface Setup {
  dir: string;
  root: string;
  before?: (base: string[]) => Promise<void>;
}

const repair = async (base: string[]) => {
  const r = await cli([...base, '--yes']);
  expect(r.code, r.stderr).toBe(0);
};

const server2003 = async (extra?: Record<string, string>): Promise<Setup> => {
  const t = await affectedTree({ catalogs: 30, ...(extra ? { extra } : {}) });
  return { dir: t.dir, root: t.root };
};

const windows10 = async (failure: 'datastore' | 'catalog-database', reportingEvents?: string): Promise<Setup> => {
  const dir = await tempDir();
  const root = join(dir, 'volume');
  const files = windows10Files({ catalogs: 20, failure });
  if (reportingEvents) files[join('Windows', 'SoftwareDistribution', 'ReportingEvents.log')] = utf16le(reportingEventsFailure(reportingEvents));
  await writeTree(nodeFs, root, files);
  return { dir, root };
};

const HEALTHY_2003 = {
  'WINDOWS/svcpack.log': `${svcpackSuccessSession('2007/07/02 05:46:14.203')}\r\n`,
  'WINDOWS/setupapi.log': '',
  'WINDOWS/WindowsUpdate.log': '',
};

const failingAgainSince = async (): Promise<Setup> => {
  const t = await server2003();
  const failAgain = () => appendFile(join(t.root, 'WINDOWS', 'svcpack.log'), `${svcpackFailureSession('2007/07/03 09:00:00.000')}\r\n`);
  return { ...t, before: async (base) => (await repair(base), await failAgain()) };
};

/** After the repair, its journal edited: `unfinished` drops the last record ("applied"), as a run killed at its very end leaves it; `damaged` changes a byte of the first. */
const journalEdited = (how: 'unfinished' | 'damaged') => async (): Promise<Setup> => {
  const t = await server2003();
  const edit = async (base: string[]) => {
    await repair(base);
    const runs = join(t.dir, 'state', 'runs');
    const journal = join(runs, (await readdir(runs))[0] as string, 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    if (how === 'unfinished') lines.pop();
    else lines[0] = (lines[0] as string).replace('"begin"', '"bEgin"');
    await writeFile(journal, `${lines.join('\n')}\n`);
  };
  return { ...t, before: edit };
};

const CASES: Array<[string, number, () => Promise<Setup>, Record<string, unknown>]> = [
  [
    'Server 2003, SP2 failing with 0xfffffbfe',
    1,
    () => server2003(),
    { playbook: 'catalog-overflow', store: 'affected', evidence: expect.stringMatching(/^svcpack\.log:\d+ 0xfffffbfe/) },
  ],
  [
    'Server 2003 after the repair',
    0,
    async () => ({ ...(await server2003()), before: repair }),
    { playbook: 'catalog-overflow', store: 'repaired', runId: expect.any(String) },
  ],
  [
    'Server 2003 after the repair, the service pack failing again since',
    1,
    failingAgainSince,
    { playbook: 'catalog-overflow', store: 'repaired', evidence: expect.stringMatching(/failed again since \(svcpack\.log session 2007\/07\/03/) },
  ],
  [
    'Server 2003, a run killed at its very end',
    1,
    journalEdited('unfinished'),
    { playbook: 'catalog-overflow', store: 'run-unfinished', runId: expect.any(String) },
  ],
  ['Server 2003, a damaged journal (an error of detection)', 12, journalEdited('damaged'), { error: 'JournalError' }],
  ['Server 2003, healthy', 0, () => server2003(HEALTHY_2003), { playbook: null, store: 'not-affected' }],
  [
    'Windows 10, a corrupt update datastore',
    1,
    () => windows10('datastore'),
    { playbook: 'wu-reset', evidence: expect.stringMatching(/^ReportingEvents\.log:4 0x80242006 \(2025-01-15 03:12:44/) },
  ],
  ['Windows 10, a damaged catroot2', 1, () => windows10('catalog-database'), { playbook: 'catroot2-reset' }],
  ['Windows 10 after a finished wu-reset', 0, async () => ({ ...(await windows10('datastore')), before: repair }), { playbook: 'wu-reset', store: 'repaired' }],
  [
    'Windows 10, only network evidence (0x80072EE2)',
    0,
    () => windows10('datastore', '80072ee2'),
    { playbook: null, evidence: expect.stringMatching(/0x80072EE2/) },
  ],
];

const validate = await jsonValidator();

/** stdout is one line of JSON of at most 2,048 characters, valid against schema/detect.schema.json. */
function oneLine(stdout: string): Record<string, unknown> {
  expect(stdout.split('\n')).toHaveLength(1);
  expect(stdout.length).toBeLessThanOrEqual(2048);
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  expect(validate('detect', doc)).toBeNull();
  return doc;
}

describe('detect: exit 1 when a repair of this tool is due, 0 when not; one line of JSON; writes nothing', () => {
  it.each([
    ['detect missing', { playbook: 'wu-reset' }],
    ['detect not a number', { detect: '1' }],
    ['a field the line never has', { detect: 0, changed: false }],
  ])('schema/detect.schema.json refuses a line with %s', (_, line) => {
    expect(validate('detect', line)).not.toBeNull();
  });

  it.each(CASES)('%s: exit %i', async (_, code, make, fields) => {
    const t = await make();
    const base = ['--root', t.root, '--state-dir', join(t.dir, 'state')];
    await t.before?.(base);
    const before = await snapshot(realFs(), t.dir);
    const r = await cli(['detect', ...base]);
    expect(r.code, r.stderr).toBe(code);
    expect(oneLine(r.stdout)).toMatchObject({ detect: code, ...fields });
    expect(await snapshot(realFs(), t.dir)).toEqual(before);
  });

  it.each([
    ['a --root that is not a Windows volume', 2, 'BadInputError', (dir: string) => ['detect', '--root', join(dir, 'nothing-here')]],
    ['an option detect does not take', 2, 'BadInputError', (dir: string) => ['detect', '--root', dir, '--yes']],
    ['an unknown option', 2, 'UsageError', () => ['detect', '--bogus']],
  ])('%s: exit %i, still one line of JSON, nothing written', async (_, code, type, args) => {
    const dir = await tempDir();
    const before = await snapshot(realFs(), dir);
    const r = await cli(args(dir));
    expect(r.code).toBe(code);
    expect(oneLine(r.stdout)).toMatchObject({ detect: code, error: type, message: expect.any(String) });
    expect(await snapshot(realFs(), dir)).toEqual(before);
  });

  it("a folder named detect is no detect command: a repair's --json usage error is its usual document", async () => {
    const r = await cli(['--root', 'detect', '--json', '--bogus']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exitCode: 2, changed: false, error: { type: 'UsageError', message: "unknown option '--bogus'" } });
  });

  it('the default state folder (<windir>\\catroot-repair) is not created', async () => {
    const t = await server2003();
    const before = await snapshot(realFs(), t.dir);
    const r = await cli(['detect', '--root', t.root]);
    expect(r.code, r.stderr).toBe(1);
    oneLine(r.stdout);
    expect(await snapshot(realFs(), t.dir)).toEqual(before);
  });
});
