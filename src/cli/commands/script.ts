import { resolve } from 'node:path';
import { cmdScript } from '../../cmd-script/catroot-repair-cmd.js';
import { BadInputError } from '../../errors.js';
import { errorCode } from '../../platform/fs.js';
import { realFs } from '../../platform/real-fs.js';
import type { CliIo } from '../io.js';
import { envelope, frameOf } from '../json-envelope.js';
import { VERSION, type CliOptions } from '../options.js';

/** Writes catroot-repair.cmd for a server Node cannot run on; an existing file of that name is left alone. */
export async function scriptCommand(options: CliOptions, io: CliIo): Promise<number> {
  const text = cmdScript(VERSION);
  if (options.out === '-') {
    io.stdout.write(text);
    return 0;
  }
  const path = resolve(options.out ?? 'catroot-repair.cmd');
  try {
    await realFs().createFile(path, text);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw new BadInputError(`${path} already exists; it was not overwritten`, 'Give another name with --out, or move that file aside.');
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new BadInputError(`cannot write ${path}: its folder does not exist`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new BadInputError(`cannot write ${path}: the folder is not writable (${code})`);
    if (code === 'ENOSPC') throw new BadInputError(`cannot write ${path}: the disk is full (ENOSPC)`);
    throw error;
  }
  const say = options.json ? io.stderr : io.stdout;
  say.write(`Wrote ${path}\n`);
  say.write('Copy it to the server and run it there from an elevated prompt:\n');
  say.write('  catroot-repair.cmd /dryrun      the plan, file by file; nothing is changed\n');
  say.write('  catroot-repair.cmd              the repair (asks first; /yes for unattended runs)\n');
  say.write('  catroot-repair.cmd /rollback    undo it from its journal\n');
  if (options.json) io.stdout.write(`${JSON.stringify({ ...envelope(0, frameOf(io)), script: path }, null, 2)}\n`);
  return 0;
}
