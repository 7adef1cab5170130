import { describe, expect, it } from 'vitest';
import { verifyManifest } from '../../src/engine/manifest.js';
import { JournalError } from '../../src/errors.js';
import { MapFs } from '../helpers/map-fs.js';

const SHA = 'ab'.repeat(32);
const PLACED = '"path":"system32/catroot2/a","places":["system32/catroot2.old/a"],"size":1';

describe('a manifest line that is not an entry is refused as damaged (exit 12), never taken for a proof', () => {
  it.each([
    ['manifest.jsonl', `{${PLACED}}`, /manifest\.jsonl line 1 is damaged \(neither a sha256 nor a modification time\)/],
    ['manifest.jsonl', `{${PLACED},"sha256":"${SHA}","mtimeMs":5}`, /line 1 is damaged \(both a sha256 and a modification time\)/],
    ['manifest.jsonl', `{${PLACED},"sha256":"xyz"}`, /line 1 is damaged \(a malformed sha256\)/],
    ['manifest.jsonl', `{${PLACED},"mtimeMs":1.5}`, /line 1 is damaged \(a malformed modification time\)/],
    ['manifest.jsonl', `{${PLACED},"mtimeMs":"5"}`, /line 1 is damaged \(a malformed modification time\)/],
    ['manifest.jsonl', `{"path":"a","places":["b"],"mtimeMs":5}`, /line 1 is damaged \(no size\)/],
    ['manifest.jsonl', `{"path":"a","size":1,"mtimeMs":5}`, /line 1 is damaged \(no path or places\)/],
    ['manifest.jsonl', `{${PLACED},"sha2`, /line 1 is damaged \(not a JSON object\)/],
    ['manifest.jsonl', `{${PLACED},"mtimeMs":5}\n{${PLACED.replaceAll('/a"', '/b"')}}`, /manifest\.jsonl line 2 is damaged \(neither/],
    ['manifest.d/000000003.jsonl', `{${PLACED}}`, /manifest\.d\/000000003\.jsonl line 1 is damaged \(neither/],
  ])('%s: %s', async (file, text, message) => {
    const fs = MapFs.fromFiles('/run', { [file]: `${text}\n` });
    const verify = verifyManifest(fs, '/run', '/w');
    await expect(verify).rejects.toThrow(message);
    await expect(verify).rejects.toBeInstanceOf(JournalError);
  });

  it.each([
    ['a sha256 entry', `{${PLACED},"sha256":"${SHA}"}`, 'missing: system32/catroot2.old/a (was system32/catroot2/a)'],
    ['a listing entry', `{${PLACED},"mtimeMs":-5}`, 'missing: system32/catroot2.old/a (was system32/catroot2/a)'],
  ])('%s is read and checked', async (_name, text, problem) => {
    const fs = MapFs.fromFiles('/run', { 'manifest.jsonl': `${text}\n` });
    expect(await verifyManifest(fs, '/run', '/w')).toMatchObject({ files: 1, problems: [problem] });
  });
});
