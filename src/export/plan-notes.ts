// The plan's numbers in a few lines, for the comments of an exported configuration (or beside it).
import type { PlanResult } from '../plan/types.js';
import { gib, percent, seconds, throughputRate, usd } from '../report/units.js';
import { averageStepTime } from '../report/stage-stats.js';
import { strategyLabel } from '../report/views/plan-tables.js';
import { AT_SPREAD, rangeText } from '../report/views/accuracy-text.js';

export function planNotes(r: PlanResult): string[] {
  const s = r.settings;
  const notes = [
    `segplan plan: ${r.model.name}, ${strategyLabel(r)}, on ${s.gpus} x ${s.gpu} (${s.nodes} node${s.nodes === 1 ? '' : 's'}), ${r.model.input} per sample`,
    `micro-batch per GPU: ${s.microBatch} (largest that fits: ${r.maxMicroBatch}); set it in the training script (per_device_train_batch_size)`,
    `peak memory per GPU: ${gib(r.peakBytes)} of ${gib(s.gpuMemoryBytes)} at ${r.bindingEvent.event}; fits: ${r.fits ? 'yes' : 'NO'}`,
    `step time ${seconds(averageStepTime(r))}${r.accuracy.checked ? ` (${rangeText(r.accuracy.stepSeconds, seconds)} ${AT_SPREAD} on ${r.accuracy.gpu})` : ''}; throughput ${throughputRate(r)}; MFU ${percent(r.mfu)}`,
    `precision ${s.precision}${s.fp8Weights === 'cached' ? " with FP8 weights cached once per step (pass Transformer Engine's is_first_microbatch, as Megatron-LM and NeMo do; accelerate's conversion does not)" : ''}; optimizer ${s.optimizer} (chosen in the training script); activation checkpointing ${s.checkpointing}`,
  ];
  // the kernels the time was planned with: a script that runs other code (an op-by-op RMSNorm, an up-cast loss)
  // moves more bytes than planned
  const code =
    s.runtime === 'pytorch-hf-eager'
      ? "Hugging Face's op-by-op code (LlamaRMSNorm)"
      : s.runtime === 'pytorch'
        ? 'fused norm kernels'
        : `the ${s.runtime} runtime`;
  const loss = {
    plain: 'the loss up-cast to fp32',
    chunked: "torchtune's chunked loss",
    fused: "a fused cross-entropy kernel (flash-attn's CrossEntropyLoss)",
  }[s.loss];
  notes.push(`time planned with ${code} and ${loss}; use the same in the training script`);
  const t = r.training;
  if (t?.seconds != null) {
    const a = r.accuracy.checked ? r.accuracy : undefined;
    const spread = a?.trainSeconds
      ? ` (${rangeText(a.trainSeconds, seconds)}${a.costUsd ? `, ${rangeText(a.costUsd, usd)}` : ''} ${AT_SPREAD} on ${a.gpu})`
      : '';
    notes.push(`time to train: ${seconds(t.seconds)}${t.costUsd != null ? `, ${usd(t.costUsd)}` : ''}${spread}`);
  }
  return notes;
}
