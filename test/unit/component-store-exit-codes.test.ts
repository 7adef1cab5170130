import { describe, expect, it } from 'vitest';
import { DISM_EXIT_CODES, dismExitCode, sfcExitCode } from '../../src/component-store/index.js';

describe("dism.exe's exit code, signed or unsigned", () => {
  it.each<[number, string, string, boolean, boolean]>([
    // [exit code as a caller has it, shown, name, success, restart required]
    [0, '0', 'ERROR_SUCCESS', true, false],
    [3010, '3010', 'ERROR_SUCCESS_REBOOT_REQUIRED', true, true],
    [87, '87', 'ERROR_INVALID_PARAMETER', false, false],
    [740, '740', 'ERROR_ELEVATION_REQUIRED', false, false],
    [1639, '1639', 'ERROR_INVALID_COMMAND_LINE', false, false],
    [50, '50', 'ERROR_NOT_SUPPORTED', false, false],
    [-2146498529, '0x800F081F', 'CBS_E_SOURCE_MISSING', false, false],
    [2148468767, '0x800F081F', 'CBS_E_SOURCE_MISSING', false, false],
    [-2146498298, '0x800F0906', 'CBS_E_DOWNLOAD_FAILURE', false, false],
    [0x800f0907, '0x800F0907', 'CBS_E_GROUPPOLICY_DISALLOWED', false, false],
    [-2146498283, '0x800F0915', '0x800F0915', false, false],
  ])('%i', (exitCode, shown, name, success, restartRequired) => {
    expect(dismExitCode(exitCode)).toMatchObject({ shown, name, success, restartRequired, known: true });
  });

  it.each<[string, number, Record<string, unknown>]>([
    ['a code not in the table is never a success', 1, { code: 1, shown: '1', success: false, known: false }],
    ['nor is an HRESULT not in the table, shown in hex', -2147024891, { code: 0x80070005, shown: '0x80070005', success: false, known: false }],
    ['a number beyond 32 bits is no exit code', 2 ** 32, { name: 'invalid', success: false, known: false }],
    ['nor is a fraction', 1.5, { name: 'invalid', success: false, known: false }],
  ])('%s', (_name, exitCode, expected) => {
    expect(dismExitCode(exitCode)).toMatchObject(expected);
  });

  it('the table lists each code once, unsigned', () => {
    const codes = DISM_EXIT_CODES.map((row) => row.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => Number.isInteger(code) && code >= 0 && code <= 0xffffffff)).toBe(true);
  });
});

describe("sfc.exe's exit code says only whether it ran to its end", () => {
  it.each<[number, boolean, boolean]>([
    [0, true, true],
    [1, false, false],
    [-1, false, false],
  ])('%i', (exitCode, success, known) => {
    const meaning = sfcExitCode(exitCode);
    expect(meaning).toMatchObject({ success, known });
    if (known) expect(meaning.meaning).toMatch(/CBS\.log/);
  });
});
