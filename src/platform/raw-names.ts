import type { Entry, EntryKind } from './fs.js';

/** The bytes of a name, valid UTF-8 shown as text and each other byte as \xNN. */
export function showBytes(raw: Buffer): string {
  let out = '';
  for (let i = 0; i < raw.length;) {
    const lead = raw[i] as number;
    const size = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    const piece = raw.subarray(i, i + size);
    const text = piece.toString('utf8');
    if (size && piece.length === size && Buffer.from(text, 'utf8').equals(piece)) {
      out += text;
      i += size;
    } else {
      out += `\\x${lead.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/**
 * An entry from a name read as bytes. A name that is not valid UTF-8 decodes lossily (each bad byte to
 * U+FFFD), so two such names can become one string: it is marked, for the plan to refuse.
 */
export function entryOf(raw: Buffer | string, kind: EntryKind): Entry {
  if (typeof raw === 'string') return { name: raw, kind };
  const name = raw.toString('utf8');
  // U+FFFD is rare in a valid name: only then are the bytes compared.
  if (!name.includes('\ufffd') || Buffer.from(name, 'utf8').equals(raw)) return { name, kind };
  return { name, kind, undecodable: showBytes(raw) };
}
