import { asMark, type SvcpackMark } from '../diagnosis/svcpack-mark.js';
import type { Action } from '../engine/actions/action.js';
import type { Replay } from '../engine/run-state.js';

/**
 * What a repair run records in its begin record (the engine only carries it): where svcpack.log stood before
 * anything ran, so that "since the repair" means the sessions after that place; and whether the run repairs
 * the store, or only retries the service pack after an earlier repair.
 */
export type RunAttachment = {
  svcpack: SvcpackMark;
  repairs: boolean;
};

/** Whether these actions repair the catalog store (move catalogs or set catroot2 aside): what the installer retry follows. */
export function repairsStore(actions: readonly Action[]): boolean {
  return actions.some((a) => a.kind === 'move-file' || a.kind === 'rename-dir');
}

export function attachmentFor(actions: readonly Action[], svcpack: SvcpackMark): RunAttachment {
  return { svcpack, repairs: repairsStore(actions) };
}

/**
 * A run's attachment as recorded. A run made before attachments existed has none: every such run was a
 * repair, and where svcpack.log stood is unknown.
 */
export function attachmentOf(replay: Pick<Replay, 'begin'>): { svcpack?: SvcpackMark; repairs: boolean } {
  const attached = replay.begin.attached;
  const svcpack = asMark(attached?.svcpack);
  return { ...(svcpack ? { svcpack } : {}), repairs: attached?.repairs !== false };
}
