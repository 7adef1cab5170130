import type { Action } from '../../src/engine/actions/action.js';
import type { Judgement } from '../../src/engine/playbook.js';
import type { PlaybookWhere } from '../../src/repair/playbook.js';

/**
 * After the run, online: every service it started again is running, and catroot2 is there for Cryptographic
 * Services to rebuild (it fills as signatures are checked, so an empty one right after the run is normal).
 */
export async function judgeWuReset(where: PlaybookWhere, actions: readonly Action[]): Promise<Judgement> {
  const { services, fs } = where.world;
  if (services.kind === 'offline') return { lines: [], ends: 'ok', details: { services: [] } };
  const started = actions.flatMap((a) => (a.kind === 'start-service' ? [a.name] : []));
  const states = await Promise.all(started.map(async (name) => ({ name, state: await services.query(name).catch((e: Error) => `unknown (${e.message})`) })));
  const down = states.filter((s) => s.state !== 'running');
  const entries = (await fs.lstat(where.layout.catroot2))?.kind === 'dir' ? (await fs.readdir(where.layout.catroot2)).length : undefined;
  const lines = [
    states.length ? `Services: ${states.map((s) => `${s.name} ${s.state}`).join(', ')}` : 'Services: none was stopped, none started',
    entries === undefined
      ? 'catroot2: missing after the run'
      : `catroot2: ${entries} entries so far (Cryptographic Services rebuilds it as signatures are checked)`,
  ];
  return { lines, ends: down.length || entries === undefined ? 'failed' : 'ok', details: { services: states, catroot2Entries: entries ?? null } };
}
