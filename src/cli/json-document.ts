/**
 * The --json document: one object on stdout, whatever happened. Its top-level fields, each with the commands
 * that set it and what it holds, are described here and nowhere else in the code; docs/json.md shows this
 * table to readers, and a test checks that the two agree. (The fleet issue turns it into a versioned schema.)
 */
export const JSON_FIELDS = {
  ok: ['every command', 'true when exitCode is 0 or 3010'],
  exitCode: ['every command', "the exit code, as in the README's exit table"],
  error: [
    'any command that fails or refuses',
    "{ type, message, hint? }: type is the error's name (UsageError, BadInputError, CancelledError, JournalError, ...)",
  ],
  version: ['--version', 'the version string'],
  diagnosis: [
    'repair, diagnose',
    'the logs read: verdict, latestSession, svcpack/setupapi/windowsUpdate hits (file, line, text, session), logsRead, cutLines?, catalogs {kb, q, tmp, total}, catroot2Exists',
  ],
  store: [
    'repair, diagnose',
    'the store as the runs and logs tell it: kind (affected, resolved, not-affected, run-unfinished, repaired), runId, sequence, and for repaired what the service pack did since',
  ],
  evidence: [
    'repair, diagnose (on a modern Windows, when the logs hold evidence or cannot all be read, or with --playbook)',
    '{ routing: { chosen?, byPlaybook: { id: [evidence] }, noRepair: [{ evidence, advice }], unknown, why }, chosen: the playbook run, or null, unread?: [what could not be read, and why] }; each evidence: source, file, line?, time?, code?, name?, text',
  ],
  plan: ['repair (also --dry-run, --plan)', 'the plan: format, fingerprint, windir, stateDir, steps [{ id, title, summary, actions }]'],
  resume: ['repair --dry-run on an unfinished run', '{ runId, actions, done, remaining }'],
  savedPlan: ['--dry-run --save-plan, --plan', '{ file, savedAt?, afterRun? }'],
  result: ['repair', "{ kind: 'repaired', runId, runDir, resumed, applied, skipped, summary: sentences } or { kind: 'already-done' }"],
  verify: [
    'repair, verify',
    '{ runId?, files, listed?, problems: [text], notes? } (`listed`: of `files`, those proved by listing, size and modification time; absent when none)',
  ],
  installer: ['repair with --installer', "the installer's result (exitCode, notStarted?, signal?) and verdict { kind, message }"],
  judgement: [
    'repair with component-store (online) or wu-reset',
    "the playbook's verdict on what its run did. component-store: { verdict: { kind (healthy, repaired, source-missing, not-repaired, unknown, not-run), cited }, newLines, firstLine, notes, programs: [exit codes] }; wu-reset: { services: [{ name, state }], catroot2Entries }",
  ],
  rollback: [
    'rollback',
    '{ runId, undone, notes, earlierNotes, conflicts, summary: sentences, restored?: { files, problems } } (`restored`: after a complete rollback, each recorded file checked at its place before the run)',
  ],
  runs: ['status', 'every run, newest first: [{ runId, sequence, previous, state, actions, started, undone }]'],
  status: ['status', 'the chosen run: its summary, runDir, error, backupConfirmed, planLost, and next: the commands that lead on'],
} as const satisfies Record<string, readonly [string, string]>;

export type JsonField = keyof typeof JSON_FIELDS;

/** The fields a command sets; ok, exitCode and error are the document's frame. */
export type JsonBodyField = Exclude<JsonField, 'ok' | 'exitCode' | 'error' | 'version'>;
