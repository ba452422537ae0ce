// The look-ahead plans the settings one key away while the dashboard waits: a key it foresaw finds the outcomes
// it derived, and they are the outcomes derive() gives those settings in a session of their own.
import { describe, expect, it } from 'vitest';
import { derive, newDeriveCache } from '../../src/dash/derive.js';
import { KNOBS, stepKnob } from '../../src/dash/knobs.js';
import { lookAhead, neighbours } from '../../src/dash/look-ahead.js';
import { catalogSources } from '../../src/dash/sources.js';
import { paperSettings } from './fixtures.js';

const strategies = ['e2e', 'fsdp-offload', 'segprop'] as const;
const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('look-ahead', () => {
  it('lists one step up and down on every knob but the model, the selected knob first', () => {
    const s = paperSettings();
    const next = neighbours(s, 'headDepth');
    expect(next.slice(0, 2).map((n) => n.headDepth)).toEqual([s.headDepth + 1, s.headDepth - 1]);
    expect(next).toHaveLength(2 * (KNOBS.length - 1));
    expect(next.every((n) => n.model === s.model)).toBe(true);
    // with the model knob selected, still not another model (its graph is the slowest to build)
    const fromModel = neighbours(s, 'model');
    expect(fromModel).toHaveLength(2 * (KNOBS.length - 1));
    expect(fromModel.every((n) => n.model === s.model)).toBe(true);
  });

  it('derives them into the cache; a key then finds outcomes equal to a fresh derive of its settings', async () => {
    const sources = catalogSources();
    const cache = newDeriveCache();
    const s = paperSettings();
    derive(s, strategies, sources, cache);
    await new Promise<void>((done) => lookAhead(neighbours(s, 'segmentSize'), strategies, sources, cache, done));
    for (const [knob, delta] of [
      ['segmentSize', -1],
      ['headDepth', 1],
      ['seqLen', 1],
      ['frozenPlacement', 1],
    ] as const) {
      const key = stepKnob(s, knob, delta);
      const size = cache.outcomes.size;
      const found = derive(key, strategies, sources, cache);
      // nothing planned: every column was in the cache
      expect(cache.outcomes.size, knob).toBe(size);
      expect(json(found), knob).toEqual(json(derive(key, strategies, sources, newDeriveCache())));
    }
  });

  it('stops when asked: no outcome is added after the stop', async () => {
    const sources = catalogSources();
    const cache = newDeriveCache();
    const stop = lookAhead(neighbours(paperSettings(), 'gpus'), strategies, sources, cache);
    stop();
    await new Promise((done) => setTimeout(done, 50));
    expect(cache.outcomes.size).toBe(0);
  });
});
