// Pure helpers of the dashboard: winner rule, bar layout, formatting, key map, derived plans.
import { describe, expect, it } from 'vitest';
import { barRuns } from '../../src/dash/bar-cells.js';
import { derive, newDeriveCache } from '../../src/dash/derive.js';
import { flops, gib, range, rate, relError, seconds } from '../../src/dash/format.js';
import { keystrokes, NO_KEY } from '../../src/dash/burst.js';
import { keyToActions } from '../../src/dash/keys.js';
import type { Outcome } from '../../src/dash/outcome.js';
import { catalogSources } from '../../src/dash/sources.js';
import { initialState } from '../../src/dash/state.js';
import { pickWinner } from '../../src/dash/winner.js';
import type { PlanResult } from '../../src/plan/types.js';
import type { Key } from 'ink';
import { paperSettings } from './fixtures.js';
import { at } from '../at.js';

function outcome(strategy: Outcome['strategy'], maxMicroBatch: number, fits: boolean, tokensPerSecond: number): Outcome {
  const result = { maxMicroBatch, fits, throughput: { tokensPerSecond, samplesPerSecond: 0 } } as unknown as PlanResult;
  return { strategy, result, error: null };
}

describe('winner rule', () => {
  it('largest max micro-batch among feasible strategies; infeasible and errors never win', () => {
    expect(pickWinner([outcome('e2e', 50, false, 9e9), outcome('fsdp-offload', 10, true, 1), outcome('segprop', 4, true, 1e6)])).toBe('fsdp-offload');
    expect(pickWinner([outcome('e2e', 0, false, 1), { strategy: 'segprop', result: null, error: 'x' }])).toBeNull();
  });
  it('a tie goes to the higher tokens/s', () => {
    expect(pickWinner([outcome('fsdp-offload', 57, true, 1.5e6), outcome('segprop', 57, true, 2.2e6)])).toBe('segprop');
    expect(pickWinner([outcome('fsdp-offload', 57, true, 2.5e6), outcome('segprop', 57, true, 2.2e6)])).toBe('fsdp-offload');
  });
});

const mem = (over: Record<string, number>) => ({
  peakBytes: 0,
  weights: 0,
  gradients: 0,
  optimizer: 0,
  activations: 0,
  transient: 0,
  gather: 0,
  buffers: 0,
  overhead: 0,
  hostBytes: 0,
  allocatedBytes: 0,
  reservedBytes: 0,
  heldBytes: 0,
  ...over,
});

describe('memory bar layout', () => {
  it('a bar that fits: parts in order, then free cells up to the capacity', () => {
    const runs = barRuns(mem({ peakBytes: 50, weights: 25, activations: 25 }), 100, 10);
    expect(runs.map((r) => r.cell)).toEqual(['weights', 'activations', 'free']);
    expect(runs.reduce((n, r) => n + r.length, 0)).toBe(10);
    expect(runs.find((r) => r.cell === 'free')!.length).toBe(5);
  });
  it('a bar over capacity is scaled to the peak and marks where the capacity is', () => {
    const runs = barRuns(mem({ peakBytes: 400, optimizer: 400 }), 100, 20);
    expect(runs).toEqual([
      { cell: 'optimizer', length: 4 },
      { cell: 'capacity', length: 1 },
      { cell: 'optimizer', length: 15 },
    ]);
  });
});

describe('formatting', () => {
  it('states units: GiB, FLOPs, seconds, rates, ranges with a shared unit', () => {
    expect(gib(40 * 2 ** 30)).toBe('40.0 GiB');
    expect(flops(1.234e15)).toBe('1.23 PFLOP');
    expect(flops(512)).toBe('512 FLOP');
    expect(seconds(0.0123)).toBe('12.3 ms');
    expect(seconds(3.456)).toBe('3.46 s');
    expect(rate(6546, 'tok')).toBe('6.55 ktok/s');
    expect(range('1.47 s', '3.52 s')).toBe('1.47–3.52 s');
    expect(range('812 ms', '3.52 s')).toBe('812 ms–3.52 s');
    expect([relError(-0.0001), relError(-0.031), relError(0.2)]).toEqual(['0.0%', '-3.1%', '+20.0%']);
  });
});

const k = (over: Partial<Key> = {}): Key => ({ ...NO_KEY, ...over });

