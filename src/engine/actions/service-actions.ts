import type { World } from '../world.js';
import type { Action, ActionStatus } from './action.js';

type Stop = Extract<Action, { kind: 'stop-service' }>;
type Start = Extract<Action, { kind: 'start-service' }>;

export const stopHandler = {
  status: async (world: World, a: Stop): Promise<ActionStatus> => ((await world.services.query(a.name)) === 'stopped' ? 'applied' : 'pending'),
  apply: (world: World, a: Stop) => world.services.stop(a.name),
  undo: (world: World, a: Stop) => world.services.start(a.name),
};

export const startHandler = {
  status: async (world: World, a: Start): Promise<ActionStatus> => ((await world.services.query(a.name)) === 'running' ? 'applied' : 'pending'),
  apply: (world: World, a: Start) => world.services.start(a.name),
  undo: (world: World, a: Start) => world.services.stop(a.name),
};
