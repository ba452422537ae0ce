// Machine-readable rows: exact engine numbers (bytes, FLOPs, seconds), one row per stage or per plan.
import type { PlanResult } from '../plan/types.js';
import { toCsv } from './csv.js';
import { planTotalsJson, roundedMemory } from './plan-json.js';
import { KERNEL_CLASSES } from '../time/kernel-rates.js';

const STAGE_HEADER = [
  'strategy',
  'stage',
  'name',
  'micro_batch',
  'trainable_params',
  'peak_bytes',
  'allocated_bytes',
  'reserved_bytes',
  'held_bytes',
  'weights_bytes',
  'gradients_bytes',
  'optimizer_bytes',
  'activations_bytes',
  'transient_bytes',
  'gather_bytes',
  'buffers_bytes',
  'overhead_bytes',
  'host_bytes',
  'peak_event',
  'peak_phase',
  'max_micro_batch',
  'fits',
  'fit',
  'flops_forward',
  'flops_input_grad',
  'flops_weight_grad',
  'flops_recompute',
  'flops_total',
  'step_seconds',
  'compute_seconds',
  'memory_seconds',
  'communication_seconds',
  'offload_seconds',
  'optimizer_seconds',
  ...KERNEL_CLASSES.map((c) => `${c}_kernel_seconds`),
];

function stageRows(raw: PlanResult): Array<Array<string | number | boolean>> {
  const r = planTotalsJson(raw);
  return raw.stages
    .map((st) => ({ ...st, memory: roundedMemory(st) }))
    .map((st) => [
      r.strategy,
      st.index,
      st.name,
      r.settings.microBatch,
      st.trainableParams,
      st.memory.peakBytes,
      st.memory.allocatedBytes,
      st.memory.reservedBytes,
      st.memory.heldBytes,
      st.memory.weights,
      st.memory.gradients,
      st.memory.optimizer,
      st.memory.activations,
      st.memory.transient,
      st.memory.gather,
      st.memory.buffers,
      st.memory.overhead,
      st.memory.hostBytes,
      st.peakEvent.event,
      st.peakEvent.phase,
      st.maxMicroBatch,
      st.fits,
      st.fit,
      st.flops.forward,
      st.flops.inputGrad,
      st.flops.weightGrad,
      st.flops.recompute,
      st.flops.total,
      st.stepTimeSeconds,
      st.time.compute,
      st.time.memory,
      st.time.communication,
      st.time.offload,
      st.time.optimizer,
      ...KERNEL_CLASSES.map((c) => st.time.kernels[c]),
    ]);
}

/** Every stage of every plan, one row each. */
export function stagesCsv(results: PlanResult[]): string {
  return toCsv(STAGE_HEADER, results.flatMap(stageRows));
}

export const SUMMARY_HEADER = [
  'strategy',
  'model',
  'gpu',
  'gpus',
  'nodes',
  'gpu_memory_bytes',
  'seq_len',
  'micro_batch',
  'max_micro_batch',
  'fits',
  'fit',
  'peak_bytes',
  'allocated_bytes',
  'held_bytes',
  'binding_stage',
  'binding_event',
  'samples_per_second',
  'tokens_per_second',
  'mfu',
  'hfu',
  'segment_size',
  'head_depth',
  'prefix_depth',
  'forward',
  'train_samples',
  'train_seconds',
  'train_gpu_hours',
  'usd_per_gpu_hour',
  'cost_usd',
];

export function summaryRow(raw: PlanResult): Array<string | number | boolean> {
  const r = planTotalsJson(raw);
  const s = r.settings;
  const t = r.training;
  return [
    r.strategy,
    r.model.name,
    s.gpu,
    s.gpus,
    s.nodes,
    s.gpuMemoryBytes,
    s.seqLen,
    s.microBatch,
    r.maxMicroBatch,
    r.fits,
    r.fit,
    r.peakBytes,
    r.allocatedBytes,
    r.heldBytes,
    r.bindingStage,
    r.bindingEvent.event,
    r.throughput.samplesPerSecond,
    r.throughput.tokensPerSecond,
    r.mfu,
    r.hfu,
    s.segprop?.segmentSize ?? '',
    s.segprop?.headDepth ?? '',
    s.segprop?.prefixDepth ?? '',
    s.segprop?.forward ?? '',
    t?.samples ?? '',
    t?.seconds ?? '',
    t?.gpuHours ?? '',
    t?.price?.usdPerGpuHour ?? '',
    t?.costUsd ?? '',
  ];
}

/** One row per plan (compare). */
export function summaryCsv(results: PlanResult[]): string {
  return toCsv(SUMMARY_HEADER, results.map(summaryRow));
}
