import { tuneHeap } from '../../platform/heap.js';
import { assertInstallComplete } from '../install-check.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';

/** One handler per command; each returns its exit code. */
export async function runCommand(options: CliOptions, io: CliIo): Promise<number> {
  // Here, not at start-up: --help and --version need neither node:v8 nor the flag.
  tuneHeap();
  assertInstallComplete();
  switch (options.command) {
    case 'repair':
      if (options.plan !== undefined) return (await import('./apply-plan.js')).applyPlanCommand(options, io);
      return (await import('./repair.js')).repairCommand(options, io);
    case 'rollback':
      return (await import('./rollback.js')).rollbackCommand(options, io);
    case 'diagnose':
    case 'verify':
    case 'status':
      return (await import('./inspect.js')).inspectCommand(options, io);
    case 'detect':
      return (await import('./detect.js')).detectCommand(options, io);
    case 'demo':
      return (await import('./demo.js')).demoCommand(options, io);
    case 'script':
      return (await import('./script.js')).scriptCommand(options, io);
  }
}
