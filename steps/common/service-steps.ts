import type { Step } from '../../src/engine/plan.js';
import type { ServiceState } from '../../src/platform/services.js';
import { serviceNames, type RepairContext } from '../../src/repair/context.js';
import { serviceLine, startWhatWasStopped, stopActions } from './services.js';

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
    words: {
      doing: 'stopping services',
      undoing: 'starting services again',
      done: (actions) => `stopped ${serviceNames(actions)}`,
      undone: (actions) => `started ${serviceNames(actions)} again`,
    },
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
    words: {
      doing: 'starting services',
      undoing: 'stopping services again',
      done: (actions) => `started ${serviceNames(actions)}`,
      undone: (actions) => `stopped ${serviceNames(actions)} again`,
    },
  };
}
