import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../../src/errors.js';
import { parseDependencies, parseFailure, parseStatuses } from '../../src/platform/sc/parse.js';
import { assertElevated, scServices, type CommandResult } from '../../src/platform/sc/sc-services.js';
import { parseStartType } from '../../src/platform/sc/start-type.js';
import { ServiceError } from '../../src/platform/services.js';
import { fakeClock } from '../helpers/memory-world.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sc', name), 'utf8');

describe('sc.exe output', () => {
  it.each([
    ['query-running.txt', { name: 'CryptSvc', state: 'running', checkpoint: 0, waitHintMs: 0 }],
    ['query-stopped.txt', { name: 'CryptSvc', state: 'stopped', checkpoint: 0, waitHintMs: 0 }],
    ['stop-pending.txt', { name: 'CryptSvc', state: 'stop-pending', checkpoint: 1, waitHintMs: 30000 }],
    ['start-pending.txt', { name: 'CryptSvc', state: 'start-pending', checkpoint: 0, waitHintMs: 2000, pid: 10476 }],
  ])('%s', (file, expected) => {
    expect(parseStatuses(fixture(file))).toEqual([expected]);
  });

  it('lists every service of sc enumdepend', () => {
    expect(parseStatuses(fixture('enumdepend.txt')).map((s) => [s.name, s.state])).toEqual([
      ['AppIDSvc', 'running'],
      ['applockerfltr', 'stopped'],
    ]);
  });

  it('reads the dependencies of sc qc, groups included', () => {
    expect(parseDependencies(fixture('qc.txt'))).toEqual(['RpcSs', '+NetworkProvider']);
  });

  it.each([
    ['[SC] OpenService FAILED 5:\r\n\r\nAccess is denied.\r\n', { call: 'OpenService', code: 5 }],
    [
      '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n',
      { call: 'EnumQueryServicesStatus:OpenService', code: 1060 },
    ],
    ['[SC] ControlService FEHLER 1062:\r\n\r\nDer Dienst wurde nicht gestartet.\r\n', { call: 'ControlService', code: 1062 }],
    ['[SC] StartService FALHA 1056:\n', { call: 'StartService', code: 1056 }],
    ['[SC] StartService 失败 1058:\n', { call: 'StartService', code: 1058 }],
    [fixture('query-running.txt'), undefined],
  ])('failure line %#', (text, expected) => {
    expect(parseFailure(text)).toEqual(expected);
  });
});

/**
 * The start type line as sc qc prints it. qc-delayed.txt reproduces a published capture of `sc.exe qc UsoSvc`
 * on Windows 10 (redstackio/redstack-vault, codes/code-ef1be4a3.md: `START_TYPE         : 2   AUTO_START  (DELAYED)`);
 * qc-disabled.txt and qc-demand-2003.txt are written in the same layout (Server 2003 and XP say
 * `[SC] GetServiceConfig SUCCESS`), not captured. The values are sc config's: learn.microsoft.com sc-config.
 */
describe('sc qc start types', () => {
  it.each([
    ['qc.txt', 'auto'],
    ['qc-delayed.txt', 'delayed-auto'],
    ['qc-disabled.txt', 'disabled'],
    ['qc-demand-2003.txt', 'demand'],
  ] as const)('%s', (file, expected) => {
    expect(parseStartType(fixture(file))).toBe(expected);
  });

  it.each([
    ['        START_TYPE         : 0   BOOT_START\r\n', 'boot'],
    ['        START_TYPE         : 1   SYSTEM_START\n', 'system'],
    ['\tSTART_TYPE         : 2   AUTO_START  \n', 'auto'],
    ['        TIPO_AVVIO                : 2   AUTO_START  (DELAYED)\n', 'delayed-auto'],
    ['        START_TYPE         : 3   AUTO_START\n', undefined],
    ['        START_TYPE         : 4   DISABLED  (DELAYED)\n', undefined],
    ['        START_TYPE         : 2   AUTO_START  (TRIGGER)\n', undefined],
    ['        ERROR_CONTROL      : 1   NORMAL\n', undefined],
    [fixture('query-running.txt'), undefined],
    ['', undefined],
  ] as const)('line %#', (text, expected) => {
    expect(parseStartType(text)).toBe(expected);
  });
});

/** A scripted sc.exe: each call answers with the next output for its verb. */
function fakeSc(script: Record<string, Array<Partial<CommandResult>>>) {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[]): Promise<CommandResult> => {
    calls.push(`${file} ${args.join(' ')}`);
    const next = script[args[0] as string]?.shift() ?? {};
    return { exitCode: next.exitCode ?? 0, stdout: next.stdout ?? '' };
  };
  return { calls, services: scServices({ systemRoot: 'C:\\WINDOWS', run, clock: fakeClock(), timeoutMs: 30_000 }) };
}

