import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BadInputError } from '../errors.js';
import { VERSION } from './options.js';

declare const __CATROOT_VENDOR__: readonly string[] | undefined;

/** The libraries the npm bundle loads on first use from vendor/ beside it (scripts/bundle.mjs names them). */
const VENDOR_FILES: readonly string[] = typeof __CATROOT_VENDOR__ === 'undefined' ? [] : __CATROOT_VENDOR__;

/**
 * Refuses before any command reads or changes anything when the bundle's libraries are not beside it: found
 * missing at the first prompt, service or spinner, the install would fail a run halfway. Outside the bundle
 * (tsc's output, the .exe, which holds everything) there is nothing to look for.
 */
export function assertInstallComplete(): void {
  if (!import.meta.url || VENDOR_FILES.length === 0) return;
  const places = VENDOR_FILES.map((file) => fileURLToPath(new URL(`./vendor/${file}`, import.meta.url)));
  const missing = places.filter((place) => !existsSync(place));
  if (missing.length === 0) return;
  throw new BadInputError(
    `this installation of catroot-repair is incomplete: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; nothing was changed`,
    `Install it again (npm install -g ./catroot-repair-${VERSION}.tgz).`,
  );
}
