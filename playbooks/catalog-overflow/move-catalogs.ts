import { basename, dirname, join } from 'node:path';
import type { Step } from '../../src/engine/plan.js';
import { isHotfixCatalog } from '../../src/diagnosis/hotfix-catalogs.js';
import { counted } from '../../src/numbers.js';
import { sameName } from '../../src/platform/windows-paths.js';
import { entryNamed, type RepairContext, type Survey } from '../../src/repair/context.js';
import { chooseAsideFolder, moveInto } from '../../steps/common/move-aside.js';

export const KB912354 = 'KB912354.CAT';

function inSomeBackup(survey: Survey, name: string): boolean {
  return Object.values(survey.backups).some((entries) => entries !== 'not-a-folder' && entryNamed(entries, name));
}

/**
 * Regular files only: links and junctions named like catalogs are never moved. KB912354.CAT stays when a
 * backup already holds it: it was moved and copied back by an earlier repair, which is the end state.
 */
export function catalogsToMove(survey: Survey): string[] {
  let names = moving.get(survey);
  if (!names) {
    const keepKb912354 = inSomeBackup(survey, KB912354);
    names = survey.catalogEntries
      .filter((e) => e.kind === 'file' && isHotfixCatalog(e.name) && !(keepKb912354 && sameName(e.name, KB912354)))
      .map((e) => e.name);
    moving.set(survey, names);
  }
  return names;
}

/** A survey is never changed once read, and three steps ask this of it: 100,000 names are filtered once. */
const moving = new WeakMap<Survey, string[]>();

/** `backup` unless it already holds a file of a name being moved; then the first free `backup-N`. */
export function chooseBackupFolder(survey: Survey, names: readonly string[]): { name: string; create: boolean } {
  return chooseAsideFolder(survey.catrootEntries, survey.backups, names);
}

export const moveCatalogs: Step<RepairContext, { survey: Survey; catroot: string; catalogDir: string }> = {
  id: 'move-catalogs',
  title: 'Move the hotfix catalogs (KB*.cat, Q*.*, TMP*.cat) into CatRoot\\backup',
  inspect: async (ctx) => ({ survey: await ctx.survey(), catroot: ctx.layout.catroot, catalogDir: ctx.layout.catalogDir }),
  plan({ survey, catroot, catalogDir }) {
    const names = catalogsToMove(survey);
    if (names.length === 0) return [];
    const folder = chooseBackupFolder(survey, names);
    return moveInto(catalogDir, names, join(catroot, folder.name), folder.create);
  },
  summary({ survey }, actions) {
    const moves = actions.filter((a) => a.kind === 'move-file').length;
    if (moves === 0) return 'no hotfix catalogs left in the catalog folder: nothing to move';
    const names = catalogsToMove(survey);
    const folder = chooseBackupFolder(survey, names).name;
    const n = Number(/-(\d+)$/.exec(folder)?.[1] ?? 1);
    const passed = n === 2 ? 'CatRoot\\backup is' : `CatRoot\\backup to backup-${n - 1} are`;
    const note = n === 1 ? '' : ` (${passed} passed over: each holds a file of a name being moved, or is not a folder)`;
    return `move ${counted(moves, 'hotfix catalog')} into CatRoot\\${folder}${note}`;
  },
  words: {
    counts: 'move-file',
    doing: 'moving catalogs',
    undoing: 'moving catalogs back',
    done(actions) {
      const moves = actions.filter((a) => a.kind === 'move-file');
      const made = actions.find((a) => a.kind === 'make-dir');
      const folder = basename(made?.kind === 'make-dir' ? made.path : dirname(moves[0]?.to ?? 'backup/'));
      return moves.length ? `moved ${counted(moves.length, 'catalog')} into CatRoot\\${folder}` : `created CatRoot\\${folder}`;
    },
    undone(actions) {
      const moves = actions.filter((a) => a.kind === 'move-file').length;
      const made = actions.find((a) => a.kind === 'make-dir');
      const removed = made?.kind === 'make-dir' ? `removed CatRoot\\${basename(made.path)}, which the repair had made` : '';
      if (!moves) return removed;
      return `moved ${counted(moves, 'catalog')} back into the catalog folder${removed ? ` and ${removed}` : ''}`;
    },
  },
};
