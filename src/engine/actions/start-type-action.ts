import { ServiceError } from '../../platform/services.js';
import type { World } from '../world.js';
import type { Action, ActionStatus } from './action.js';
import { statusThenApply, type Handler } from './handler.js';

type SetStartType = Extract<Action, { kind: 'set-start-type' }>;

async function startTypeStatus(world: World, a: SetStartType): Promise<ActionStatus> {
  const now = await world.services.startType(a.name);
  if (now === a.to) return 'applied';
  if (now === a.from) return 'pending';
  return { conflict: `the start type of ${a.name} is ${now}, neither ${a.from} nor ${a.to}` };
}

export const setStartTypeHandler: Handler<SetStartType> = {
  ...statusThenApply(
    (world, _run, a) => startTypeStatus(world, a),
    async (world, _run, a) => void (await world.services.setStartType(a.name, a.to)),
  ),
  /** Puts `from` back only over `to`: a type someone set since is theirs, and is left as it is. */
  async undo(world, a) {
    const now = await world.services.startType(a.name);
    if (now === a.from) return `the start type of ${a.name} was already ${a.from} again`;
    if (now !== a.to) throw new ServiceError(`the start type of ${a.name} is now ${now}, neither ${a.from} nor ${a.to}; left as it is`);
    await world.services.setStartType(a.name, a.from);
    return undefined;
  },
};
