import type { Step } from '../../src/engine/plan.js';
import type { Action } from '../../src/engine/actions/action.js';
import { ServiceError, type ServiceState } from '../../src/platform/services.js';
import { serviceNames, type RepairContext } from '../../src/repair/context.js';
import { serviceLine, startWhatWasStopped, stopActions } from './services.js';

const stopWords: Step<RepairContext, unknown>['words'] = {
  doing: 'stopping services',
  undoing: 'starting services again',
  done: (actions) => `stopped ${serviceNames(actions)}`,
  undone: (actions) => `started ${serviceNames(actions)} again`,
};

const startWords: Step<RepairContext, unknown>['words'] = {
  doing: 'starting services',
  undoing: 'stopping services again',
  done: (actions) => `started ${serviceNames(actions)}`,
  undone: (actions) => `stopped ${serviceNames(actions)} again`,
};

type StopFacts = { offline: true } | { offline: false; work: boolean; state: ServiceState; dependents: string[] };

/** Stops `service` (running dependents first) when `work` says the later steps change something; offline, nothing. */
export function stopServiceStep(id: string, service: string, title: string, work: (ctx: RepairContext) => Promise<boolean>): Step<RepairContext, StopFacts> {
  return {
    id,
    title,
    async inspect(ctx) {
      if (ctx.services.kind === 'offline') return { offline: true };
      const [busy, state, dependents] = await Promise.all([work(ctx), ctx.services.query(service), ctx.services.runningDependents(service)]);
      return { offline: false, work: busy, state, dependents: dependents.sort() };
    },
    plan: (facts) => (facts.offline || !facts.work ? [] : stopActions(service, facts.state, facts.dependents)),
    summary(facts, actions) {
      if (facts.offline) return 'offline image: no service runs, nothing to stop';
      if (!facts.work) return `nothing to repair: ${service} is left as it is`;
      return actions.length ? serviceLine(actions, 'stop') : `${service} is already stopped`;
    },
    words: stopWords,
  };
}

/** Starts `service`, then the dependents the stop step stopped, once earlier steps changed files. */
export function startServiceStep(id: string, service: string, title: string): Step<RepairContext, { offline: boolean }> {
  return {
    id,
    title,
    inspect: async (ctx) => ({ offline: ctx.services.kind === 'offline' }),
    plan: ({ offline }, earlier) =>
      offline
        ? []
        : startWhatWasStopped(
            service,
            earlier.flatMap((s) => s.actions),
          ),
    summary: ({ offline }, actions) =>
      offline ? `offline image: ${service} starts with Windows` : actions.length ? serviceLine(actions, 'start') : 'nothing was stopped: nothing to start',
    words: startWords,
  };
}

/** The state of `name`, or undefined when the system has no such service (1060): not every Windows has UsoSvc. */
export async function stateIfPresent(ctx: RepairContext, name: string): Promise<ServiceState | undefined> {
  try {
    return await ctx.services.query(name);
  } catch (error) {
    if (error instanceof ServiceError && error.win32Code === 1060) return undefined;
    throw error;
  }
}

type StopAllFacts = { offline: true } | { offline: false; work: boolean; services: Array<{ name: string; state: ServiceState; dependents: string[] }> };

/** Stops `services` in their order, each one's running dependents first, skipping those this Windows lacks; offline, nothing. */
export function stopServicesStep(
  id: string,
  services: readonly string[],
  title: string,
  work: (ctx: RepairContext) => Promise<boolean>,
): Step<RepairContext, StopAllFacts> {
  return {
    id,
    title,
    async inspect(ctx) {
      if (ctx.services.kind === 'offline') return { offline: true };
      const found = [];
      for (const name of services) {
        const state = await stateIfPresent(ctx, name);
        if (state !== undefined) found.push({ name, state, dependents: (await ctx.services.runningDependents(name)).sort() });
      }
      return { offline: false, work: await work(ctx), services: found };
    },
    plan(facts) {
      if (facts.offline || !facts.work) return [];
      // A dependent shared by two services is stopped once, before the first of them.
      const seen = new Set<string>();
      return facts.services
        .flatMap(({ name, state, dependents }) => stopActions(name, state, dependents))
        .filter((a) => a.kind === 'stop-service' && !seen.has(a.name.toUpperCase()) && Boolean(seen.add(a.name.toUpperCase())));
    },
    summary(facts, actions) {
      if (facts.offline) return 'offline image: no service runs, nothing to stop';
      if (!facts.work) return 'nothing to repair: the services are left as they are';
      return actions.length ? serviceLine(actions, 'stop') : `${services.join(', ')}: already stopped or absent`;
    },
    words: stopWords,
  };
}

/** Starts again, in reverse order, every service the earlier steps stopped, once they changed files or folders. */
export function startServicesStep(id: string, title: string): Step<RepairContext, { offline: boolean }> {
  return {
    id,
    title,
    inspect: async (ctx) => ({ offline: ctx.services.kind === 'offline' }),
    plan({ offline }, earlier) {
      const actions = earlier.flatMap((s) => s.actions);
      if (offline || !actions.some((a) => a.kind === 'move-file' || a.kind === 'rename-dir' || a.kind === 'make-dir')) return [];
      return actions.flatMap((a): Action[] => (a.kind === 'stop-service' ? [{ kind: 'start-service', name: a.name }] : [])).reverse();
    },
    summary: ({ offline }, actions) =>
      offline ? 'offline image: the services start with Windows' : actions.length ? serviceLine(actions, 'start') : 'nothing was stopped: nothing to start',
    words: startWords,
  };
}
