/** Log text in the formats the reference captures show (update.exe's svcpack.log, setupapi.log, WindowsUpdate.log). */
const RULE = '================================================================================';

export function svcpackFailureSession(started: string, ms = 940.344): string {
  const t = (d: number) => (ms + d).toFixed(3);
  return [
    RULE,
    `${t(0)}: ${started} (local)`,
    `${t(0)}: d:\\win2003sp2\\i386\\update\\update.exe (version 6.3.4.0)`,
    `${t(0.015)}: Service Pack started with following command line: /passive /norestart`,
    `${t(12.9)}: InstallInfCatalogFile: Installing d:\\win2003sp2\\i386\\update\\update.cat as oem15.CAT`,
    `${t(14)}: InstallSingleCatalogFile: MyInstallCatalog failed for Tmp.0.scw.cat; error=0xfffffbfe.`,
    `${t(14)}: DoInstallation:MyInstallCatalogFiles  failed:STR_CATALOG_INSTALL_FAILED`,
    `${t(22.3)}: Failed to install catalog files.`,
    `${t(508)}: Message displayed to the user: Failed to install catalog files.`,
    `${t(508)}: User Input: OK`,
    `${t(508)}: Update.exe extended error code = 0xf0da`,
    `${t(508)}: Update.exe return code was masked to 0x643 for MSI custom action compliance.`,
  ].join('\r\n');
}

export function svcpackSuccessSession(started: string): string {
  return [
    RULE,
    `4.359: ${started} (local)`,
    '4.359: d:\\win2003sp2\\i386\\update\\update.exe (version 6.3.4.0)',
    '4.375: Service Pack started with following command line: /passive /norestart',
    '12.937: InstallInfCatalogFile: Installing d:\\win2003sp2\\i386\\update\\update.cat as oem15.CAT',
    '612.484: Service Pack 2 installation completed successfully.',
    '612.500: Update.exe extended error code = 0x0',
  ].join('\r\n');
}

export const setupapiFailure = [
  '[2007/07/02 04:44:12 5896.2]',
  '#-198 Command line processed: "D:\\Win2003SP2\\i386\\update\\update.exe"',
  '#I443 No installed Authenticode(tm) catalogs matching catalog name "oem10.CAT" were found that validated file "d:\\win2003sp2\\i386\\update\\update.inf" (key "update.inf"). Error 1168: Element not found.',
  '#W361 An unsigned, incorrectly signed, or Authenticode(tm) signed file "d:\\win2003sp2\\i386\\update\\update.cat" will be installed (Policy=Ignore). Error 0xfffffbfe: Unknown Error.',
  '',
].join('\r\n');

export const windowsUpdateFailure = [
  '2007-07-02 03:24:16:093 1012 1c4 Misc =========== Logging initialized (build: 7.0.6000.374, tz: -0400) ===========',
  '2007-07-02 03:25:39:000 1012 17bc Handler WinSEUpdateHandler::_Inventory: Installer returned 0xf0da (61658)',
  '2007-07-02 03:25:39:000 1012 17bc Handler FATAL: UH: 0x8007f0da: Inventory failed',
  '2007-07-02 03:25:39:015 1012 17bc DnldMgr Error 0x8007f0da occurred while downloading update; notifying dependent calls.',
  '',
].join('\r\n');
