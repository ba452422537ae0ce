// A plan's figures over its stages, as every table, chart and study metric reads them: per-step figures are
// means over the schedule's stages (each runs the same number of steps), host memory is the largest any stage needs.
import type { PlanResult, StagePlan } from '../plan/types.js';

/** The mean of a per-step figure over the plan's stages. */
export function meanOverStages(r: PlanResult, pick: (st: StagePlan) => number): number {
  return r.stages.reduce((a, st) => a + pick(st), 0) / Math.max(1, r.stages.length);
}

/** Seconds of one optimizer step, mean over the stages. */
export function averageStepTime(r: PlanResult): number {
  return meanOverStages(r, (st) => st.stepTimeSeconds);
}

/** FLOPs of one step per GPU, mean over the stages. */
export function meanStepFlops(r: PlanResult): number {
  return meanOverStages(r, (st) => st.flops.total);
}

/** Host RAM one node holds for offloaded states: the largest over the stages. */
export function hostBytesOf(r: PlanResult): number {
  return Math.max(0, ...r.stages.map((st) => st.memory.hostBytes));
}
