/** Log text in the formats Windows 10 and Server 2016+ write (test/fixtures/evidence holds captured ones). */

/** One SoftwareDistribution\ReportingEvents.log record: thirteen tab-separated fields, the HRESULT in bare hex. */
function reportingRecord(
  n: number,
  time: string,
  event: string,
  update: string,
  code: string,
  result: 'Success' | 'Failure',
  operation: string,
  message: string,
) {
  const id = `{${(0x3e1f0b7c + n).toString(16).toUpperCase()}-5D4A-4C2B-8E9F-1A2B3C4D5E6F}`;
  return [
    id,
    time,
    '1',
    event,
    '101',
    update,
    code === '0' ? '0' : '200',
    code,
    'UpdateOrchestrator',
    result,
    operation,
    message,
    `aS8pKHUwl0i6mrKJ.1.1.${n}.0`,
  ].join('\t');
}

const CU = '2025-01 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5049981)';
const CU_ID = '{B1D4E2A9-8C7F-4E3B-A6D5-0F1E2D3C4B5A}';
const NONE = '{00000000-0000-0000-0000-000000000000}';
const detected = (n: number, time: string) =>
  reportingRecord(
    n,
    time,
    '147 [AGENT_DETECTION_FINISHED]',
    NONE,
    '0',
    'Success',
    'Software Synchronization',
    'Windows Update Client successfully detected 1 updates.',
  );
const failed = (n: number, time: string, code: string) =>
  reportingRecord(
    n,
    time,
    '182 [AGENT_INSTALLING_FAILED]',
    CU_ID,
    code,
    'Failure',
    'Content Install',
    `Installation Failure: Windows failed to install the following update with error 0x${code}: ${CU}.`,
  );

/** Two nights of Windows Update: the cumulative update fails with `code` (bare hex, as the log writes it) both times. */
export const reportingEventsFailure = (code: string) =>
  [
    detected(1, '2025-01-14 02:00:05:120+0100'),
    failed(2, '2025-01-14 03:10:11:101+0100', code),
    detected(3, '2025-01-15 02:00:04:870+0100'),
    failed(4, '2025-01-15 03:12:44:010+0100', code),
    '',
  ].join('\r\n');

/** CBS.log around the failed install: the servicing stack cannot verify the update's catalog. */
export const cbsCatalogFailure = [
  '2025-01-15 03:00:02, Info                  CBS    TI: --- Initializing Trusted Installer ---',
  '2025-01-15 03:00:03, Info                  CBS    Loaded Servicing Stack v10.0.19041.5363 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.5363_none_7e7bd1c0a7d3ad2a\\cbscore.dll',
  '2025-01-15 03:12:43, Error                 CBS    Failed to verify catalog for package: Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.5371.1.10 [HRESULT = 0x800b0109 - CERT_E_UNTRUSTEDROOT]',
  '',
].join('\r\n');

/** catroot2\dberr.txt: the catalog database's own complaints. */
export const dberrLines = [
  'CatalogDB: 3:12:40 AM 1/15/2025: catdbcli.cpp at line #590 encountered error 0x00000426',
  'CatalogDB: 3:12:40 AM 1/15/2025: catadnew.cpp at line #2480 encountered error 0x00000426',
  '',
].join('\r\n');

/** UTF-16LE with a byte-order mark: one of the two encodings ReportingEvents.log is found in (the readers take both). */
export const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
