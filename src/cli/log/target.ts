import { join, resolve } from 'node:path';
import { rotatingLog } from '../../platform/log-file.js';
import type { System } from '../../repair/system.js';
import type { CliIo } from '../io.js';
import { VERSION, type CliOptions } from '../options.js';
import { COMPONENT, type StoryTarget } from './story.js';

/** Online, without --log: where ConfigMgr and Intune admins look for a tool's log. */
export function defaultLogPath(windir: string): string {
  return join(windir, 'Logs', 'catroot-repair', 'catroot-repair.log');
}

/**
 * --log always; online (the real service manager) a run that changes something also writes the default log
 * and one Application log event. Offline, in tests and in demos nothing is written without --log.
 */
export function storyTargetOf(options: Pick<CliOptions, 'log' | 'dryRun'>, system: Pick<System, 'world' | 'layout'>): StoryTarget {
  const online = system.world.services.kind === 'sc' && !options.dryRun;
  const path = options.log !== undefined ? resolve(options.log) : online ? defaultLogPath(system.layout.windir) : undefined;
  return {
    ...(path === undefined ? {} : { file: { path, log: rotatingLog(path) } }),
    ...(online ? { eventLog: { processes: system.world.processes, windir: system.layout.windir } } : {}),
  };
}

/** Opens the story of a repair or rollback and writes its first line. */
export function startStory(io: Pick<CliIo, 'story'>, options: CliOptions, system: Pick<System, 'world' | 'layout'>, what: string): void {
  io.story?.open(storyTargetOf(options, system));
  if (options.dryRun) io.story?.ended('dry-run');
  io.story?.event('info', COMPONENT, `catroot-repair ${VERSION}: ${what} of ${system.layout.windir}${options.dryRun ? ' (dry run: nothing is changed)' : ''}`);
}
