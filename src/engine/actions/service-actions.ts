import type { Action } from './action.js';
import { statusThenApply, type Handler } from './handler.js';

type Stop = Extract<Action, { kind: 'stop-service' }>;
type Start = Extract<Action, { kind: 'start-service' }>;

export const stopHandler: Handler<Stop> = {
  ...statusThenApply(
    async (world, _run, a) => ((await world.services.query(a.name)) === 'stopped' ? 'applied' : 'pending'),
    async (world, _run, a) => void (await world.services.stop(a.name)),
  ),
  undo: async (world, a) => void (await world.services.start(a.name)),
};

export const startHandler: Handler<Start> = {
  ...statusThenApply(
    async (world, _run, a) => ((await world.services.query(a.name)) === 'running' ? 'applied' : 'pending'),
    async (world, _run, a) => void (await world.services.start(a.name)),
  ),
  undo: async (world, a) => void (await world.services.stop(a.name)),
};
