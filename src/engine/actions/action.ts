import type { StartType } from '../../platform/services.js';

/** The closed set of primitive actions a plan is made of. Plain data: JSON in, JSON out. */
export type Action =
  | { kind: 'write-manifest' }
  | { kind: 'move-file'; from: string; to: string }
  /**
   * `holders`: services that may hold the folder open; a rename that finds it in use stops them again before each retry.
   * `proof: 'listing'`: write-manifest records each file inside by its size and modification time, never
   * hashing it (a folder of gigabytes); absent, by size and sha256. Both absent in every plan made before them.
   */
  | { kind: 'rename-dir'; from: string; to: string; holders?: string[]; proof?: 'listing' }
  | { kind: 'make-dir'; path: string }
  | { kind: 'copy-file'; from: string; to: string }
  | { kind: 'stop-service'; name: string }
  | { kind: 'start-service'; name: string }
  | { kind: 'set-start-type'; name: string; from: StartType; to: StartType }
  | { kind: 'run-program'; file: string; args: string[]; timeoutMs: number };

export type ActionKind = Action['kind'];

/** The run an action belongs to, as the handlers see it. */
export interface RunContext {
  runDir: string;
  /** The Windows folder: manifest paths are relative to it. */
  base: string;
  actions: readonly Action[];
}

/** What the world says about an action: done, not done, or neither (something else is in the way). */
export type ActionStatus = 'applied' | 'pending' | { conflict: string };

/** Who brought an action about: this very call (with what it produced), an earlier run, or neither (something is in the way). */
export type Outcome = { by: 'now'; result?: Record<string, unknown> } | { by: 'earlier' } | { conflict: string };

/** Every path an action would touch, for the "inside the allowed roots" check. */
export function pathsOf(action: Action): string[] {
  switch (action.kind) {
    case 'move-file':
    case 'rename-dir':
    case 'copy-file':
      return [action.from, action.to];
    case 'make-dir':
      return [action.path];
    case 'write-manifest':
    case 'stop-service':
    case 'start-service':
    case 'set-start-type':
    case 'run-program':
      return [];
  }
}

export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'write-manifest':
      return 'record size and sha256 of the files in renamed folders (manifest.jsonl); moved files are recorded per group, just before they move (manifest.d/)';
    case 'move-file':
      return `move ${action.from} -> ${action.to}`;
    case 'rename-dir':
      return `rename folder ${action.from} -> ${action.to}${action.proof === 'listing' ? ' (its files recorded by size and modification time, not hashed)' : ''}${action.holders?.length ? ` (while in use: stop ${action.holders.join(', ')} again and retry)` : ''}`;
    case 'make-dir':
      return `create empty folder ${action.path}`;
    case 'copy-file':
      return `copy ${action.from} -> ${action.to}`;
    case 'stop-service':
      return `stop service ${action.name}`;
    case 'start-service':
      return `start service ${action.name}`;
    case 'set-start-type':
      return `set start type of ${action.name}: ${action.from} -> ${action.to}`;
    case 'run-program':
      return `run ${[action.file, ...action.args].join(' ')} (cannot be undone)`;
  }
}
