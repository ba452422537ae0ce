// Planning ahead while the dashboard waits for a key. After every change, the settings one ↑ or ↓ away on each
// knob (the selected knob's first) are derived into the session's derive cache, one per turn of the event loop:
// the key that asks for one of them finds its plans made, and the engine code they run is optimized by then (a
// fresh session otherwise plans its first keys in code V8 has not compiled yet: 30 to 55 ms for LLaMA-2-70B's
// 72 SegProp stages at segment size 1, on the shared 2-core machine). Nothing on screen depends on it: derive()
// is a function of the settings, the cache only saves time, and a key the look-ahead did not foresee (or reaches
// first) is planned then, as before.
import type { StrategyName } from '../vocabulary.js';
import { derive, type DeriveCache } from './derive.js';
import { KNOBS, type KnobId, stepKnob } from './knobs.js';
import type { Settings } from './settings.js';
import type { Sources } from './sources.js';

/**
 * The settings one step away on each knob, the selected knob's first. The model knob is left out: its neighbour
 * is another model, whose graph takes the longest to build, and a key on it is the rarest.
 */
export function neighbours(s: Settings, selected: KnobId): Settings[] {
  const ids = [...(selected === 'model' ? [] : [selected]), ...KNOBS.map((k) => k.id).filter((id) => id !== selected && id !== 'model')];
  return ids.flatMap((id) => [stepKnob(s, id, 1), stepKnob(s, id, -1)]);
}

/**
 * Derives each of `next` in turn, one per turn of the event loop (a key that arrives meanwhile waits for one
 * derive at most), then calls `done`; returns the function that stops it (the dashboard stops it at every change and when it closes).
 */
export function lookAhead(
  next: readonly Settings[],
  strategies: readonly StrategyName[],
  sources: Sources,
  cache: DeriveCache,
  done: () => void = () => undefined,
): () => void {
  let i = 0;
  let timer: NodeJS.Immediate | undefined;
  const step = (): void => {
    const s = next[i++];
    if (s === undefined) return done();
    derive(s, strategies, sources, cache);
    timer = setImmediate(step);
  };
  timer = setImmediate(step);
  return () => clearImmediate(timer);
}
