/**
 * Every count the admin reads, written one way: 100,000 with commas. Not toLocaleString, whose first call
 * loads ICU data (about 30 ms) and whose separator follows the server's locale.
 */
export const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "1 catalog", "325 catalogs": a count with its noun; `plural` for nouns that do not just take an s. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${fmt(n)} ${n === 1 ? noun : plural}`;
}
