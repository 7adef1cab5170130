import { join } from 'node:path';
import type { Action } from '../../src/engine/actions/action.js';

/** DISM /RestoreHealth can take an hour on a slow disk, sfc as long: generous, and still bounded. */
export const PROGRAM_TIMEOUT_MS = 3 * 60 * 60 * 1000;

/** `source`: a matching image or WinSxS folder; with it, Windows Update is not asked for payloads. */
export function restoreHealthArgs(target: string[], source: string | undefined): string[] {
  return [...target, '/Cleanup-Image', '/RestoreHealth', ...(source ? [`/Source:${source}`, '/LimitAccess'] : [])];
}

/** The two programs, online: DISM first (sfc repairs files from the store DISM repairs), then sfc. */
export function onlinePrograms(system32: string, source: string | undefined): Action[] {
  return [
    { kind: 'run-program', file: join(system32, 'Dism.exe'), args: restoreHealthArgs(['/Online'], source), timeoutMs: PROGRAM_TIMEOUT_MS },
    { kind: 'run-program', file: join(system32, 'sfc.exe'), args: ['/scannow'], timeoutMs: PROGRAM_TIMEOUT_MS },
  ];
}

/**
 * What to run from WinPE or another Windows for an offline image: nothing runs here. The volume's letter
 * there is not known here, so the commands name it `<volume>:` and say where it is mounted now.
 */
export function offlineCommands(volume: string, windirName: string, source: string | undefined): string[] {
  return [
    ['DISM', ...restoreHealthArgs(['/Image:<volume>:\\'], source ?? '<a matching install.wim, e.g. wim:D:\\sources\\install.wim:1>')].join(' '),
    `sfc /scannow /offbootdir=<volume>:\\ /offwindir=<volume>:\\${windirName}`,
    `(<volume>: is the letter of the volume mounted here at "${volume}")`,
  ];
}
