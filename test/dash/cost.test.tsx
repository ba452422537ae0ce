// Time to train and cost in the dashboard: the budget (d) and price (u) knobs add two rows to the strategy
// table whose numbers are the engine's (plan() with the same training request), and cost = price × GPUs × time.
import { describe, expect, it } from 'vitest';
import { range, si } from '../../src/dash/format.js';
import { stepKnob, knobValue, parseTyped } from '../../src/dash/knobs.js';
import { plan } from '../../src/plan/plan.js';
import { seconds, usd } from '../../src/report/units.js';
import { paperRequest, paperSettings } from './fixtures.js';
import { gpuById } from '../../src/hardware/lookup.js';
import { KEY, press, ready, renderDash } from './render.js';

const row = (frame: string, label: string) => frame.split('\n').find((l) => l.startsWith(label)) ?? '';

/** the engine's estimate for the paper scenario's SegProp column (segment 8, head 2, prefix 8) */
function segpropEstimate(tokens: number, usdPerGpuHour?: number) {
  const req = paperRequest('segprop', { segmentSize: 8, headDepth: 2, prefixDepth: 8, forward: 'full' });
  return plan({ ...req, training: { budget: { tokens }, ...(usdPerGpuHour !== undefined ? { usdPerGpuHour } : {}) } }).training!;
}

describe('the budget and price knobs', () => {
  it('step the budget none -> 1B tokens -> 10B and back to none; the price ref (catalog) -> 1 -> 2 USD', () => {
    let s = paperSettings();
    expect(knobValue(s, 'budget')).toBe('off');
    s = stepKnob(s, 'budget', 1);
    expect(s.budget).toEqual({ tokens: 1e9 });
    expect(knobValue(stepKnob(s, 'budget', 1), 'budget')).toBe('10B');
    expect(stepKnob(stepKnob(stepKnob(stepKnob(s, 'budget', -1), 'budget', -1), 'budget', -1), 'budget', -1).budget).toBeNull();
    expect(knobValue(s, 'price')).toBe('ref');
    expect(knobValue(stepKnob(stepKnob(s, 'price', 1), 'price', 1), 'price')).toBe('2');
    expect(stepKnob(stepKnob(s, 'price', 1), 'price', -1).price).toBe(0.5);
  });

  it('read typed amounts as the command line does (300B, 1.5T, 2.5) and refuse the rest', () => {
    expect(parseTyped('budget', '300B')).toEqual({ value: 3e11 });
    expect(parseTyped('budget', '1.5T')).toEqual({ value: 1.5e12 });
    expect(parseTyped('price', '2.5')).toEqual({ value: 2.5 });
    expect(parseTyped('budget', '0')).toHaveProperty('problem');
    expect(parseTyped('budget', '1.5')).toHaveProperty('problem'); // tokens are whole
    expect(parseTyped('price', 'a')).toHaveProperty('problem');
  });
});

describe('segplan dash with a training budget', () => {
  it('has no time-to-train or cost rows without one', async () => {
    const r = renderDash();
    await ready(r);
    expect(r.lastFrame()).not.toMatch(/^time to train/m);
    r.unmount();
  });

  it("d sets a budget: the engine's time to train and cost at the catalog price appear under each strategy", async () => {
    const r = renderDash();
    await ready(r);
    await press(r, 'd', KEY.enter, '2', 'T', KEY.enter);
    const f = r.lastFrame() ?? '';
    expect(f).toContain('[tok 2T]');
    const t = segpropEstimate(2e12);
    expect(t.price!.source).not.toBe('--price'); // the catalog's reference price
    expect(row(f, 'time to train')).toMatch(new RegExp(`${seconds(t.seconds!).replace('.', '\\.')}\\s*$`));
    expect(row(f, 'cost')).toMatch(new RegExp(`${usd(t.costUsd).replace(/[$.]/g, '\\$&')}\\s*$`));
    // E2E is infeasible on this cluster, but a plan still has a throughput: its cells are the engine's too
    expect(
      row(f, 'cost')
        .trim()
        .split(/\s{2,}/),
    ).toHaveLength(4);
    r.unmount();
  });

  it("shows each plan's cost at the published runs' spread on its GPU, or that it has none", async () => {
    // on the A100 80GB, whose published runs include the paper scenario's settings (the A100 40GB's are MosaicML's alone)
    const gpu = paperSettings().gpuList.indexOf('a100-80gb');
    const r = renderDash({ settings: { budget: { tokens: 2e12 }, gpu }, columns: 120, rows: 40 });
    await ready(r);
    const f = r.lastFrame() ?? '';
    const req = { ...paperRequest('segprop', { segmentSize: 8, headDepth: 2, prefixDepth: 8, forward: 'full' }), gpu: gpuById('a100-80gb') };
    const a = plan({ ...req, training: { budget: { tokens: 2e12 } } }).accuracy;
    if (!a.checked) throw new Error(a.why);
    const cells = row(f, 'cost range')
      .trim()
      .split(/\s{2,}/);
    expect(cells).toContain(range(`$${si(a.costUsd!.low)}`, `$${si(a.costUsd!.high)}`));
    expect(cells).toContain('no range'); // the offloading strategy: no published run offloads
    r.unmount();
  });

  it('y prices it: cost = price × GPUs × time, from the engine', async () => {
    const r = renderDash({ settings: { budget: { tokens: 2e12 } } });
    await ready(r);
    await press(r, 'y', KEY.enter, '3', KEY.enter);
    const f = r.lastFrame() ?? '';
    expect(f).toContain('[$/h 3]');
    const t = segpropEstimate(2e12, 3);
    expect(t.costUsd).toBeCloseTo(3 * 8 * (t.seconds! / 3600), 6);
    expect(row(f, 'cost')).toMatch(new RegExp(`${usd(t.costUsd).replace(/[$.]/g, '\\$&')}\\s*$`));
    r.unmount();
  });
});
