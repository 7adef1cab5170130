import { hresult } from '../evidence/evidence.js';

/*
 * The CBS.log lines DISM /RestoreHealth and sfc /scannow write, as checked against these sources:
 * - KB947821, "Fix Windows Update corruptions and installation failures" (MicrosoftDocs/SupportArticles-docs,
 *   support/windows-server/installing-updates-features-roles/fix-windows-update-errors.md): the summary block
 *   `Checking System Update Readiness.`, `(p) CSI Payload Corrupt (n) ...`, `(w) (Fixed)`, `Summary:`,
 *   `Operation: Detect and Repair`, `Operation result: 0x800f081f`, `Total Detected Corruption: 2`,
 *   `Total Repaired Corruption: 1`, `Repair failed: Missing replacement mum/cat pair.`
 * - A byte-for-byte cut of CBS.log after a /RestoreHealth on Windows 11 26100 (SecretLUL/WinMedic,
 *   tests/fixtures/files/cbs_restorehealth_backups_missing.bin): every line of the block prefixed, counts
 *   after a tab, `Repair failed: Missing replacement payload.`, `Total Operation Time: 80 seconds.`
 * - A Server 2016 (14393) CBS.log quoted from a Microsoft support case (result 0x800f0906): the block as
 *   one entry, its lines without the prefix.
 * - KB928228, "Analyze the log file entries that SFC.exe generates", and KB954402 (SupportArticles-docs):
 *   `[SR] Verify complete`, `[SR] Repairing 1 components`, `[SR] Repair complete`,
 *   `[SR] Cannot repair member file [l:18{9}]"img11.jpg" of ... hash mismatch`, `Repairing corrupted file`.
 * - CBS.log after sfc /scannow on Windows 11 26100 (WinMedic, cbs_sfc_scannow_repaired.bin):
 *   `[SR] Repairing 0 components`, and drivers as `DEPLOY [Pnp] Corrupt file:` / `[Pnp] Repaired file:`.
 * - A Server 2022 CBS.log quoted in public notes: `[SR] Cannot repair member file [l:20]'LServer_PKConfig.xml'
 *   of ...`, `[SR] Could not reproject corrupted file ...; source file in store is also corrupted`.
 */
export type CbsSignal =
  | { kind: 'dism-start' }
  | { kind: 'dism-corrupt'; fixed: boolean }
  | { kind: 'dism-missing-replacement' }
  | { kind: 'dism-result'; code: string }
  | { kind: 'dism-detected' | 'dism-repaired'; count: number }
  | { kind: 'sfc-verifying' | 'sfc-verify-complete' | 'sfc-repair-complete' | 'sfc-repaired-file' | 'sfc-cannot-repair' }
  | { kind: 'sfc-repairing'; count: number }
  | { kind: 'pnp-corrupt' | 'pnp-repaired'; path: string };

const COUNTED: Array<[RegExp, 'dism-detected' | 'dism-repaired' | 'sfc-repairing']> = [
  [/^Total Detected Corruption:\s*(\d+)$/, 'dism-detected'],
  [/^Total Repaired Corruption:\s*(\d+)$/, 'dism-repaired'],
  [/\[SR\] Repairing (\d+) components?$/, 'sfc-repairing'],
];
const PLAIN: Array<[RegExp, CbsSignal['kind']]> = [
  [/^Checking System Update Readiness\.?$/, 'dism-start'],
  [/^Repair failed: Missing replacement /, 'dism-missing-replacement'],
  [/\[SR\] Verifying \d+/, 'sfc-verifying'],
  [/\[SR\] Verify complete/, 'sfc-verify-complete'],
  [/\[SR\] Repair complete/, 'sfc-repair-complete'],
  [/\[SR\] Repairing corrupted file /, 'sfc-repaired-file'],
  [/\[SR\] (Cannot repair member file|Could not reproject corrupted file) /, 'sfc-cannot-repair'],
];

/** What one CBS.log message (the text after the prefix) says about a DISM or SFC run, if anything. */
export function cbsSignal(message: string): CbsSignal | undefined {
  for (const [pattern, kind] of PLAIN) if (pattern.test(message)) return { kind } as CbsSignal;
  for (const [pattern, kind] of COUNTED) {
    const count = pattern.exec(message)?.[1];
    if (count !== undefined) return { kind, count: Number(count) };
  }
  if (/^\(p\)\s/.test(message)) return { kind: 'dism-corrupt', fixed: /\(Fixed\)/.test(message) };
  const code = /^Operation result:\s*(0x[0-9a-f]{1,8})$/i.exec(message)?.[1];
  if (code) return { kind: 'dism-result', code: hresult(code) as string };
  const pnp = /^\[Pnp\] (Corrupt|Repaired) file:\s*(.+)$/.exec(message);
  if (pnp) return { kind: pnp[1] === 'Corrupt' ? 'pnp-corrupt' : 'pnp-repaired', path: (pnp[2] as string).toLowerCase() };
  return undefined;
}
