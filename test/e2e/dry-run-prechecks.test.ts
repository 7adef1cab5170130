import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';

const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';
const EXIT_1603 = process.platform === 'win32' ? 1603 : 1603 % 256;

/** The dry run goes through the same checks as the real run: it shows what the real run would do, not a fresh plan. */
describe('--dry-run shows what the real run would do', () => {
  it('after a rollback stopped on a conflict: the same refusal (exit 12, same message) as the real run; nothing changed', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const args = ['--root', t.root, '--state-dir', t.state];
    expect((await cli([...args, '--yes'])).code).toBe(0);
    // A folder planted where a catalog was: its move cannot be undone (a regular file there would be set aside).
    await mkdir(join(t.root, CATALOGS, 'KB820000.cat'));
    const back = await cli([...args, '--rollback', '--yes']);
    expect(back.code, back.stderr).toBe(EXIT_1603);
    const before = await t.snapAll();

    const dry = await cli([...args, '--dry-run']);
    const real = await cli([...args, '--yes']);
    expect(dry.code, dry.stdout).toBe(12);
    expect(real.code).toBe(12);
    const refusal = /catroot-repair: a rollback of run \S+ was started and did not finish/;
    expect(dry.stderr).toMatch(refusal);
    expect(dry.stderr).toBe(real.stderr);
    expect(dry.stdout).not.toMatch(/Plan \(fingerprint/);
    expect(await t.snapAll()).toEqual(before);
  });

  it('with an unfinished run: "would resume run X" and only the actions still to do, not a fresh plan', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const services = join(t.dir, 'services.json');
    await writeFile(services, JSON.stringify({ services: { CryptSvc: { state: 'running' } } }));
    // The simulated service manager writes services.json.tmp first: a folder there makes the stop fail.
    await mkdir(`${services}.tmp`);
    const args = ['--windir', join(t.root, 'WINDOWS'), '--services-file', services, '--state-dir', t.state];
    const failed = await cli([...args, '--yes', '--json']);
    expect(failed.code, failed.stderr).toBe(EXIT_1603);
    const status = JSON.parse((await cli([...args, 'status', '--json'])).stdout).status;
    expect(status.state).toBe('failed');
    const before = await t.snapAll();

    const dry = await cli([...args, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const doc = JSON.parse(dry.stdout);
    expect(doc.resume).toEqual({ runId: status.runId, actions: status.actions, done: 1, remaining: status.actions - 1 });
    expect(dry.stderr).toMatch(
      new RegExp(
        `Dry run: would resume run ${status.runId} \\(stopped while failed\\): 1 of ${status.actions} action\\(s\\) done, ${status.actions - 1} remaining`,
      ),
    );
    expect(dry.stderr).toMatch(/stop service CryptSvc \(in doubt: the disk decides\)/);
    expect(dry.stderr).not.toMatch(/record size and sha256/);
    expect(await t.snapAll()).toEqual(before);

    await rmdir(`${services}.tmp`);
    const real = await cli([...args, '--yes', '--json']);
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout).result).toMatchObject({ kind: 'repaired', runId: status.runId, resumed: true });
  });
});
