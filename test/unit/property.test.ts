import fc from 'fast-check';
import { isHotfixCatalog } from '../../src/diagnosis/hotfix-catalogs.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { BadInputError } from '../../src/errors.js';
import { repair, rollback, verifyLatest } from '../../src/repair/repair.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { expectEveryFileOnce } from '../helpers/invariants.js';
import { MapFs } from '../helpers/map-fs.js';
import { ROOT, volumeOf } from '../helpers/scenario.js';

const catroot = 'WINDOWS/system32/CatRoot';
const name = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('KB', 'kb', 'Kb', 'Q', 'q', 'TMP', 'tmp', 'oem', 'nt', 'TmP'),
      fc.integer({ min: 1, max: 999 }),
      fc.constantFrom('.cat', '.CAT', '.txt', '.tmp', '', '. cat', ' copy.cat'),
    )
    .map(([a, n, b]) => `${a}${n}${b}`),
  fc.constant('KB912354.CAT'),
  fc.constant('kb912354.cat'),
);
const tree = fc.record({
  catalogs: fc.uniqueArray(name, { maxLength: 40, selector: (n) => n.toUpperCase() }),
  backup: fc.option(fc.uniqueArray(name, { maxLength: 5, selector: (n) => n.toUpperCase() })),
  catroot2: fc.boolean(),
  catroot2Old: fc.boolean(),
});

type Tree = typeof tree extends fc.Arbitrary<infer T> ? T : never;

function build(t: Tree): MapFs {
  const files: Record<string, Buffer> = { 'WINDOWS/system32/ntdll.dll': catalogBytes('ntdll', 64) };
  for (const n of t.catalogs) files[join(catroot, CATALOG_FOLDER, n)] = catalogBytes(`c/${n}`, 64);
  for (const n of t.backup ?? []) files[join(catroot, 'backup', n)] = catalogBytes(`b/${n}`, 64);
  if (t.catroot2) files['WINDOWS/system32/catroot2/edb.log'] = catalogBytes('edb', 64);
  if (t.catroot2Old) files['WINDOWS/system32/catroot2.old/edb.log'] = catalogBytes('old-edb', 64);
  const fs = MapFs.fromFiles(ROOT, files);
  fs.put(join(ROOT, catroot, CATALOG_FOLDER), { kind: 'dir' });
  return fs;
}

describe('random trees, random crash points', () => {
  it('resume reaches the end state of an uninterrupted run; rollback gives back the original tree', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.integer({ min: 1, max: 80 }), async (t, k) => {
        const clean = volumeOf(build(t));
        const original = await clean.snap();
        const reference = clean.copy();
        await repair(await reference.open(), { backupConfirmed: false });
        const endState = await reference.snap();

        const crashed = clean.copy();
        await repair(await crashed.open({ kind: 'crash', at: k }), { backupConfirmed: false }).catch(() => undefined);
        expectEveryFileOnce(original, await crashed.snap());
        const rolledBack = crashed.copy();

        await repair(await crashed.open(), { backupConfirmed: false });
        expect(await crashed.snap()).toEqual(endState);
        const again = await repair(await crashed.open(), { backupConfirmed: false });
        expect(again.kind).toBe('already-done');
        expect(await crashed.snap()).toEqual(endState);

        await rollback(await rolledBack.open()).catch((e: unknown) => expect((e as Error).name).toBe('NoRunError'));
        expect(await rolledBack.snap()).toEqual(original);
      }),
      { numRuns: 150 },
    );
  });
});

// Names no Windows volume could hold, as a mounted image or a crafted tree on POSIX can: a backslash (an
// ordinary character here), a control character, a `..` between backslashes, and ordinary odd ones.
const oddName = fc
  .tuple(
    fc.constantFrom('KB', 'kb', 'Q', 'TMP', 'oem', '.', '..'),
    fc.array(fc.constantFrom('\\', '..', '.', ' ', 'é', '日本', '\ufffd', '\u0007', '\n', '\t', 'x', '1'), { maxLength: 6 }),
    fc.constantFrom('.cat', '.CAT', '', '.'),
  )
  .map(([a, middle, b]) => `${a}${middle.join('')}${b}`)
  .filter((n) => n !== '.' && n !== '..');
// eslint-disable-next-line no-control-regex -- the names Windows cannot hold
const WINDOWS_CANNOT = /[\\\x00-\x1f]/;

describe('odd names', () => {
  it('a plan the tool makes can be rolled back and verified; the only refusal is of names Windows cannot have, up front', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.oneof(oddName, name), { minLength: 1, maxLength: 12, selector: (n) => n.toUpperCase() }), async (catalogs) => {
        const volume = volumeOf(build({ catalogs, backup: null, catroot2: true, catroot2Old: false }));
        const original = await volume.snap();
        const outcome = await repair(await volume.open(), { backupConfirmed: false }).catch((error: unknown) => error);
        const moved = catalogs.filter(isHotfixCatalog);
        if (outcome instanceof Error) {
          expect(outcome, outcome.message).toBeInstanceOf(BadInputError);
          expect(moved.some((n) => WINDOWS_CANNOT.test(n))).toBe(true);
          expect(await volume.snap()).toEqual(original);
          return;
        }
        expect(moved.some((n) => WINDOWS_CANNOT.test(n))).toBe(false);
        expect((await verifyLatest(await volume.open())).verify.problems).toEqual([]);
        await rollback(await volume.open());
        expect(await volume.snap()).toEqual(original);
      }),
      { numRuns: 200 },
    );
  });
});
