// The whole schedule of each strategy side by side: FLOPs by phase over every step it takes, against E2E
// training with the same number of updates per layer. A SegProp stage updates only its segment and the head,
// so the schedule needs more steps (and forward FLOPs) than E2E for the same updates; this table is that price.
import type { PlanResult } from '../../plan/types.js';
import type { Table } from '../table.js';
import { flops, seconds } from '../units.js';
import { FLOP_PHASES, strategyLabel } from './plan-tables.js';
import { METRICS, metricCell } from '../study/metrics.js';

export function scheduleTable(results: PlanResult[], labels = results.map(strategyLabel)): Table {
  const right = { align: 'right' as const };
  const rows = results.map((r, i) => {
    const steps = r.schedule ? r.schedule.stepsPerStage * r.stages.length : 1;
    // the stages' FLOPs are per GPU and per step; the schedule's totals are over every GPU and step
    const per = (phase: (typeof FLOP_PHASES)[number][1]) =>
      r.settings.gpus * (r.stages.reduce((a, st) => a + st.flops[phase], 0) * (r.schedule?.stepsPerStage ?? 1));
    return [
      labels[i]!,
      String(steps),
      ...FLOP_PHASES.map(([, phase]) => flops(per(phase))),
      flops(r.schedule?.e2eFlops ?? per('total')),
      // the study metric's own formula: the engine's schedule totals
      metricCell(METRICS['flops-vs-e2e'], r),
      seconds(r.schedule?.totalSeconds ?? r.stages[0]!.stepTimeSeconds),
    ];
  });
  return {
    title: 'FLOPs of the whole schedule on all GPUs, against E2E with the same updates per layer',
    columns: [
      { header: 'strategy' },
      { header: 'steps', ...right },
      ...FLOP_PHASES.map(([header]) => ({ header, ...right })),
      { header: 'E2E, same updates', ...right },
      { header: 'ratio', ...right },
      { header: 'schedule time', ...right },
    ],
    rows,
    notes: [
      'A schedule of stages (SegProp, BAdam, LISA) runs steps-per-stage steps in each stage; E2E and FSDP update every layer in one step. "E2E, same updates" is E2E training that gives each layer as many updates as the schedule does (the engine\'s schedule totals); ratio = total / that. Each row is at its own planned micro-batch, so compare rows by their ratio. FLOPs = 2 per multiply-add.',
    ],
  };
}
