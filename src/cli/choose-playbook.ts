import { SignatureNotFoundError, BadInputError } from '../errors.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import { isModernWindows, readEvidence, route, type Evidence, type EvidenceTrace, type Routing } from '../evidence/index.js';
import type { RepairPlaybook } from '../repair/playbook.js';
import type { StoreStatus } from '../repair/store-status.js';
import type { System } from '../repair/system.js';
import type { RepairChoices } from '../repair/context.js';
import type { RunCommand } from '../platform/sc/sc-services.js';

/** Read-only. Online (the real service manager), the event logs are read too. */
async function readAll(system: System, run: RunCommand, wuLogs: readonly string[]): Promise<{ evidence: Evidence[]; trace: EvidenceTrace }> {
  const trace: EvidenceTrace = { read: [], cut: [], problems: [] };
  for (const file of wuLogs) {
    const info = await system.world.fs.lstat(file);
    if (info?.kind !== 'file') throw new BadInputError(`--wu-log ${file}: ${info ? `a ${info.kind}, not a file` : 'no such file'}; nothing was changed`);
  }
  const online = system.world.services.kind === 'sc';
  const evidence = await readEvidence(system.world.fs, system.layout.windir, { online, ...(online ? { run } : {}), windowsUpdateLogCopies: wuLogs, trace });
  return { evidence, trace };
}

/**
 * WindowsUpdate.log's 0x8007f0da, which catalog-overflow's diagnosis reports as part of its own failure
 * (KB822798 lists it beside svcpack.log's 0xfffffbfe): when that signature chooses, it is not another playbook's evidence.
 */
function ownToOverflow(diagnosis: Pick<Diagnosis, 'windowsUpdate'>): (e: Evidence) => boolean {
  const files = new Set(diagnosis.windowsUpdate.map((hit) => hit.file));
  return (e) => files.has(e.file) && e.code === '0x8007F0DA';
}

/** svcpack.log's 0xfffffbfe, or a catalog-overflow run that stands: catalog-overflow, as before. */
const overflowSignature = (store: StoreStatus, standing: string | undefined) =>
  store.kind === 'affected' || store.kind === 'resolved' || standing === 'catalog-overflow';

/** The playbook of the run that stands (finished or unfinished), if one does: its repair is followed up, not another. */
export const standingPlaybook = (store: StoreStatus): string | undefined =>
  store.kind === 'repaired' || store.kind === 'run-unfinished' ? store.playbook : undefined;

/** The playbook to run, and why when the evidence chose it; or a refusal (exit 10) that says what was found. */
export type Choice = { playbook: RepairPlaybook; why?: string } | { refused: SignatureNotFoundError };

export interface ChoiceInput {
  playbooks: readonly RepairPlaybook[];
  forced?: string;
  force: boolean;
  store: StoreStatus;
  standing?: string;
  routing: Routing;
  /** The system writes the modern logs: catalog-overflow (Server 2003's repair) is never its default. */
  modern?: boolean;
}

const OVERFLOW_FIRST = "catalog-overflow comes first: svcpack.log's 0xfffffbfe is its own signature, and its fix renews catroot2 as well";

