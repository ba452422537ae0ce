// The job the dashboard plans: every value a knob can change. Model and GPU are indexes into their lists so
// that ↑/↓ cycle through the catalog (and a file given on the command line, listed first).
import type { AttentionImpl, ForwardMode, OptimizerName, PrecisionName, Residence, RuntimeName } from '../vocabulary.js';
import type { ActivationPolicy } from '../strategy/roles.js';

export interface Settings {
  /** catalog names or spec file paths */
  models: readonly string[];
  model: number;
  /** catalog GPU ids (and a GPU given as a file, by the key its source knows it under) */
  gpuList: readonly string[];
  gpu: number;
  gpus: number;
  nodes: number;
  seqLen: number;
  microBatch: number | 'auto';
  segmentSize: number;
  headDepth: number;
  prefixDepth: number;
  forward: ForwardMode;
  checkpointing: ActivationPolicy;
  attention: AttentionImpl;
  precision: PrecisionName;
  optimizer: OptimizerName;
  /** SegProp only: where frozen weights live (SegProp's own placement: sharded) */
  frozenPlacement: Residence;
  /** SegProp only: where trainable weights, gradients and optimizer state live (SegProp's own: sharded) */
  trainablePlacement: Residence;
  /** not a knob: fixed by --optimizer-placement, SegProp only; null: the optimizer state follows trainablePlacement */
  optimizerPlacement: Residence | null;
  /** not a knob: fixed by --runtime */
  runtime: RuntimeName;
}

export const FORWARD_MODES: readonly ForwardMode[] = ['full', 'growing'];
export const CHECKPOINTING: readonly ActivationPolicy[] = ['none', 'full', 'selective'];
export const ATTENTION: readonly AttentionImpl[] = ['flash', 'math'];
export const PRECISIONS: readonly PrecisionName[] = ['bf16-mixed', 'bf16', 'fp32'];
export const OPTIMIZERS: readonly OptimizerName[] = ['adamw', 'sgd', 'adam8bit'];
/** sharded first (SegProp's own), then offloaded: one key press shows frozen weights in host memory */
export const PLACEMENTS: readonly Residence[] = ['sharded', 'offloaded', 'replicated'];
