// The planned step time of a PyTorch case on the GPU that ran it: the engine's time model (src/time) for the
// case's stage on one GPU of the catalog, the same path a plan takes, with the published figures a plan uses
// by default or, when given, a calibration measured on that GPU. Set beside the harness's measured step time.

import { makeCluster } from '../../hardware/cluster.js';
import type { Gpu } from '../../hardware/types.js';
import { computeRate } from '../../plan/plan.js';
import type { Calibration } from '../../time/calibration.js';
import { DEFAULT_FLASH_KERNEL } from '../../time/attention-efficiency.js';
import type { StepTime } from '../../time/step-time.js';
import { caseEvaluation } from '../predict.js';
import { causalHalfOf } from '../../graph/build.js';
import { caseRecipe } from './recipe.js';
import { caseGraph, type TorchCase } from './suite.js';
import { torchRuntimeProfile } from './profile.js';

export interface PlannedStepTime extends StepTime {
  /** where the rates came from (the plan's basis lines: measured matmul rate, HBM copy, attention kernel) */
  basis: string;
}

/**
 * The engine's step time of case `c` on one `gpu`, run by PyTorch `torchVersion` (a calibration replaces published
 * figures); `flashKernel`: the fused attention kernel the step ran (its profile names it), by default the plan's.
 */
export function plannedStepTime(c: TorchCase, torchVersion: string, gpu: Gpu, calibration?: Calibration, flashKernel = DEFAULT_FLASH_KERNEL): PlannedStepTime {
  const profile = torchRuntimeProfile(torchVersion, c.model.spec, 'cuda');
  const recipe = caseRecipe(c, profile);
  // time the FLOPs the kernel runs, as a plan does
  const graph = caseGraph(c, causalHalfOf(recipe.attention));
  const cluster = makeCluster({ gpu });
  const rates = computeRate(cluster, c.precision, flashKernel, calibration);
  const evaluation = caseEvaluation(
    graph,
    c.blocks.map((b) => b.role),
    c.checkpoint,
    profile,
    recipe,
  );
  const t = evaluation.time(0, c.microBatch, cluster, {
    peakFlopsPerSec: rates.peak.flopsPerSec,
    efficiency: rates.efficiency.value,
    kernels: rates.kernels.rates,
  });
  return { ...t, basis: `${rates.efficiency.basis}; ${rates.kernels.basis}` };
}