export function choosePlaybook({ playbooks, forced, force, store, standing, routing, modern = false }: ChoiceInput): Choice {
  const byId = (id: string) => {
    const found = playbooks.find((p) => p.id === id);
    if (found) return found;
    throw new BadInputError(`--playbook ${id}: this version knows ${playbooks.map((p) => p.id).join(', ')}; nothing was changed`);
  };
  const repairs = (id: string | undefined) => id !== undefined && id !== 'catalog-overflow' && playbooks.some((p) => p.id === id);
  const evidenceFor = (id: string) => Boolean((routing.byPlaybook as Record<string, unknown[] | undefined>)[id]?.length) || standing === id;
  // catalog-overflow keeps its own gate (svcpack.log), as before.
  if (repairs(forced) && forced && !evidenceFor(forced) && !force)
    return refuse(`no evidence in the logs for ${forced} (${byId(forced).title}): nothing was changed`, routing, '--force repairs anyway.');
  if (forced) return { playbook: byId(forced) };
  if (overflowSignature(store, standing))
    return { playbook: byId('catalog-overflow'), ...(routing.chosen ? { why: `${OVERFLOW_FIRST}. The logs also say: ${routing.why}` } : {}) };
  if (repairs(routing.chosen)) return { playbook: byId(routing.chosen as string), why: routing.why };
  // The evidence of a finished run may be gone with what it set aside: its own follow-up is a second run that changes nothing.
  if (repairs(standing)) return { playbook: byId(standing as string), why: `${standing} run ${runOf(store)} stands` };
  const anyway = 'To make a repair anyway, name it: --playbook ID --force.';
  if (routing.chosen) return refuse(`the evidence points to ${routing.chosen}, which this version does not repair yet; nothing was changed`, routing, anyway);
  if (routing.noRepair.length) return refuse('the evidence points to no repair this tool makes; nothing was changed', routing, anyway);
  if (modern) return refuse('no evidence in the logs of a problem this tool repairs; nothing was changed', routing, anyway);
  // No modern evidence either: catalog-overflow's own gate says what it always said, and --force runs it, as before.
  // Where the evidence points elsewhere, --force alone does not: catalog-overflow would move KB*.cat for nothing.
  return { playbook: byId('catalog-overflow') };
}

const runOf = (store: StoreStatus) => (store.kind === 'repaired' || store.kind === 'run-unfinished' ? store.runId : '');

function refuse(message: string, routing: Routing, extra?: string): Choice {
  const advice = [...new Set(routing.noRepair.map((n) => n.advice))];
  const hint = [routing.why, ...advice, ...(extra ? [extra] : [])].join(' ');
  return { refused: new SignatureNotFoundError(message, hint) };
}

/**
 * The evidence, the choice, and the system bound to the chosen playbook. `--playbook` names one only among
 * those this version knows; the runs already in the state folder are read with every playbook, as always.
 */
export async function decide(
  system: System,
  store: StoreStatus,
  diagnosis: Pick<Diagnosis, 'windowsUpdate'>,
  options: { playbook?: string; force: boolean; wuLogs?: readonly string[] },
  run: RunCommand,
) {
  const { evidence, trace } = await readAll(system, run, options.wuLogs ?? []);
  const standing = standingPlaybook(store);
  const own = ownToOverflow(diagnosis);
  const bySignature = options.playbook === undefined && overflowSignature(store, standing);
  const routing = route(bySignature ? evidence.filter((e) => !own(e)) : evidence);
  const modern = isModernWindows(trace.files);
  const choice = choosePlaybook({ playbooks: system.playbooks, forced: options.playbook, force: options.force, store, standing, routing, modern });
  const chosen = 'refused' in choice ? system : { ...system, playbook: choice.playbook };
  return { routing, trace, choice, modern, system: chosen };
}

/** Each choice and the option that makes it: a choice the chosen playbook does not take is refused, not ignored. */
const CHOICE_FLAGS: Record<keyof RepairChoices, string> = { holdServices: '--hold-services', dismSource: '--source' };

export function assertChoicesFit(system: Pick<System, 'playbook' | 'choices' | 'world'>): void {
  for (const [choice, flag] of Object.entries(CHOICE_FLAGS) as Array<[keyof RepairChoices, string]>) {
    if (system.choices?.[choice] === undefined) continue;
    if (!system.playbook.takes?.includes(choice))
      throw new BadInputError(
        `${flag} does nothing with ${system.playbook.id}, the repair chosen; nothing was changed`,
        'Leave it out, or name the repair that takes it with --playbook.',
      );
    if (choice === 'holdServices' && system.world.services.kind === 'offline')
      throw new BadInputError(`${flag} needs the running system: offline, no service runs; nothing was changed`);
  }
}
