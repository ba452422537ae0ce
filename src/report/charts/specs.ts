// Vega-Lite specs of the report's charts. Data are inline values from engine results; nothing is fetched.
import type { PlanResult } from '../../plan/types.js';
import { frontierX, objectives } from '../frontier.js';
import { throughputNoun } from '../units.js';
import type { FrontierAxis } from '../../scenario/types.js';
import { strategyLabel } from '../views/plan-tables.js';

type Spec = Record<string, unknown>;
const GIB = 1024 ** 3;
const COMPONENTS = ['weights', 'gradients', 'optimizer', 'activations', 'transient', 'gather', 'overhead'] as const;
const FONT = { config: { font: 'sans-serif', view: { stroke: null } } };

function bindingStage(r: PlanResult) {
  return r.stages.find((s) => s.index === r.bindingStage) ?? r.stages[0]!;
}

/** Stacked bars: each strategy's memory at its binding stage's peak, with the GPU's capacity as a rule. */
export function memoryByStrategySpec(results: PlanResult[], labels = results.map(strategyLabel)): Spec {
  const values = results.flatMap((r, i) => COMPONENTS.map((c) => ({ strategy: labels[i]!, component: c, gib: bindingStage(r).memory[c] / GIB })));
  const capacity = (results[0]?.settings.gpuMemoryBytes ?? 0) / GIB;
  return {
    ...FONT,
    title: 'Peak memory per GPU by component (binding stage)',
    width: 520,
    layer: [
      {
        data: { values },
        mark: 'bar',
        encoding: {
          y: { field: 'strategy', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0 } },
          x: { field: 'gib', type: 'quantitative', stack: 'zero', title: 'GiB per GPU' },
          color: { field: 'component', type: 'nominal', sort: [...COMPONENTS], scale: { scheme: 'tableau10' } },
        },
      },
      {
        data: { values: [{ capacity }] },
        mark: { type: 'rule', color: 'black', strokeDash: [4, 3] },
        encoding: { x: { field: 'capacity', type: 'quantitative' } },
      },
    ],
  };
}

export function maxMicroBatchSpec(results: PlanResult[], labels = results.map(strategyLabel)): Spec {
  return {
    ...FONT,
    title: 'Largest micro-batch that fits GPU memory (per GPU)',
    width: 520,
    data: { values: results.map((r, i) => ({ strategy: labels[i]!, maxMicroBatch: r.maxMicroBatch })) },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'strategy', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0 } },
          x: { field: 'maxMicroBatch', type: 'quantitative', title: 'samples per GPU', axis: { tickMinStep: 1 } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: {
          y: { field: 'strategy', type: 'nominal', sort: null },
          x: { field: 'maxMicroBatch', type: 'quantitative' },
          text: { field: 'maxMicroBatch', type: 'quantitative' },
        },
      },
    ],
  };
}

/** SegProp: every stage's peak, split into components. */
export function stageMemorySpec(r: PlanResult, label = strategyLabel(r)): Spec {
  const values = r.stages.flatMap((st) => COMPONENTS.map((c) => ({ stage: `${st.index} ${st.name}`, order: st.index, component: c, gib: st.memory[c] / GIB })));
  return {
    ...FONT,
    title: `Memory per GPU at each stage's peak: ${label}`,
    width: { step: 28 },
    height: 260,
    layer: [
      {
        data: { values },
        mark: 'bar',
        encoding: {
          x: { field: 'stage', type: 'ordinal', sort: { field: 'order' }, title: 'stage', axis: { labelAngle: -45 } },
          y: { field: 'gib', type: 'quantitative', stack: 'zero', title: 'GiB per GPU' },
          color: { field: 'component', type: 'nominal', sort: [...COMPONENTS], scale: { scheme: 'tableau10' } },
        },
      },
      {
        data: { values: [{ capacity: r.settings.gpuMemoryBytes / GIB }] },
        mark: { type: 'rule', color: 'black', strokeDash: [4, 3] },
        encoding: { y: { field: 'capacity', type: 'quantitative' } },
      },
    ],
  };
}

export interface TimelinePoint {
  event: string;
  phase: string;
  bytes: number;
}

