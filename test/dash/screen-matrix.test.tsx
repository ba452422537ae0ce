// Every catalog GPU, a handful of models and strategies, five terminal sizes: the frame ink writes never has
// a line wider than the terminal, never more lines than it has rows (so the title stays on the first row),
// never a blank line inside; the help overlay is whole; each engine error is shown once. One ink instance
// per scenario is re-rendered at each size (the plans are computed once, in a shared cache).
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/dash/app.js';
import { derive, newDeriveCache } from '../../src/dash/derive.js';
import type { Settings } from '../../src/dash/settings.js';
import { catalogSources } from '../../src/dash/sources.js';
import { type DashState, initialState } from '../../src/dash/state.js';
import { gpuIds } from '../../src/hardware/lookup.js';
import type { StrategyName } from '../../src/vocabulary.js';
import { paperSettings } from './fixtures.js';
import { collapse, dashboardProblems, frameProblems, helpProblems } from './screen-checks.js';

const SIZES: ReadonlyArray<[number, number]> = [
  [80, 24],
  [100, 30],
  [120, 40],
  [200, 50],
  [250, 70],
];

const sources = catalogSources();
const cache = newDeriveCache();
const never = () => new Promise<never>(() => {});

interface Scenario {
  name: string;
  settings: Partial<Settings>;
  strategies?: StrategyName[];
}

const ALL: StrategyName[] = ['e2e', 'fsdp', 'fsdp-offload', 'segprop'];
const models = paperSettings().models;
const model = (name: string) => models.indexOf(name);

/** the second scenario of each GPU, in turn: a decoder with all four strategies, an image model, many stages */
const OTHERS: Array<Omit<Scenario, 'name'> & { label: string }> = [
  { label: 'llama-2-7b, all four strategies', settings: { model: model('llama-2-7b') }, strategies: ALL },
  {
    label: 'resnet-50 on 1 GPU, E2E + SegProp',
    settings: { model: model('resnet-50'), gpus: 1, seqLen: 1, segmentSize: 4, headDepth: 1, prefixDepth: 0 },
    strategies: ['e2e', 'segprop'],
  },
  {
    label: 'gpt2, FSDP + SegProp with one layer per segment',
    settings: { model: model('gpt2'), seqLen: 1024, segmentSize: 1, headDepth: 1, prefixDepth: 0 },
    strategies: ['fsdp', 'segprop'],
  },
  {
    label: 'mistral-7b, SegProp growing, 32 stages',
    settings: { model: model('mistral-7b'), segmentSize: 1, headDepth: 1, prefixDepth: 0, forward: 'growing' },
  },
];

const gpus = gpuIds();
const scenarios: Scenario[] = gpus.flatMap((gpu, i) => {
  const other = OTHERS[i % OTHERS.length]!;
  return [
    { name: `${gpu}: llama-2-70b paper scenario`, settings: { gpu: i } },
    { name: `${gpu}: ${other.label}`, settings: { ...other.settings, gpu: i }, ...(other.strategies ? { strategies: other.strategies } : {}) },
  ];
});
scenarios.push(
  // a training budget adds the time-to-train and cost rows; h100-sxm has a catalog price, the price knob overrides
  { name: 'a100-40gb: llama-2-70b with a 2T-token budget (time to train, cost)', settings: { budget: { tokens: 2e12 } } },
  {
    name: 'h100-sxm: convnext-tiny, 90 epochs of ImageNet at $2.5 per GPU-hour, all four strategies',
    settings: { model: model('convnext-tiny'), gpu: gpus.indexOf('h100-sxm'), seqLen: 1, budget: { epochs: 90, datasetSize: 1_281_167 }, price: 2.5 },
    strategies: ALL,
  },
  { name: 'a100-40gb: 16 GPUs on 1 node (every strategy refused)', settings: { gpus: 16 } },
  { name: 'a100-80gb: segment size 100 (SegProp refused)', settings: { gpu: gpus.indexOf('a100-80gb'), segmentSize: 100 } },
);

