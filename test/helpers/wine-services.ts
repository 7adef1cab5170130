import type { WinePrefix } from './wine.js';

/** Wine's wuauserv.exe runs as any service that names it, and stops when asked: the stub behind every service here. */
const STUB = 'C:\\windows\\system32\\wuauserv.exe';
/** The registry's Start value, which `sc qc` shows as START_TYPE. */
const START_VALUES = ['boot', 'system', 'auto', 'demand', 'disabled'] as const;
export type WineStartType = (typeof START_VALUES)[number];

/** Service control in a Wine prefix through Wine's own sc.exe and reg.exe, as the tool's sc.exe calls see it. */
export function wineServices(box: WinePrefix) {
  const state = async (name: string) => /STATE\s*:\s*\d+\s+(\w+)/.exec((await box.wine(['sc', 'query', name])).stdout)?.[1];
  return {
    state,
    /** Replaces Wine's own service of that name (wuauserv, BITS) too, so that every one is the same stub. */
    async createStub(name: string, start: WineStartType) {
      await box.wine(['sc', 'delete', name]);
      const made = await box.wine(['sc', 'create', name, 'binPath=', STUB, 'start=', start]);
      if (made.code !== 0) throw new Error(`sc create ${name} failed (${made.code}): ${made.stdout}${made.stderr}`);
    },
    /**
     * Wine 8's sc.exe has no `qc` (it answers "command not supported"): the start type is read where `sc qc`
     * reads it, the service's Start value in the registry.
     */
    async startType(name: string): Promise<WineStartType | undefined> {
      const { stdout } = await box.wine(['reg', 'query', `HKLM\\System\\CurrentControlSet\\Services\\${name}`, '/v', 'Start']);
      const value = /^\s*Start\s+REG_DWORD\s+0x([0-9a-f]+)\s*$/im.exec(stdout)?.[1];
      return value === undefined ? undefined : START_VALUES[Number.parseInt(value, 16)];
    },
    /** Brings a service to RUNNING or STOPPED; a fresh prefix's service manager answers after a moment, so it polls. */
    async bring(name: string, wanted: 'RUNNING' | 'STOPPED'): Promise<string | undefined> {
      const until = Date.now() + 30_000;
      let now: string | undefined;
      while ((now = await state(name)) !== wanted && Date.now() < until) {
        await box.wine(['sc', wanted === 'RUNNING' ? 'start' : 'stop', name]);
        await new Promise((r) => setTimeout(r, 500));
      }
      return now;
    },
  };
}
