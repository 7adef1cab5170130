import { join } from 'node:path';
import { CATALOG_FOLDER } from '../platform/windows-paths.js';
import { catalogBytes } from './affected-server.js';
import { cbsCatalogFailure, dberrLines, reportingEventsFailure, utf16le } from './windows10-logs.js';

/** The drivers' catalog folder, which KB822798 names beside the system catalogs'. */
const DRIVER_CATALOGS = '{127D0A1D-4EF2-11D1-8608-00C04FC295EE}';

/**
 * Relative path -> content of a Windows 10 system volume whose catalog database is damaged: a cumulative
 * update fails with 0x800B0109, catroot2 logs catalog-database errors, and leftovers of interrupted catalog
 * installs (tmp*.cat) sit among hundreds of package catalogs.
 */
export function windows10Files(options: { catalogs: number }): Record<string, Buffer | string> {
  const system32 = join('Windows', 'System32');
  const files: Record<string, Buffer | string> = {};
  const catalog = (folder: string, name: string) => (files[join(system32, 'CatRoot', folder, name)] = catalogBytes(`${folder}/${name}`));
  for (let i = 0; i < options.catalogs; i++)
    catalog(CATALOG_FOLDER, `Package_${i + 1}_for_KB50${String(10000 + i * 13).slice(-5)}~31bf3856ad364e35~amd64~~10.0.1.${i % 9}.cat`);
  for (const name of ['KB5049981.cat', 'Microsoft-Windows-Client-Features-Package.cat', 'tmp4F2A.cat', 'TMP9C1E.cat', 'tmp.cat.bak'])
    catalog(CATALOG_FOLDER, name);
  for (const name of ['oem3.cat', 'oem17.CAT', 'nv_disp.cat', 'TMP77.CAT']) catalog(DRIVER_CATALOGS, name);
  const catroot2 = join(system32, 'catroot2');
  files[join(catroot2, CATALOG_FOLDER, 'catdb')] = catalogBytes('catdb', 65536);
  for (const name of ['edb.chk', 'edb.log', 'edb00001.log', 'edbres00001.jrs', 'edbtmp.log'])
    files[join(catroot2, name)] = catalogBytes(`catroot2/${name}`, 4096);
  files[join(catroot2, 'dberr.txt')] = dberrLines;
  files[join('Windows', 'SoftwareDistribution', 'ReportingEvents.log')] = utf16le(reportingEventsFailure);
  files[join('Windows', 'Logs', 'CBS', 'CBS.log')] = cbsCatalogFailure;
  files[join(system32, 'kernel32.dll')] = catalogBytes('kernel32.dll', 2048);
  return files;
}