function frames(state: DashState): Array<{ columns: number; rows: number; frame: string }> {
  const app = (columns: number, rows: number) => (
    <App initial={state} sources={sources} colour={false} runValidation={never} size={{ columns, rows }} cache={cache} />
  );
  const [c0, r0] = SIZES[0]!;
  const r = render(app(c0, r0));
  const out = SIZES.map(([columns, rows]) => {
    r.rerender(app(columns, rows));
    return { columns, rows, frame: r.lastFrame() ?? '' };
  });
  r.unmount();
  return out;
}

describe('the dashboard at 80×24 … 250×70', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const state = initialState(paperSettings(s.settings), s.strategies);
    const derived = derive(state.settings, state.strategies, sources, cache);
    const messages = [...new Set(derived.outcomes.flatMap((o) => (o.error === null ? [] : [o.error])))];
    for (const { columns, rows, frame } of frames(state)) {
      expect(dashboardProblems(frame, columns, rows), `${columns}×${rows}\n${frame}`).toEqual([]);
      // each engine error once, in one place (wrapped over lines at most)
      const text = collapse(frame);
      for (const m of messages) expect(text.split(collapse(m)).length - 1, `${columns}×${rows}: "${m}" once\n${frame}`).toBe(1);
    }
  });

  it('the validation view: within the screen, its keys on the last line, at every size', () => {
    const row = (i: number) => ({
      name: `case-${i}/with-a-long-name-${'x'.repeat(i)}`,
      predictedPeakBytes: 2 ** 21,
      measuredPeakBytes: 2 ** 21 * 1.1,
      peakError: -0.0909,
      predictedStepSeconds: 0.01,
      measuredStepSeconds: 0.012,
      stepError: -0.1667,
      flopsExact: true,
    });
    const state: DashState = {
      ...initialState(paperSettings()),
      overlay: 'validation',
      validation: { status: 'done', rows: Array.from({ length: 80 }, (_, i) => row(i)) },
    };
    for (const { columns, rows, frame } of frames(state)) {
      const lines = frame.split('\n');
      expect(frameProblems(lines, columns, rows), `${columns}×${rows}\n${frame}`).toEqual([]);
      expect(lines[0]).toBe('validation · tfjs quick suite, cpu backend');
      expect(lines[lines.length - 1]).toBe('esc back · r run again · q quit');
    }
  });

  it('the help overlay is whole at every size', () => {
    const state: DashState = { ...initialState(paperSettings()), overlay: 'help' };
    for (const { columns, rows, frame } of frames(state)) {
      expect(helpProblems(frame, columns, rows), `${columns}×${rows}\n${frame}`).toEqual([]);
    }
  });
});

describe('the screen checks bite', () => {
  const good = ['segplan dash · x', '[model x] gpu y', 'feasible ✓ fits', '←→ knob ↑↓ value ⏎ type'];
  it('a good frame passes', () => expect(dashboardProblems(good.join('\n'), 40, 10)).toEqual([]));
  it('a wide line, a blank line, too many lines, a lost title', () => {
    expect(dashboardProblems([...good.slice(0, 3), '█'.repeat(41), good[3]].join('\n'), 40, 10)[0]).toMatch(/line 4 is 41 cells wide/);
    expect(dashboardProblems([...good.slice(0, 2), '', ...good.slice(2)].join('\n'), 40, 10)).toEqual(['line 3 is blank']);
    expect(dashboardProblems(good.join('\n'), 40, 4)).toEqual(['4 lines on a 4-row terminal (at most 3)']);
    expect(dashboardProblems(good.slice(1).join('\n'), 40, 10)[0]).toMatch(/the first line is not the title/);
  });
  it('wide characters count two cells', () => {
    expect(dashboardProblems([...good.slice(0, 3), '漢'.repeat(21), good[3]].join('\n'), 40, 10)[0]).toMatch(/42 cells wide/);
  });
  it('stages that are neither shown nor counted', () => {
    const f = [...good.slice(0, 3), 'SegProp stages (5): …', 's1 a', 's2 b', '… 2 more; binding s1', good[3]].join('\n');
    expect(dashboardProblems(f, 40, 20)).toEqual(['stage panel: 2 rows + 2 more ≠ 5 stages']);
  });
});