describe('service control through sc.exe', () => {
  it('calls sc.exe by absolute path and waits through STOP_PENDING', async () => {
    const { calls, services } = fakeSc({
      stop: [{ stdout: fixture('stop-pending.txt') }],
      query: [{ stdout: fixture('stop-pending.txt') }, { stdout: fixture('query-stopped.txt') }],
    });
    await services.stop('CryptSvc');
    expect(calls).toEqual([
      'C:\\WINDOWS\\System32\\sc.exe stop CryptSvc',
      'C:\\WINDOWS\\System32\\sc.exe query CryptSvc',
      'C:\\WINDOWS\\System32\\sc.exe query CryptSvc',
    ]);
  });

  it.each([
    ['stop', 1062, undefined],
    ['start', 1056, undefined],
    ['stop', 5, /access is denied/],
    ['stop', 1051, /running dependents/],
    ['start', 1058, /disabled .*sc config CryptSvc start= auto/],
    ['stop', 1060, /does not exist/],
  ] as const)('%s answered by error %i', async (verb, code, message) => {
    const { services } = fakeSc({ [verb]: [{ exitCode: code, stdout: `[SC] ControlService FAILED ${code}:\r\n\r\nText.\r\n` }] });
    const result = services[verb]('CryptSvc');
    if (message) await expect(result).rejects.toThrow(message);
    else await expect(result).resolves.toBeUndefined();
  });

  it('gives up on a service that will not stop, saying nothing was moved', async () => {
    const { services } = fakeSc({
      stop: [{ stdout: fixture('stop-pending.txt') }],
      query: Array.from({ length: 100 }, () => ({ stdout: fixture('stop-pending.txt') })),
    });
    await expect(services.stop('CryptSvc')).rejects.toThrow(/did not stop within 30 s .*nothing has been moved/);
  });

  it('lists running dependents from sc enumdepend', async () => {
    const { services } = fakeSc({ enumdepend: [{ stdout: fixture('enumdepend.txt') }] });
    expect(await services.runningDependents('CryptSvc')).toEqual(['AppIDSvc']);
  });

  it('refuses to run without elevation (net session fails)', async () => {
    await expect(assertElevated('C:\\WINDOWS', async () => ({ exitCode: 2, stdout: 'System error 5 has occurred.' }))).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    await expect(assertElevated('C:\\WINDOWS', async (file) => ({ exitCode: file.endsWith('fltmc.exe') ? 0 : 2, stdout: '' }))).resolves.toBeUndefined();
    await expect(assertElevated('C:\\WINDOWS', async () => ({ exitCode: 0, stdout: '' }))).resolves.toBeUndefined();
  });
});

describe('start types through sc.exe', () => {
  it.each([
    ['delayed-auto', 'C:\\WINDOWS\\System32\\sc.exe config wuauserv start= delayed-auto'],
    ['disabled', 'C:\\WINDOWS\\System32\\sc.exe config wuauserv start= disabled'],
  ] as const)('sets %s with start= and the value as two arguments', async (type, call) => {
    const { calls, services } = fakeSc({ config: [{ stdout: '[SC] ChangeServiceConfig SUCCESS\r\n' }] });
    await services.setStartType('wuauserv', type);
    expect(calls).toEqual([call]);
  });

  it('reads the start type with sc qc', async () => {
    const { calls, services } = fakeSc({ qc: [{ stdout: fixture('qc-delayed.txt') }] });
    expect(await services.startType('UsoSvc')).toBe('delayed-auto');
    expect(calls).toEqual(['C:\\WINDOWS\\System32\\sc.exe qc UsoSvc']);
  });

  it.each([
    ['qc', 5, AccessDeniedError, /sc qc wuauserv: access is denied \(5\)/],
    ['config', 5, AccessDeniedError, /sc config wuauserv start= disabled: access is denied \(5\)/],
    ['qc', 1060, ServiceError, /service wuauserv does not exist \(1060\)/],
    ['config', 1060, ServiceError, /service wuauserv does not exist \(1060\)/],
    ['qc', 1072, ServiceError, /sc qc wuauserv failed \(1072\)/],
    ['config', 1072, ServiceError, /sc config wuauserv start= disabled failed \(1072\)/],
  ] as const)('sc %s answered by error %i', async (verb, code, type, message) => {
    const { services } = fakeSc({ [verb]: [{ exitCode: code, stdout: `[SC] OpenService FAILED ${code}:\r\n\r\nText.\r\n` }] });
    const result = verb === 'qc' ? services.startType('wuauserv') : services.setStartType('wuauserv', 'disabled');
    await expect(result).rejects.toBeInstanceOf(type);
    await expect(result).rejects.toThrow(message);
  });

  it('refuses a qc answer without a start type it can read, rather than guess', async () => {
    const { services } = fakeSc({ qc: [{ stdout: fixture('query-running.txt') }] });
    await expect(services.startType('wuauserv')).rejects.toThrow(/sc qc wuauserv failed: no start type in/);
  });
});
