import { LatestByKey, hresult, isFailureCode, type Evidence } from './evidence.js';

/**
 * SoftwareDistribution\ReportingEvents.log: one tab-separated record a line. The fields read (0-based):
 * 1 time, 3 event (`182 [AGENT_INSTALLING_FAILED]`), 5 update id, 7 HRESULT in bare hex (0 = none),
 * 9 Success or Failure, 10 operation, 11 message.
 */
const FIELDS = 12;

function outcomeOf(result: string, code: string | undefined): Evidence['outcome'] {
  if (result === 'Success' || result === 'Failure') return result === 'Success' ? 'success' : 'failure';
  return isFailureCode(code) ? 'failure' : undefined;
}

/**
 * A success that ends what it names: `183 [AGENT_INSTALLING_SUCCEEDED]`, not `181 [AGENT_INSTALLING_STARTED]`,
 * whose result field also reads Success.
 */
const finished = (event: string) => !/_STARTED\]?$/i.test(event);

/**
 * The failures still standing: per update and operation (Content Install, Content Download...) the latest
 * finished outcome counts, so a later install success clears an install failure, and a download success does not.
 */
export async function reportingEventsEvidence(file: string, lines: AsyncIterable<string>): Promise<Evidence[]> {
  const standing = new LatestByKey();
  let n = 0;
  for await (const text of lines) {
    n++;
    const fields = text.split('\t');
    if (fields.length < FIELDS) continue;
    const field = (i: number) => (fields[i] as string).trim();
    const code = hresult(field(7), 'hex');
    const outcome = outcomeOf(field(9), code);
    const key = `${field(5)}\t${field(10)}`.toUpperCase();
    if (outcome === 'success' && finished(field(3))) standing.delete(key);
    if (outcome !== 'failure') continue;
    standing.add(key, () => ({
      source: 'reporting-events',
      file,
      line: n,
      time: field(1),
      ...(isFailureCode(code) ? { code } : {}),
      text: `${field(3)} ${field(10)}: ${field(11)}`,
      outcome,
    }));
  }
  return standing.values();
}
