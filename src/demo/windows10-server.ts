import { join } from 'node:path';
import { CATALOG_FOLDER } from '../platform/windows-paths.js';
import { catalogBytes } from './affected-server.js';
import { cbsCatalogFailure, dberrLines, reportingEventsFailure, utf16le } from './windows10-logs.js';

/** The drivers' catalog folder, which KB822798 names beside the system catalogs'. */
const DRIVER_CATALOGS = '{127D0A1D-4EF2-11D1-8608-00C04FC295EE}';

/** What breaks: the catalog database (0x800B0109, dberr.txt), or Windows Update's datastore (0x80242006). */
export type Windows10Failure = 'catalog-database' | 'datastore';

export interface Windows10Options {
  catalogs: number;
  failure: Windows10Failure;
  /** Files in SoftwareDistribution\Download, each of this many bytes. */
  downloads?: { files: number; bytes: number };
}

/**
 * Relative path -> content of a Windows 10 system volume on which a cumulative update fails: hundreds of
 * package catalogs with leftovers of interrupted catalog installs (tmp*.cat), catroot2, SoftwareDistribution
 * (DataStore, Download), the BITS queue in ProgramData, and the logs of the failure.
 */
export function windows10Files(options: Windows10Options): Record<string, Buffer | string> {
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
  const sd = join('Windows', 'SoftwareDistribution');
  files[join(sd, 'DataStore', 'DataStore.edb')] = catalogBytes('DataStore.edb', 262144);
  for (const name of ['edb.chk', 'edb.log', 'edbres00001.jrs']) files[join(sd, 'DataStore', 'Logs', name)] = catalogBytes(`DataStore/${name}`, 4096);
  const { files: downloads, bytes } = options.downloads ?? { files: 6, bytes: 8192 };
  // One folder per update, as Windows Update lays it out, each holding that update's payload files.
  for (let i = 0; i < downloads; i++) {
    const update = (0x5a3b2d9e + Math.floor(i / 50) * 7919).toString(16);
    files[join(sd, 'Download', update, `windows10.0-kb5049981-x64_${i}.psf`)] = catalogBytes(`download/${i}`, bytes);
  }
  for (const name of ['qmgr.db', 'qmgr.jfm', 'edb.chk', 'edb.log', 'edbres00001.jrs', 'edbres00002.jrs'])
    files[join('ProgramData', 'Microsoft', 'Network', 'Downloader', name)] = catalogBytes(`Downloader/${name}`, 8192);
  if (options.failure === 'catalog-database') {
    files[join(catroot2, 'dberr.txt')] = dberrLines;
    files[join(sd, 'ReportingEvents.log')] = utf16le(reportingEventsFailure('800b0109'));
    files[join('Windows', 'Logs', 'CBS', 'CBS.log')] = cbsCatalogFailure;
  } else files[join(sd, 'ReportingEvents.log')] = utf16le(reportingEventsFailure('80242006'));
  files[join(system32, 'kernel32.dll')] = catalogBytes('kernel32.dll', 2048);
  return files;
}
