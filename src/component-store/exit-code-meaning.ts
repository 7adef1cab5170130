import { DISM_EXIT_CODES, SFC_EXIT_CODES, type ExitCodeRow } from './exit-codes.js';

/** A process exit code as a table reads it. */
export interface ExitCodeMeaning {
  /** Unsigned 32-bit, whichever form it came in; the number given when it is no 32-bit code at all. */
  code: number;
  /** `0x800F081F` for codes with the high bit set, decimal below. */
  shown: string;
  name: string;
  meaning: string;
  success: boolean;
  restartRequired: boolean;
  /** Whether the table lists it: a code it does not list is never a success. */
  known: boolean;
}

/**
 * Windows exit codes are 32-bit: PowerShell's $LASTEXITCODE gives 0x800F081F as -2146498529, other readers
 * as 2148468767. Both are the same code; anything outside the 32-bit range is none.
 */
export function unsignedExitCode(exitCode: number): number | undefined {
  return Number.isInteger(exitCode) && exitCode >= -0x80000000 && exitCode <= 0xffffffff ? exitCode >>> 0 : undefined;
}

export function exitCodeMeaning(table: readonly ExitCodeRow[], exitCode: number): ExitCodeMeaning {
  const code = unsignedExitCode(exitCode);
  if (code === undefined) {
    return {
      code: exitCode,
      shown: String(exitCode),
      name: 'invalid',
      meaning: 'not a 32-bit process exit code',
      success: false,
      restartRequired: false,
      known: false,
    };
  }
  const shown = code >= 0x80000000 ? `0x${code.toString(16).toUpperCase()}` : String(code);
  const row = table.find((r) => r.code === code);
  if (!row) return { code, shown, name: shown, meaning: 'not in the table: read the log', success: false, restartRequired: false, known: false };
  return { code, shown, name: row.name, meaning: row.meaning, success: row.success ?? false, restartRequired: row.restartRequired ?? false, known: true };
}

/** dism.exe's exit code: see DISM_EXIT_CODES. */
export const dismExitCode = (exitCode: number): ExitCodeMeaning => exitCodeMeaning(DISM_EXIT_CODES, exitCode);

/** sfc.exe's exit code: 0 only says it ran to its end (SFC_EXIT_CODES); the verdict is CBS.log's. */
export const sfcExitCode = (exitCode: number): ExitCodeMeaning => exitCodeMeaning(SFC_EXIT_CODES, exitCode);
