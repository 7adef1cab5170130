import { describe, expect, it } from 'vitest';
import { nameProblem, pathProblem } from '../../src/engine/paths-guard.js';

const W = '/mnt/sbs/WINDOWS';
const roots = [W, '/state'];

describe('pathProblem: the one check at plan time and at read-back', () => {
  it.each([
    [`${W}/system32/CatRoot/KB1.cat`, undefined],
    [`${W}/system32/CatRoot/..KB1.cat`, undefined],
    [`${W}/system32/CatRoot/KB 1 é 日本 \ufffd.cat`, undefined],
    ['/state/runs/1/x', undefined],
    [`${W}/system32/CatRoot/KB\\..\\..\\x.cat`, 'outside /mnt/sbs/WINDOWS and /state'],
    [`${W}/system32/CatRoot/KB\\x.cat`, 'a backslash in a name'],
    [`${W}/system32/CatRoot/KB\u0007.cat`, 'a control character in a name'],
    [`${W}/system32/CatRoot/KB\n.cat`, 'a control character in a name'],
    [`${W}/system32/./KB1.cat`, 'outside /mnt/sbs/WINDOWS and /state'],
    [`${W}/../etc/passwd`, 'outside /mnt/sbs/WINDOWS and /state'],
    ['/etc/passwd', 'outside /mnt/sbs/WINDOWS and /state'],
    ['relative/KB1.cat', 'outside /mnt/sbs/WINDOWS and /state'],
    [W, 'outside /mnt/sbs/WINDOWS and /state'],
    [`${W}/`, 'outside /mnt/sbs/WINDOWS and /state'],
  ])('%j -> %s', (path, problem) => {
    expect(pathProblem(path, roots)).toBe(problem);
    // The same answer without the fast path (a root given with a trailing separator never takes it).
    expect(pathProblem(path, roots.map((r) => `${r}/`.replace(/\/+$/, '/')))).toBe(problem?.replace(/WINDOWS and \/state/, 'WINDOWS/ and /state/'));
  });

  it.each([['KB1.cat', undefined], ['', 'a "" component'], ['.', 'a "." component'], ['..', 'a ".." component'], ['a\\b', 'a backslash in a name'], ['a\tb', 'a control character in a name']])('name %j -> %s', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });
});
