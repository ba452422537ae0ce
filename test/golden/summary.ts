// The numbers of a plan that the golden comparison checks: every figure a plan prints, per stage and in total.

import type { PlanResult } from '../../src/plan/types.js';

export type GoldenSummary = { error: string } | { plan: Record<string, unknown>; stages: unknown[][] };

export function summarize(r: PlanResult): GoldenSummary {
  return {
    plan: {
      maxMicroBatch: r.maxMicroBatch,
      microBatch: r.settings.microBatch,
      peakBytes: r.peakBytes,
      bindingStage: r.bindingStage,
      bindingEvent: r.bindingEvent.event,
      fits: r.fits,
      fit: r.fit,
      heldBytes: r.heldBytes,
      fitsHost: r.fitsHost,
      samplesPerSecond: r.throughput.samplesPerSecond,
      tokensPerSecond: r.throughput.tokensPerSecond,
      mfu: r.mfu,
      hfu: r.hfu,
      params: r.model.params,
      nodes: r.settings.nodes,
      gpuMemoryBytes: r.settings.gpuMemoryBytes,
      segmentSize: r.settings.segprop?.segmentSize ?? null,
      schedule: r.schedule ?? null,
      trainingSeconds: r.training?.seconds ?? null,
      assumptions: r.assumptions,
    },
    stages: r.stages.map((s) => [
      s.name,
      s.trainableParams,
      s.maxMicroBatch,
      s.fits,
      s.peakEvent.event,
      s.memory.peakBytes,
      s.memory.weights,
      s.memory.gradients,
      s.memory.optimizer,
      s.memory.activations,
      s.memory.transient,
      s.memory.gather,
      s.memory.buffers,
      s.memory.overhead,
      s.memory.hostBytes,
      s.flops.forward,
      s.flops.inputGrad,
      s.flops.weightGrad,
      s.flops.recompute,
      s.flops.total,
      s.stepTimeSeconds,
      s.time.compute,
      s.time.memory,
      s.time.communication,
      s.time.offload,
      s.time.optimizer,
    ]),
  };
}

/** Equal up to floating-point reassociation: integers and strings exactly, other numbers to 1e-9 relative. */
export function sameValue(a: unknown, b: unknown, path: string, diffs: string[]): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const ok =
      Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 53 ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || a === b;
    if (!ok) diffs.push(`${path}: ${a} vs ${b}`);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, diffs);
    return;
  }
  if (a !== b) diffs.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}
