import { BadInputError } from '../errors.js';
import { errorCode, type Fs } from '../platform/fs.js';

const WHAT: Record<string, string> = { dir: 'a folder', link: 'a link', other: 'a device or other special file' };

/** Why `path` (absolute) cannot be the installer, or undefined: it is a regular file (a link to one is followed). */
export async function installerProblem(fs: Fs, path: string): Promise<string | undefined> {
  let info;
  try {
    info = await fs.lstat(await fs.realpath(path));
  } catch (error) {
    return `the installer ${path} cannot be reached (${errorCode(error) ?? String(error)})`;
  }
  if (!info) return `the installer ${path} does not exist`;
  if (info.kind !== 'file') return `the installer ${path} is ${WHAT[info.kind] ?? info.kind}, not a regular file`;
  return undefined;
}

/** Refuses an installer that is not there, before anything changes (exit 2). */
export async function assertInstallerFile(fs: Fs, path: string): Promise<void> {
  const problem = await installerProblem(fs, path);
  if (problem)
    throw new BadInputError(
      `${problem}; nothing was changed`,
      'Give the full path of the service pack, e.g. --installer D:\\WindowsServer2003-KB914961-SP2-x86-ENU.exe.',
    );
}
