// Vega-Lite specs of the report's charts. Data are inline values from engine results; nothing is fetched.
import type { PlanResult } from '../../plan/types.js';
import { objectives } from '../frontier.js';
import { strategyLabel } from '../views/plan-tables.js';

type Spec = Record<string, unknown>;
const GIB = 1024 ** 3;
const COMPONENTS = ['weights', 'gradients', 'optimizer', 'activations', 'transient', 'gather', 'overhead'] as const;
const FONT = { config: { font: 'sans-serif', view: { stroke: null } } };

function bindingStage(r: PlanResult) {
  return r.stages.find((s) => s.index === r.bindingStage) ?? r.stages[0]!;
}

/** Stacked bars: each strategy's memory at its binding stage's peak, with the GPU's capacity as a rule. */
export function memoryByStrategySpec(results: PlanResult[]): Spec {
  const values = results.flatMap((r) => COMPONENTS.map((c) => ({ strategy: strategyLabel(r), component: c, gib: bindingStage(r).memory[c] / GIB })));
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
          y: { field: 'strategy', type: 'nominal', title: null, sort: null },
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

export function maxMicroBatchSpec(results: PlanResult[]): Spec {
  return {
    ...FONT,
    title: 'Largest micro-batch that fits (per GPU)',
    width: 520,
    data: { values: results.map((r) => ({ strategy: strategyLabel(r), maxMicroBatch: r.maxMicroBatch })) },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'strategy', type: 'nominal', title: null, sort: null },
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
export function stageMemorySpec(r: PlanResult): Spec {
  const values = r.stages.flatMap((st) => COMPONENTS.map((c) => ({ stage: `${st.index} ${st.name}`, order: st.index, component: c, gib: st.memory[c] / GIB })));
  return {
    ...FONT,
    title: `Memory per GPU at each stage's peak: ${strategyLabel(r)}`,
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
          x: { field: 'i', type: 'quantitative', title: 'event in the step' },
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

/** Sweep points: FLOPs per token against peak memory; frontier points labelled with their varied values. */
export function frontierSpec(points: Array<{ vary: Record<string, string | number>; result: PlanResult; frontier: boolean }>): Spec {
  const values = points.map((p) => {
    const o = objectives(p.result);
    return {
      label: Object.entries(p.vary)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      tflopsPerToken: o.flopsPerToken / 1e12,
      gib: o.memory / GIB,
      kind: p.frontier ? 'Pareto frontier' : p.result.fits ? 'fits' : 'does not fit',
    };
  });
  return {
    ...FONT,
    title: 'Sweep: peak memory vs FLOPs per token',
    width: 560,
    height: 320,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'tflopsPerToken', type: 'quantitative', title: 'TFLOPs per token (2 per multiply-add)', scale: { zero: false } },
          y: { field: 'gib', type: 'quantitative', title: 'peak GiB per GPU', scale: { zero: false } },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['Pareto frontier', 'fits', 'does not fit'], range: ['#d62728', '#1f77b4', '#bbbbbb'] } },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'Pareto frontier'" }],
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 9 },
        encoding: {
          x: { field: 'tflopsPerToken', type: 'quantitative' },
          y: { field: 'gib', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
        },
      },
    ],
  };
}