describe('key map', () => {
  const s = initialState(paperSettings());
  it('q quits, v starts the validation once, ? opens help', () => {
    expect(keyToActions('q', k(), s).effect).toBe('quit');
    expect(keyToActions('v', k(), s).effect).toBe('validate');
    const running = { ...s, validation: { status: 'running' as const, done: 1, total: 12, current: 'x' } };
    expect(keyToActions('v', k(), running)).toEqual({ actions: [{ type: 'overlay', overlay: 'validation' }] });
    expect(keyToActions('?', k(), s).actions).toEqual([{ type: 'overlay', overlay: 'help' }]);
  });
  it('arrows select and step; a letter selects its knob and steps it', () => {
    expect(keyToActions('', k({ rightArrow: true }), s).actions).toEqual([{ type: 'select', delta: 1 }]);
    expect(keyToActions('', k({ downArrow: true }), s).actions).toEqual([{ type: 'step', knob: 'model', delta: -1 }]);
    expect(keyToActions('H', k({ shift: true }), s).actions).toEqual([
      { type: 'selectKnob', knob: 'headDepth' },
      { type: 'step', knob: 'headDepth', delta: -1 },
    ]);
  });
  it("digits toggle strategies: 1-4 the paper's four as before, then the other presets, each digit once", () => {
    const toggled = (d: string) => (keyToActions(d, k(), s).actions[0] as { strategy?: string } | undefined)?.strategy;
    expect(['1', '2', '3', '4'].map(toggled)).toEqual(['e2e', 'fsdp', 'fsdp-offload', 'segprop']);
    const all = [...'1234567890'].map(toggled).filter((x) => x !== undefined);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['zero1', 'zero2', 'hybrid']));
    expect(keyToActions('constructor', k(), s).actions).toEqual([]);
  });
  it('while typing, q is not quit and digits go to the number', () => {
    const typing = { ...s, edit: '1' };
    expect(keyToActions('q', k(), typing)).toEqual({ actions: [] });
    expect(keyToActions('2', k(), typing).actions).toEqual([{ type: 'editInput', text: '2' }]);
  });
});

describe('derive', () => {
  it('plans each shown strategy with the engine and reports engine errors per column', () => {
    const d = derive(paperSettings({ segmentSize: 100 }), ['e2e', 'segprop'], catalogSources(), newDeriveCache());
    expect(at(d.outcomes, 0, 'outcome').result?.maxMicroBatch).toBe(0);
    expect(d.outcomes[1]).toMatchObject({ strategy: 'segprop', result: null });
    expect(at(d.outcomes, 1, 'outcome').error).toMatch(/^segment 100: must be an integer from 1 to 70/);
    expect(d.winner).toBeNull();
  });
  it('placement knobs go to the SegProp request only: E2E and FSDP+offload are not re-planned', () => {
    const cache = newDeriveCache();
    const all = ['e2e', 'fsdp-offload', 'segprop'] as const;
    const before = derive(paperSettings(), all, catalogSources(), cache);
    const after = derive(
      paperSettings({ frozenPlacement: 'offloaded', trainablePlacement: 'replicated', optimizerPlacement: 'offloaded' }),
      all,
      catalogSources(),
      cache,
    );
    expect(after.outcomes[0]).toBe(before.outcomes[0]);
    expect(after.outcomes[1]).toBe(before.outcomes[1]);
    expect(at(after.outcomes, 0, 'outcome').result?.settings.placement.frozen).toBe('replicated'); // E2E's preset
    expect(at(after.outcomes, 2, 'outcome').result?.settings.placement).toMatchObject({
      trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'offloaded' },
      frozen: 'offloaded',
    });
  });
  it('an unreadable model is a problem for every column, not an exception', () => {
    const s = paperSettings();
    const d = derive({ ...s, models: ['/no/such/model.json'], model: 0 }, ['e2e', 'segprop'], catalogSources(), newDeriveCache());
    expect(d.problem).toMatch(/no\/such\/model\.json/);
    expect(d.outcomes.every((o) => o.error === d.problem)).toBe(true);
  });
});

describe('keystrokes: a burst of plain characters is split into single keys', () => {
  const none = { ...keystrokes('x', {} as Key)[0]!.key };
  it('"8\\r" is the digit, then Enter', () => {
    const ks = keystrokes('8\r', none);
    expect(ks.map((k) => k.input)).toEqual(['8', '']);
    expect(ks.map((k) => k.key.return)).toEqual([false, true]);
  });
  it('tab, backspace and capitals keep their meaning', () => {
    const ks = keystrokes('\t\u007FK', none);
    expect([ks[0]!.key.tab, ks[1]!.key.backspace, ks[2]!.input, ks[2]!.key.shift]).toEqual([true, true, 'K', true]);
  });
  it('one key, an escape sequence or a ctrl key stay whole', () => {
    expect(keystrokes('k', none)).toHaveLength(1);
    expect(keystrokes('[A', { ...none, meta: true })).toHaveLength(1);
    expect(keystrokes('\u001B[A', none)).toHaveLength(1);
  });
});
