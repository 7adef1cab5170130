/** The component-store playbook's reading: where CBS.log stands, what DISM and SFC appended, their exit codes. */
export { asCbsMark, markCbsLog, NO_LOG, type CbsMark } from './cbs-mark.js';
export { readCbsSince } from './read-cbs-since.js';
export { SOURCE_MISSING_CODES } from './judge.js';
export type { CbsReading, CitedLine, ComponentStoreVerdict, VerdictKind } from './verdict.js';
export { DISM_EXIT_CODES, SFC_EXIT_CODES, type ExitCodeRow } from './exit-codes.js';
export { dismExitCode, exitCodeMeaning, sfcExitCode, unsignedExitCode, type ExitCodeMeaning } from './exit-code-meaning.js';
