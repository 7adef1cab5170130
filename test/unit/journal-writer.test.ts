import { describe, expect, it } from 'vitest';
import { markFailed } from '../../src/engine/apply.js';
import { decodeJournal } from '../../src/engine/journal/codec.js';
import { JournalWriter } from '../../src/engine/journal/writer.js';
import type { World } from '../../src/engine/world.js';
import type { AppendLog, Fs } from '../../src/platform/fs.js';
import { fakeClock } from '../helpers/memory-world.js';

type Failure = 'cut in half' | 'all but the line end' | 'fsync fails';

/**
 * A journal file on a disk that fails once, during the third record (an intent): its append writes part
 * of the record and throws, or its fsync throws and the kernel drops what was not yet durable (as Linux
 * does: a later fsync then succeeds and proves nothing). After that the disk works again.
 */
function failingOnce(failure: Failure) {
  let durable = '';
  let pending = '';
  let appends = 0;
  let failed = false;
  const syncsAfterFailure: string[] = [];
  const log: AppendLog = {
    append: async (text) => {
      if (++appends === 3 && failure !== 'fsync fails') {
        failed = true;
        pending += failure === 'cut in half' ? text.slice(0, text.length >> 1) : text.slice(0, -1);
        throw Object.assign(new Error('ENOSPC: no space left on the disk'), { code: 'ENOSPC' });
      }
      pending += text;
    },
    sync: async () => {
      if (failed) syncsAfterFailure.push(pending);
      if (appends === 3 && failure === 'fsync fails' && !failed) {
        failed = true;
        pending = '';
        throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      }
      durable += pending;
      pending = '';
    },
    close: async () => {},
  };
  const fs = { lstat: async () => undefined, openAppend: async () => log } as unknown as Fs;
  return { fs, onDisk: () => durable + pending, afterReboot: () => durable, syncsAfterFailure };
}

describe('the journal writer after a failed write or fsync', () => {
  it.each<Failure>(['cut in half', 'all but the line end', 'fsync fails'])(
    '%s: nothing more is appended or synced, and the journal reads back to its last good record',
    async (failure) => {
      const disk = failingOnce(failure);
      const journal = await JournalWriter.open(disk.fs, 'journal.jsonl', 0);
      const at = '2026-11-22T03:00:00.000Z';
      await journal.write({ type: 'begin', format: 2, runId: 'r', windir: '/w', stateDir: '/s', planSha256: 'x', actions: 600, backupConfirmed: false, at });
      await journal.write({ type: 'state', state: 'applying', at });
      await journal.sync();
      const error = await journal
        .write({ type: 'intent', from: 0, to: 512 })
        .then(() => journal.sync())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const before = disk.onDisk();
      // What apply and rollback do next: the best-effort "failed" record.
      await markFailed({ clock: fakeClock() } as unknown as World, journal, String(error));
      // Read back (after a power loss too): the records before the failure, and the intent only if it is whole.
      for (const text of [disk.onDisk(), disk.afterReboot()]) {
        const types = decodeJournal(text).map((r) => r.type);
        expect(types.slice(0, 2)).toEqual(['begin', 'state']);
        expect(types.slice(2)).toEqual(text.includes('"to":512,"sum"') ? ['intent'] : []);
      }
      // Nothing more is appended to the unknown tail, and no fsync that could vouch for it.
      await expect(journal.write({ type: 'done', from: 0, to: 512 })).rejects.toThrow(/journal/);
      await expect(journal.sync()).rejects.toThrow(/journal/);
      expect(disk.onDisk()).toBe(before);
      expect(disk.syncsAfterFailure).toEqual([]);
    },
  );
});
