import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLogPath, storyTargetOf } from '../../src/cli/log/target.js';
import type { System } from '../../src/repair/system.js';

const windir = 'C:\\Windows';
const systemOf = (kind: string) => ({ world: { services: { kind }, processes: {} }, layout: { windir } }) as unknown as System;

describe('where a run tells its story', () => {
  it.each([
    { case: 'online: the default log and the Event Log', kind: 'sc', log: undefined, dryRun: false, file: defaultLogPath(windir), event: true },
    { case: 'online with --log: that file instead', kind: 'sc', log: 'my.log', dryRun: false, file: resolve('my.log'), event: true },
    { case: 'online dry run: nothing', kind: 'sc', log: undefined, dryRun: true, file: undefined, event: false },
    { case: 'online dry run with --log: only the file', kind: 'sc', log: 'my.log', dryRun: true, file: resolve('my.log'), event: false },
    { case: 'offline: nothing', kind: 'offline', log: undefined, dryRun: false, file: undefined, event: false },
    { case: 'offline with --log: only the file', kind: 'offline', log: 'my.log', dryRun: false, file: resolve('my.log'), event: false },
    { case: 'simulated services (demo, tests): nothing', kind: 'simulated', log: undefined, dryRun: false, file: undefined, event: false },
  ])('$case', ({ kind, log, dryRun, file, event }) => {
    const target = storyTargetOf({ log, dryRun }, systemOf(kind));
    expect(target.file?.path).toBe(file);
    expect(target.eventLog !== undefined).toBe(event);
  });
});
