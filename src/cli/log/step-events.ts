import type { EngineProgress } from '../../engine/apply.js';
import type { RunStory } from './story.js';

/** Turns the engine's progress into one line when a step begins and one when it is done; `finish` closes the last. */
export function stepEvents(story: RunStory | undefined, phase: 'apply' | 'rollback') {
  let current: string | undefined;
  const verb = phase === 'apply' ? 'done' : 'undone';
  return {
    onProgress(p: EngineProgress): void {
      if (p.step === current) return;
      if (current !== undefined) story?.event('info', current, `Step ${current} ${verb}`);
      current = p.step;
      story?.event('info', current, `Step ${current} begun${phase === 'rollback' ? ' (rollback)' : ''}`);
    },
    finish(): void {
      if (current !== undefined) story?.event('info', current, `Step ${current} ${verb}`);
      current = undefined;
    },
  };
}