export function timelineSpec(points: TimelinePoint[], title: string, capacityBytes: number): Spec {
  return {
    ...FONT,
    title,
    width: 640,
    height: 240,
    layer: [
      {
        data: { values: points.map((p, i) => ({ i, event: p.event, phase: p.phase, gib: p.bytes / GIB })) },
        mark: { type: 'line', point: true, interpolate: 'step-after' },
        encoding: {
          x: { field: 'i', type: 'quantitative', title: "the step's events, in order (forward, backward, optimizer)" },
          y: { field: 'gib', type: 'quantitative', title: 'GiB per GPU' },
          color: { field: 'phase', type: 'nominal' },
        },
      },
      {
        data: { values: [{ capacity: capacityBytes / GIB }] },
        mark: { type: 'rule', color: 'black', strokeDash: [4, 3] },
        encoding: { y: { field: 'capacity', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * Sweep points: peak memory against FLOPs per token or time per item; frontier points numbered (1, 2, ... along
 * the x axis, the sweep table gives each number's settings) so that labels stay short and do not overlap.
 */
export function frontierSpec(
  points: Array<{ vary: Record<string, string | number>; result: PlanResult; frontier: boolean; mark?: number }>,
  axis: FrontierAxis = 'flops',
): Spec {
  const values = points.map((p) => {
    const o = objectives(p.result);
    return {
      label: p.mark === undefined ? '' : String(p.mark),
      // FLOPs in TFLOPs
      x: frontierX(o, axis) / (axis === 'flops' ? 1e12 : 1),
      gib: o.memory / GIB,
      kind: p.frontier ? 'Pareto frontier' : p.result.fits ? 'fits' : 'does not fit',
    };
  });
  const per = points[0] ? throughputNoun(points[0].result) : 'token';
  const xTitle = axis === 'flops' ? `TFLOPs per ${per} (2 per multiply-add)` : 'seconds until every layer has one update (one step of each stage)';
  return {
    ...FONT,
    title: `Sweep: peak memory vs ${axis === 'flops' ? `FLOPs per ${per}` : 'time per update of every layer'}`,
    width: 560,
    height: 320,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } },
          y: { field: 'gib', type: 'quantitative', title: 'peak GiB per GPU', scale: { zero: false } },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['Pareto frontier', 'fits', 'does not fit'], range: ['#d62728', '#1f77b4', '#bbbbbb'] } },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'Pareto frontier'" }],
        mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'gib', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
        },
      },
    ],
  };
}

/**
 * A study's metric for every strategy (rows) in every variant (colours, each variant on its own line within a
 * strategy's row so that equal values do not hide each other). A log axis when the values span orders of
 * magnitude (E2E's 1.4 TiB beside 38 GiB); symmetric-log when there are zeros too.
 */
export function studyMetricSpec(rows: Array<{ strategy: string; variant: string; value: number }>, metric: { title: string; unit: string }): Spec {
  const positive = rows.map((r) => r.value).filter((v) => v > 0);
  const spread = positive.length > 0 ? Math.max(...positive) / Math.min(...positive) : 1;
  const zeros = positive.length < rows.length;
  const logKind = spread > 30 ? (zeros ? 'symmetric log' : 'log') : undefined;
  const scale = logKind === 'log' ? { type: 'log' } : logKind ? { type: 'symlog' } : { zero: true };
  const variants = [...new Set(rows.map((r) => r.variant))];
  const legend = variants.length > 1 ? { labelLimit: 400, orient: 'bottom', columns: 2, title: 'variant' } : null;
  return {
    ...FONT,
    title: metric.title,
    width: 560,
    // each variant's line within a strategy's row
    height: { step: variants.length > 1 ? 6 : 20, for: 'offset' },
    data: { values: rows },
    mark: { type: 'point', filled: true, size: variants.length > 1 ? 30 : 60 },
    encoding: {
      y: { field: 'strategy', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0, grid: true } },
      yOffset: { field: 'variant', type: 'nominal', sort: variants },
      x: { field: 'value', type: 'quantitative', title: `${metric.unit}${logKind ? ` (${logKind} scale)` : ''}`, scale },
      color: { field: 'variant', type: 'nominal', sort: variants, scale: { scheme: 'tableau10' }, legend },
    },
  };
}
