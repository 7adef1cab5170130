import { describe, expect, it } from 'vitest';
import { invokedAs, quoteArg, type Launch } from '../../src/cli/invocation.js';

const MAIN = '/usr/lib/node_modules/catroot-repair/dist/bin/catroot-repair.mjs';
const launch = (over: Partial<Launch>): Launch => ({
  execPath: '/usr/bin/node',
  script: MAIN,
  singleExecutable: false,
  env: {},
  binOnPath: false,
  nodeOnPath: true,
  platform: 'linux',
  ...over,
});

describe('the command printed for "To undo:" starts the tool as the admin started it', () => {
  it.each([
    ['node <script>, that node on PATH', launch({}), `node ${MAIN}`],
    ['node <script> with another node first on PATH', launch({ execPath: '/opt/node20/bin/node', nodeOnPath: false }), `/opt/node20/bin/node ${MAIN}`],
    [
      'node.exe and the script in folders with spaces',
      launch({
        execPath: 'C:\\Program Files\\nodejs\\node.exe',
        script: 'C:\\My Tools\\catroot\\dist\\bin\\catroot-repair.mjs',
        nodeOnPath: false,
        platform: 'win32',
      }),
      '"C:\\Program Files\\nodejs\\node.exe" "C:\\My Tools\\catroot\\dist\\bin\\catroot-repair.mjs"',
    ],
    ['the npm bin link on PATH (catroot-repair typed at the prompt)', launch({ script: '/usr/bin/catroot-repair', binOnPath: true }), 'catroot-repair'],
    [
      'the single executable',
      launch({ execPath: 'D:\\tools\\catroot-repair.exe', script: 'D:\\tools\\catroot-repair.exe', singleExecutable: true, platform: 'win32' }),
      'D:\\tools\\catroot-repair.exe',
    ],
    [
      'the single executable in a folder with spaces',
      launch({ execPath: 'C:\\Admin Tools\\catroot-repair.exe', singleExecutable: true, platform: 'win32' }),
      '"C:\\Admin Tools\\catroot-repair.exe"',
    ],
    ['npx catroot-repair', launch({ env: { npm_command: 'exec', npm_lifecycle_script: 'catroot-repair --root /mnt/c' } }), 'npx catroot-repair'],
    ['npx catroot-repair@0.1.0', launch({ env: { npm_command: 'exec', npm_lifecycle_script: 'catroot-repair@0.1.0' } }), 'npx catroot-repair'],
    [
      'node <script> run by a program npx started (the variables are inherited)',
      launch({ env: { npm_command: 'exec', npm_lifecycle_script: 'vitest run' } }),
      `node ${MAIN}`,
    ],
    [
      'npm run demo (node <script> in package.json)',
      launch({ script: '/src/catroot/dist/bin/catroot-repair.mjs', env: { npm_command: 'run-script', npm_lifecycle_event: 'demo' } }),
      'node /src/catroot/dist/bin/catroot-repair.mjs',
    ],
    ['no script known', launch({ script: undefined }), 'catroot-repair'],
  ])('%s -> %s', (_name, l, expected) => expect(invokedAs(l)).toBe(expected));

  it.each([
    ['/plain/path', 'linux', '/plain/path'],
    ['/with space/x', 'linux', "'/with space/x'"],
    ["/sp ace/it's $x/vol", 'linux', "'/sp ace/it'\\''s $x/vol'"],
    ['/q"uo`te/vol', 'linux', "'/q\"uo`te/vol'"],
    ['/mnt/C$', 'linux', "'/mnt/C$'"],
    ['tab\there', 'linux', "'tab\there'"],
    ['', 'linux', "''"],
    ['C:\\Admin Tools\\x', 'win32', '"C:\\Admin Tools\\x"'],
    ['\\\\srv\\C$\\Windows', 'win32', '\\\\srv\\C$\\Windows'],
    ['D:\\R&D\\vol', 'win32', '"D:\\R&D\\vol"'],
    ['', 'win32', '""'],
  ] as const)('quoteArg(%j, %s) -> %s', (arg, platform, expected) => expect(quoteArg(arg, platform)).toBe(expected));
});
