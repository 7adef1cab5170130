import { join } from 'node:path';
import { printableName } from '../printable.js';
import { BadInputError } from '../errors.js';
import { fmt } from '../numbers.js';
import { pathsOf } from '../engine/actions/action.js';
import { pathProblem } from '../engine/paths-guard.js';
import { actionsOf, type Plan } from '../engine/plan.js';
import type { Fs } from '../platform/fs.js';
import type { Survey } from './context.js';

const SHOWN = 20;

/** Every name in a folder and below it whose bytes are not UTF-8, shown with its bytes. */
async function undecodableUnder(fs: Fs, dir: string, out: string[]): Promise<void> {
  for (const entry of await fs.readdir(dir)) {
    if (entry.undecodable) out.push(`${join(dir, entry.undecodable)}: not valid UTF-8`);
    else if (entry.kind === 'dir') await undecodableUnder(fs, join(dir, entry.name), out);
  }
}

/**
 * Refuses, before anything changes, a plan over names no Windows volume could have: a path the plan
 * names that the read-back check (pathProblem) would refuse, so a run that could be made but never undone;
 * any name in the catalog folder, or in a folder the plan renames, that is not UTF-8 (two such names
 * decode to one string, so a lossy listing cannot say which file a plan means).
 */
export async function assertUsableNames(fs: Fs, plan: Plan, roots: readonly string[], survey: Survey, catalogDir: string): Promise<void> {
  const bad = survey.catalogEntries.filter((e) => e.undecodable).map((e) => `${join(catalogDir, e.undecodable as string)}: not valid UTF-8`);
  for (const action of actionsOf(plan)) {
    if (action.kind === 'rename-dir') await undecodableUnder(fs, action.from, bad);
    // A move names the same odd name twice: its source is enough.
    const named = pathsOf(action).map((path) => ({ path, problem: pathProblem(path, roots) }));
    const first = named.find((n) => n.problem);
    if (first) bad.push(`${printableName(first.path)}: ${first.problem}`);
  }
  if (bad.length === 0) return;
  const more = bad.length > SHOWN ? `\n  ... and ${fmt(bad.length - SHOWN)} more` : '';
  throw new BadInputError(
    `${fmt(bad.length)} name(s) that Windows cannot have (a backslash, a control character, a ".." component, or bytes that are not UTF-8); refusing before any change:\n${bad
      .slice(0, SHOWN)
      .map((b) => `  ${b}`)
      .join('\n')}${more}`,
    'Nothing was changed. Rename or move these files by hand (Windows did not write them), then run again.',
  );
}
