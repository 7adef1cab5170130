import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { foldersChangedBy } from '../../src/engine/durable.js';

const move = (from: string, to: string): Action => ({ kind: 'move-file', from, to });

describe('foldersChangedBy: the parents of every source and destination, each once', () => {
  it.each<[string, Action[], string[]]>([
    ['a group of moves', [move('/w/cat/a', '/w/backup/a'), move('/w/cat/b', '/w/backup/b')], ['/w/cat', '/w/backup']],
    // On POSIX a backslash is part of a name, as dirname sees it.
    ...(sep === '/'
      ? [
          ['a name with a backslash', [move('/w/cat/x', '/w/backup/x'), move('/w/cat\\a', '/w/backup/a')], ['/w/cat', '/w/backup', '/w']] as [
            string,
            Action[],
            string[],
          ],
        ]
      : []),
    [
      'a file one folder deeper than a known one',
      [move('/w/cat/a', '/w/backup/a'), move('/w/cat/sub/b', '/w/backup/b')],
      ['/w/cat', '/w/backup', '/w/cat/sub'],
    ],
    ['a folder whose name starts like a known one', [move('/w/cat/a', '/w/b/a'), move('/w/cat2/b', '/w/b/b')], ['/w/cat', '/w/b', '/w/cat2']],
    ['an entry of the root', [move('/a', '/w/a'), move('/b', '/w/b')], ['/', '/w']],
    ['a folder renamed', [{ kind: 'rename-dir', from: '/w/catroot2', to: '/w/catroot2.old' }], ['/w']],
  ])('%s', (_name, actions, folders) => {
    expect(foldersChangedBy(actions)).toEqual(folders);
  });
});
