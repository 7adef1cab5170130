import { LatestByKey, SIGNATURES, hresult, isFailureCode, type Evidence } from './evidence.js';
import { servicingCode, servicingLine } from './servicing-line.js';

const BLOCK_START = /^Checking System Update Readiness\.?$/;
/** `(p)  CSI Payload Corrupt  (n)  amd64_...\file`; a repair that worked says `(w) (Fixed)`. */
const PAYLOAD_CORRUPT = /^\(p\)\s+CSI Payload Corrupt\s+\(\w\)\s+(\(Fixed\)\s+)?(\S.*)$/;
const OPERATION = /^Operation: (.+)$/;
const OPERATION_RESULT = /^Operation result: (0x[0-9a-f]+)$/i;
const SFC_CANNOT_REPAIR = /\[SR\] Cannot repair member file/;

/**
 * Logs\CBS\CBS.log and CbsPersist_*.log: `Error` lines ending in `[HRESULT = 0x... - NAME]` (the latest of
 * each code; `Info` lines repeat codes that are handled), SFC's `[SR] Cannot repair member file`, and the
 * DISM summary block: only the latest block counts, so a later clean `/RestoreHealth` clears an earlier one.
 * The logs are read as one, oldest first: CbsPersist_*.log are what CBS.log held before.
 */
export async function cbsEvidence(logs: ReadonlyArray<{ file: string; lines: AsyncIterable<string> }>): Promise<Evidence[]> {
  const codes = new LatestByKey();
  const sfc = new LatestByKey(20);
  const block = new LatestByKey(20);
  let operation = 'DISM';
  for (const { file, lines } of logs) {
    let n = 0;
    for await (const text of lines) {
      n++;
      const { time, level, message } = servicingLine(text);
      const at = (fields: Pick<Evidence, 'code' | 'name' | 'text'>): Evidence => ({
        source: 'cbs',
        file,
        line: n,
        ...(time ? { time } : {}),
        ...fields,
        outcome: 'failure',
      });
      if (BLOCK_START.test(message)) {
        block.clear();
        operation = 'DISM';
        continue;
      }
      const payload = PAYLOAD_CORRUPT.exec(message);
      if (payload) {
        if (!payload[1]) block.add(payload[2] as string, () => at({ name: SIGNATURES.csiPayloadCorrupt, text: message }));
        continue;
      }
      operation = OPERATION.exec(message)?.[1] ?? operation;
      const result = OPERATION_RESULT.exec(message);
      const resultCode = result && hresult(result[1] as string);
      if (resultCode) {
        if (isFailureCode(resultCode)) block.add('result', () => at({ code: resultCode, text: `${operation}: ${message}` }));
        continue;
      }
      if (SFC_CANNOT_REPAIR.test(message)) sfc.add(message, () => at({ name: SIGNATURES.sfcCannotRepair, text: message }));
      if (level !== 'Error') continue;
      const found = servicingCode(message);
      if (found && isFailureCode(found.code)) codes.add(found.code, () => at({ ...found, text: message }));
    }
  }
  return [...codes.values(), ...sfc.values(), ...block.values()];
}
