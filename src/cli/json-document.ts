import { JSON_SCHEMA } from './json-envelope.js';

/**
 * The --json document: one object on stdout, whatever happened. Its top-level fields, each with the commands
 * that set it and what it holds, are described here and nowhere else in the code; docs/json.md shows this
 * table to readers, and a test checks that the two agree. schema/*.schema.json are its JSON Schemas, one per command.
 */
export const JSON_FIELDS = {
  schema: ['every command', `"${JSON_SCHEMA}": the name and major version of the document's JSON Schema (schema/)`],
  ok: ['every command', 'true when exitCode is 0 or 3010'],
  exitCode: ['every command', "the exit code, as in the README's exit table"],
  changed: [
    'every command',
    "true when this invocation applied or undid at least one action (the repair's result.applied, the rollback's undone); false for dry runs, diagnose, verify, status, refusals and a repair already done. A repair or rollback that stops with an error after it began says true: it may have changed the system (status says what it did)",
  ],
  playbook: ['every command', "the id of the playbook the command acted on or chose (the run's, for rollback, verify and status), or null"],
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
  script: ['script', 'the path of the catroot-repair.cmd written'],
  status: ['status', 'the chosen run: its summary, runDir, error, backupConfirmed, planLost, and next: the commands that lead on'],
} as const satisfies Record<string, readonly [string, string]>;

export type JsonField = keyof typeof JSON_FIELDS;

/** The fields a command sets through Output; the envelope (src/cli/json-envelope.ts), error, version and script are printed elsewhere. */
export type JsonBodyField = Exclude<JsonField, 'schema' | 'ok' | 'exitCode' | 'changed' | 'playbook' | 'error' | 'version' | 'script'>;
