import { SIGNATURES } from './evidence.js';

export type PlaybookId = 'catroot2-reset' | 'wu-reset' | 'component-store';

interface RouteBase {
  /** HRESULTs as 0xXXXXXXXX, upper-case. */
  codes: readonly string[];
  /** Symbolic names or SIGNATURES that match as well as a code. */
  names?: readonly string[];
  why: string;
  source: string;
}
export type Route = (RouteBase & { playbook: PlaybookId }) | (RouteBase & { playbook: 'none'; advice: string });

const KB822798 = 'https://learn.microsoft.com/troubleshoot/windows-server/deployment/cannot-install-updates-programs (KB822798)';
const COMMON_ERRORS = 'https://learn.microsoft.com/troubleshoot/windows-client/installing-updates-features-roles/common-windows-update-errors';

/** Why the rows are in this order, said whenever evidence matches more than one repair. */
export const ORDER_WHY =
  'the catalog database comes first because Windows Update and DISM both check signatures through it; the Windows Update datastore next, because DISM /RestoreHealth fetches its repair source through Windows Update';

/** The routing table, in order: the first row that matches a piece of evidence takes it. */
export const ROUTES: readonly Route[] = [
  {
    playbook: 'catroot2-reset',
    codes: ['0x800B0109', '0x80096010', '0x80096001', '0x80096005', '0x800B0001', '0x800B0003', '0x800B0004', '0x8007F0DA', '0x8007F01E'],
    names: [SIGNATURES.edbLogLarge],
    why: 'KB822798 lists it among the trust and catalog errors (with an edb.log grown past 20 MB) that a damaged catroot2 causes',
    source: KB822798,
  },
  {
    playbook: 'catroot2-reset',
    codes: [],
    names: [SIGNATURES.catalogDatabase],
    why: 'the Cryptographic Services catalog database (catroot2) failed: CAPI2 256/257, its ESENT errors, dberr.txt',
    source: 'http://technet.microsoft.com/en-us/library/cc734083(ws.10).aspx (CAPI2 event 256 and 257, System Catalog Database Integrity)',
  },
  {
    playbook: 'wu-reset',
    codes: ['0x80242006'],
    names: ['WU_E_UH_INVALIDMETADATA'],
    why: 'WU_E_UH_INVALIDMETADATA: the update metadata Windows Update holds is invalid; its fix renames DataStore and Download',
    source: COMMON_ERRORS,
  },
  {
    playbook: 'wu-reset',
    codes: ['0x8024001E'],
    names: ['WU_E_SERVICE_STOP'],
    why: 'WU_E_SERVICE_STOP, whose documented fix (after free space and WSUS are checked) renames SoftwareDistribution',
    source: 'https://learn.microsoft.com/troubleshoot/windows-client/installing-updates-features-roles/troubleshoot-windows-update-error-0x8024001e',
  },
  {
    playbook: 'component-store',
    codes: ['0x80073712', '0x800F081F', '0x800F0831', '0x8007000D', '0x800736CC', '0x80073701', '0x8007371B', '0x80070570'],
    names: [SIGNATURES.csiPayloadCorrupt, SIGNATURES.sfcCannotRepair],
    why: 'component store corruption: DISM /RestoreHealth, then sfc /scannow',
    source: `https://learn.microsoft.com/troubleshoot/windows-server/deployment/fix-windows-update-errors (KB947821); ${COMMON_ERRORS}; https://learn.microsoft.com/troubleshoot/windows-client/installing-updates-features-roles/analyze-sfc-program-log-file-entries (KB928228)`,
  },
  {
    playbook: 'none',
    codes: ['0x80072EE2', '0x80072EFD', '0x80072EFE', '0x8024401B', '0x80244022'],
    why: 'the network: a timeout, a closed connection, proxy authentication or an update source that is unavailable',
    advice:
      'Check that this machine reaches its update source (Windows Update, WSUS or Configuration Manager): firewall rules, and the WinHTTP proxy (netsh winhttp show proxy). No file repair fixes this.',
    source: COMMON_ERRORS,
  },
  {
    playbook: 'none',
    codes: ['0x80072F8F'],
    why: 'WININET_E_DECODING_FAILED: TLS 1.2 is not configured correctly',
    advice: 'Enable TLS 1.2 for WinHTTP (KB3140245) and check the system clock. No file repair fixes this.',
    source: COMMON_ERRORS,
  },
  {
    playbook: 'none',
    codes: ['0x8024402F'],
    why: 'WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS: a web filter altered the download',
    advice: 'Exempt this machine from web filtering software (the documented case is Lightspeed Rocket). No file repair fixes this.',
    source: COMMON_ERRORS,
  },
  {
    playbook: 'none',
    codes: ['0x80070070'],
    names: ['ERROR_DISK_FULL'],
    why: 'ERROR_DISK_FULL: there is not enough space on the disk',
    advice: 'Free space on the system drive (the 0x8024001E article asks for at least 10 GB), then retry. No file repair fixes this.',
    source: 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499- (ERROR_DISK_FULL, 112)',
  },
  {
    playbook: 'none',
    codes: ['0x80070BC9'],
    names: ['ERROR_FAIL_REBOOT_REQUIRED'],
    why: 'ERROR_FAIL_REBOOT_REQUIRED: a servicing operation waits for a restart',
    advice: 'Restart the machine first. If it comes back, check that no policy forces the TrustedInstaller service to Manual. No file repair fixes this.',
    source: COMMON_ERRORS,
  },
];
