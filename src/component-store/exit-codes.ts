/** One exit code a program is known to give, and what it means for the run. */
export interface ExitCodeRow {
  /** As an unsigned 32-bit number: 0x800F081F, never -2146498529. */
  code: number;
  name: string;
  meaning: string;
  success?: boolean;
  /** 3010: done, and a restart finishes it. */
  restartRequired?: boolean;
}

/**
 * dism.exe exits with the error it prints (`Error: 87`, `Error: 0x800f081f`): a Win32 code, or an HRESULT
 * that a signed reader sees as a negative number (-2146498529) and an unsigned one as 2148468767.
 * Sources: the Win32 names and texts are winerror.h's; 740's text is DISM's own message (libyal/winevt-kb,
 * MessageFile-dism.exe.md) and exit 740 was captured unelevated (WinMedic fixtures); the CBS_E_* names and
 * texts are the Features on Demand error table (0x800F081F, 0x800F0906, 0x800F0907) and KB947821; 0x800F0915's
 * text was captured from DISM on Windows 11 26100; exit 11 for `Error: 11` likewise. 1639 and 1726 are known
 * from public scripts' handling only: their texts are the Win32 ones, not DISM's.
 */
export const DISM_EXIT_CODES: readonly ExitCodeRow[] = [
  { code: 0, name: 'ERROR_SUCCESS', meaning: 'The operation completed successfully.', success: true },
  { code: 3010, name: 'ERROR_SUCCESS_REBOOT_REQUIRED', meaning: 'Done; restart Windows to finish it.', success: true, restartRequired: true },
  { code: 11, name: 'ERROR_BAD_FORMAT', meaning: 'A file given as an image (/Source:wim:...) is not one.' },
  { code: 50, name: 'ERROR_NOT_SUPPORTED', meaning: 'Not supported here (for example /Online in Windows PE).' },
  { code: 87, name: 'ERROR_INVALID_PARAMETER', meaning: 'The parameter is incorrect: an option this DISM does not know, or a wrong argument.' },
  { code: 740, name: 'ERROR_ELEVATION_REQUIRED', meaning: 'Elevated permissions are required to run DISM.' },
  { code: 1639, name: 'ERROR_INVALID_COMMAND_LINE', meaning: 'Invalid command line argument (a path with spaces not quoted, for one).' },
  { code: 1726, name: 'RPC_S_CALL_FAILED', meaning: 'The remote procedure call failed: the servicing host stopped during the run; run again.' },
  {
    code: 0x800f081f,
    name: 'CBS_E_SOURCE_MISSING',
    meaning: 'The source files could not be found: give /Source:<a matching Windows image> /LimitAccess.',
  },
  { code: 0x800f0906, name: 'CBS_E_DOWNLOAD_FAILURE', meaning: 'The source files could not be downloaded (Windows Update or WSUS unreachable): give /Source.' },
  {
    code: 0x800f0907,
    name: 'CBS_E_GROUPPOLICY_DISALLOWED',
    meaning: 'A policy forbids downloading the repair files ("Specify settings for optional component installation and component repair"): give /Source.',
  },
  { code: 0x800f0915, name: '0x800F0915', meaning: 'The repair content could not be found anywhere: give /Source with the same build.' },
];

/**
 * sfc.exe's exit codes are not documented by Microsoft. Observed (WinMedic's captures, Windows 11 26200):
 * exit 0 after repairing files, and exit 0 after /verifyonly reported integrity violations. So 0 only says
 * sfc ran to its end; what it found and repaired is read from CBS.log ([SR] lines), never from the code.
 */
export const SFC_EXIT_CODES: readonly ExitCodeRow[] = [
  { code: 0, name: 'ERROR_SUCCESS', meaning: 'sfc ran to its end; whether it found or repaired anything is in CBS.log, not in this code.', success: true },
];
