#!/usr/bin/env node
// A stand-in for WindowsServer2003-KB914961-SP2-x86-ENU.exe in the demo: it fails as the real one did
// while the catalog store is overloaded (or CryptSvc is not running), and succeeds once it is repaired.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHotfixCatalog } from '../diagnosis/hotfix-catalogs.js';
import { svcpackFailureSession, svcpackSuccessSession } from './logs.js';

const [, , windir = '', servicesFile = ''] = process.argv;
const catalogs = join(windir, 'system32', 'CatRoot', '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}');
const hotfixes = readdirSync(catalogs).filter(isHotfixCatalog).length;
const services = JSON.parse(readFileSync(servicesFile, 'utf8')) as { services: Record<string, { state: string }> };
const cryptsvcRunning = services.services.CryptSvc?.state === 'running';
const stamp = new Date().toISOString().replace('T', ' ').replace(/-/g, '/').slice(0, 23);
if (hotfixes > 100 || !cryptsvcRunning) {
  appendFileSync(join(windir, 'svcpack.log'), `${svcpackFailureSession(stamp, 3.1)}\r\n`);
  process.exitCode = 1603;
} else {
  appendFileSync(join(windir, 'svcpack.log'), `${svcpackSuccessSession(stamp)}\r\n`);
}
