import { describe, expect, it } from 'vitest';
import { counted, fmt } from '../../src/numbers.js';

describe('every count, one way', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [100011, '100,011'],
    [1234567, '1,234,567'],
  ])('%i is shown as %s', (n, shown) => expect(fmt(n)).toBe(shown));

  it.each([
    [1, 'catalog', undefined, '1 catalog'],
    [0, 'catalog', undefined, '0 catalogs'],
    [325000, 'catalog', undefined, '325,000 catalogs'],
    [2, 'copy', 'copies', '2 copies'],
  ])('%i %s -> %s', (n, noun, plural, shown) => expect(counted(n, noun, plural)).toBe(shown));
});
