// The dashboard as a user sees it: render, press keys, read the new frame.
import { describe, expect, it } from 'vitest';
import type { ValidationRow } from '../../src/dash/validation-rows.js';
import type { ValidationRunner } from '../../src/dash/validation-run.js';
import { frameWhere, KEY, press, ready, renderDash } from './render.js';
import { enginePeak, engineSegpropMax } from './fixtures.js';

/** the line of the strategy table that starts with `label` */
function row(frame: string, label: string): string {
  const line = frame.split('\n').find((l) => l.startsWith(label));
  if (line === undefined) throw new Error(`no row "${label}" in\n${frame}`);
  return line;
}

/** the column (E2E / FSDP+offload / SegProp) whose title carries the star */
function starred(frame: string): string | null {
  // not the knobs panel's "SegProp: trainable ..., frozen ..." placement item
  const title = frame.split('\n').find((l) => /E2E|SegProp|FSDP/.test(l) && !/memory|stages|trainable/.test(l))!;
  const m = /★ (\S+)/.exec(title);
  return m ? m[1]! : null; // the one capture group is not optional
}

const frameOf = (r: { lastFrame(): string | undefined }) => r.lastFrame() ?? '';

describe('segplan dash (ink)', () => {
  it('shows the paper scenario: E2E and FSDP+offload infeasible, SegProp fits and wins', async () => {
    const r = renderDash();
    await ready(r);
    const f = frameOf(r);
    expect(f).toContain('llama-2-70b (69.0B params) · 8 × a100-40gb @ 40.0 GiB');
    expect(row(f, 'feasible')).toMatch(/✗ b=1 > GPU memory\s+✗ host RAM too small\s+✓ fits/);
    expect(row(f, 'max µbatch')).toMatch(/^max µbatch\s+0\s+9\s+1\s*$/);
    expect(starred(f)).toBe('SegProp');
    expect(f).toContain('capacity 40.0 GiB');
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    r.unmount();
  });

  it('a letter key changes a knob and every number follows (k: segment size 8 -> 9)', async () => {
    const r = renderDash();
    await ready(r);
    const before = frameOf(r);
    await press(r, 'k');
    const after = frameOf(r);
    expect(after).toContain('[segment 9]');
    expect(row(before, 'peak/GPU')).toMatch(new RegExp(`${enginePeak('segprop', 8)}\\s*$`));
    expect(row(after, 'peak/GPU')).toMatch(new RegExp(`${enginePeak('segprop', 9)}\\s*$`));
    expect(enginePeak('segprop', 9)).not.toBe(enginePeak('segprop', 8));
    // E2E and FSDP+offload do not depend on the segment size
    expect(row(after, 'peak/GPU').slice(0, 50)).toBe(row(before, 'peak/GPU').slice(0, 50));
    await press(r, 'K');
    expect(row(frameOf(r), 'peak/GPU')).toMatch(new RegExp(`${enginePeak('segprop', 8)}\\s*$`));
    r.unmount();
  });

  it('w puts the SegProp frozen weights in host memory: its max µbatch is the engine answer, E2E and FSDP+offload stay', async () => {
    const seg = { segmentSize: 1, headDepth: 1, prefixDepth: 0, forward: 'growing' as const };
    const r = renderDash({ settings: seg });
    await ready(r);
    const before = frameOf(r);
    expect(before).toContain('SegProp: trainable sharded, frozen sharded');
    await press(r, 'w');
    const after = frameOf(r);
    expect(after).toContain('[frz offloaded]');
    expect(after).toContain('SegProp: trainable sharded, frozen offloaded');
    const sharded = engineSegpropMax(seg);
    const offloaded = engineSegpropMax(seg, { frozen: 'offloaded' });
    expect(offloaded).toBeGreaterThan(sharded);
    const max = (f: string) => row(f, 'max µbatch').trim().split(/\s+/).slice(2).map(Number);
    expect(max(before)[2]).toBe(sharded);
    expect(max(after)[2]).toBe(offloaded);
    // E2E and FSDP+offload keep their own placement: same numbers on every row
    for (const label of ['feasible', 'max µbatch', 'µbatch used', 'peak/GPU', 'FLOPs/GPU·step', 'step time', 'throughput']) {
      expect(row(after, label).slice(0, 50), label).toBe(row(before, label).slice(0, 50));
    }
    const lines = after.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    await press(r, 'W');
    expect(max(frameOf(r))[2]).toBe(sharded);
    r.unmount();
  });

  it('←/→ select a knob and ↑/↓ change it (sequence length doubles and halves)', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, KEY.right, KEY.right, KEY.right, KEY.right);
    expect(frameOf(r)).toContain('[seq 2048]');
    const tokens = row(frameOf(r), 'throughput');
    await press(r, KEY.up);
    expect(frameOf(r)).toContain('[seq 4096]');
    expect(row(frameOf(r), 'throughput')).not.toBe(tokens);
    await press(r, KEY.down, KEY.down);
    expect(frameOf(r)).toContain('[seq 1024]');
    r.unmount();
  });

  it('typing a micro-batch makes SegProp infeasible, and no strategy wins', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, 'b'); // selects µbatch (auto -> 1)
    await press(r, KEY.enter, '6', '4', KEY.enter);
    const f = frameOf(r);
    expect(f).toContain('[µbatch 64]');
    expect(row(f, 'µbatch used')).toMatch(/64\s+64\s+64/);
    expect(row(f, 'feasible')).toMatch(/✗.*✗.*✗ µbatch > GPU memo/);
    expect(row(f, 'feasible')).not.toContain('✓');
    expect(starred(f)).toBeNull();
    r.unmount();
  });

  it('the star moves with the job: LLaMA-2-7B on A100-80GB goes to FSDP+offload', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, 'm', 'g');
    const f = frameOf(r);
    expect(f).toContain('llama-2-7b');
    expect(f).toContain('a100-80gb @ 80.0 GiB');
    expect(starred(f)).toBe('FSDP+offload');
    r.unmount();
  });

  it('an engine error is shown in the SegProp column, not thrown', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, 'k', KEY.enter, '1', '0', '0', KEY.enter);
    const f = frameOf(r);
    expect(f).toContain('[segment 100]');
    expect(row(f, 'feasible')).toMatch(/! error\s*$/);
    // the engine's message, once, under the table; the column's cells stay empty
    // the engine names the request field; the dashboard names the knob that set it
    expect(f).toMatch(/^! SegProp: segment 100: must be an integer from 1 to 70\s*$/m);
    expect(f.match(/segment 100:/g)).toHaveLength(1);
    expect(row(f, 'max µbatch')).toMatch(/^max µbatch\s+0\s+9\s*$/);
    expect(f).toContain('SegProp stages: no plan (the engine refused SegProp: see above)');
    expect(starred(f)).toBeNull();
    r.unmount();
  });

  it('keys that arrive in one read (a paste, tmux send-keys) edit a knob as typed keys would', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, KEY.right, KEY.right);
    expect(frameOf(r)).toContain('[gpus 8]');
    // Enter, 4, Enter in one chunk: type mode, the digit, apply
    await press(r, `${KEY.enter}4${KEY.enter}`);
    let f = frameOf(r);
    expect(f).toContain('[gpus 4]');
    expect(f).not.toContain('type gpus');
    expect(f).toContain('4 × a100-40gb');
    // the digits and Enter after an Enter of their own ("8" then Enter, as one read)
    await press(r, KEY.enter);
    expect(frameOf(r)).toContain('type gpus');
    await press(r, `8${KEY.enter}`);
    f = frameOf(r);
    expect(f).toContain('[gpus 8]');
    expect(f).not.toContain('type gpus');
    // letters in a burst step knobs one by one: k k K is segment 9
    await press(r, 'kkK');
    expect(frameOf(r)).toContain('[segment 9]');
    r.unmount();
  });

  it('bad typed input is a message, not a crash', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, 'b', KEY.enter, '0', KEY.enter);
    expect(frameOf(r)).toContain('µbatch: type a positive whole number or a for auto');
    r.unmount();
  });

  it('1-4 show and hide strategy columns', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, '2');
    expect(row(frameOf(r), 'max µbatch')).toMatch(/^max µbatch\s+0\s+\d+\s+9\s+1\s*$/);
    await press(r, '1', '3');
    const f = frameOf(r);
    expect(f).not.toContain('E2E');
    expect(f).not.toContain('FSDP+offload');
    r.unmount();
  });

  it('tab swaps the memory panel for the SegProp stage bars at 80×24; a tall terminal shows both', async () => {
    const r = renderDash();
    await ready(r);
    expect(frameOf(r)).toContain('memory per GPU at the peak');
    await press(r, KEY.tab);
    const f = frameOf(r);
    expect(f).not.toContain('memory per GPU at the peak');
    expect(f).toContain('SegProp stages (10)');
    expect(f).toMatch(new RegExp(`s1 prefix L0\\.\\.L7.*${enginePeak('segprop', 8, 0)} ✓ µb≤1`));
    r.unmount();
    const tall = renderDash({ columns: 120, rows: 40 });
    await ready(tall);
    expect(frameOf(tall)).toContain('memory per GPU at the peak');
    expect(frameOf(tall)).toMatch(/s10 L72\.\.L77 \+ head/);
    tall.unmount();
  });

  it('? opens the help with every key and the winner rule; esc closes it', async () => {
    const r = renderDash();
    await ready(r);
    await press(r, '?');
    const f = frameOf(r);
    expect(f).toContain('segplan dash · keys');
    expect(f).toContain('k/K  SegProp: layers per segment');
    expect(f).toContain('winner: feasible with the largest max micro-batch');
    await press(r, KEY.esc);
    expect(frameOf(r)).toContain('max µbatch');
    r.unmount();
  });

  it('v runs the validation with a progress bar, then shows predicted vs measured', async () => {
    let finish: (rows: ValidationRow[]) => void = () => {};
    let report: (p: { done: number; total: number; current: string }) => void = () => {};
    const runner: ValidationRunner = (onProgress) => {
      report = onProgress;
      return new Promise((resolve) => (finish = resolve));
    };
    const r = renderDash({ runValidation: runner });
    await ready(r);
    await press(r, 'v');
    expect(frameOf(r)).toContain('validation · tfjs quick suite, cpu backend');
    report({ done: 3, total: 12, current: 'gpt-tiny/e2e-checkpoint' });
    await frameWhere(r, (f) => f.includes('3/12'), 'the progress 3/12');
    expect(frameOf(r)).toMatch(/\[█+·+\]\s+3\/12/);
    expect(frameOf(r)).toContain('running gpt-tiny/e2e-checkpoint');
    finish([
      {
        name: 'gpt-tiny/e2e',
        predictedPeakBytes: 2 * 2 ** 20,
        measuredPeakBytes: 2.5 * 2 ** 20,
        peakError: -0.2,
        predictedStepSeconds: 0.01,
        measuredStepSeconds: 0.02,
        stepError: -0.5,
        flopsExact: true,
      },
    ]);
    await frameWhere(r, (f) => !f.includes('running gpt-tiny'), 'the measured rows');
    const f = frameOf(r);
    expect(f).toMatch(/gpt-tiny\/e2e\s+2\.00\s+2\.50\s+-20\.0% exact/);
    await press(r, KEY.esc);
    expect(frameOf(r)).toContain('max µbatch');
    r.unmount();
  });

  it('a narrow terminal gets short labels and nothing wider than it', async () => {
    const r = renderDash({ columns: 60, rows: 24 });
    await ready(r);
    const f = frameOf(r);
    expect(f).toContain('max µb');
    expect(f).not.toContain('max µbatch');
    for (const l of f.split('\n')) expect(l.length, l).toBeLessThanOrEqual(60);
    r.unmount();
  });

  it('follows resize events of the terminal', async () => {
    const r = renderDash({ followTerminal: true });
    await ready(r);
    expect(frameOf(r)).toContain('max µbatch'); // ink-testing-library's 100 columns: long labels
    Object.defineProperty(r.stdout, 'columns', { get: () => 60, configurable: true });
    r.stdout.emit('resize');
    await frameWhere(r, (f) => !f.includes('max µbatch'), 'the labels of a 60-column terminal');
    const f = frameOf(r);
    expect(f).toContain('max µb');
    expect(f).not.toContain('max µbatch');
    for (const l of f.split('\n')) expect(l.length, l).toBeLessThanOrEqual(60);
    r.unmount();
  });
});
