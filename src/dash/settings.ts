// The job the dashboard plans: every value a knob can change. Model and GPU are indexes into their lists so
// that ↑/↓ cycle through the catalog (and a file given on the command line, listed first). Every other value is
// a job parameter (src/job/parameters.ts): its type, choices and request field come from that table.
import type { JobField, JobValues } from '../job/values.js';
import type { TrainingBudget } from '../time/time-to-train.js';
import type { Residence } from '../vocabulary.js';

/** The job parameter behind each setting, by request field. */
export const SETTING_FIELDS = {
  gpus: 'gpus',
  nodes: 'nodes',
  seqLen: 'seqLen',
  microBatch: 'microBatch',
  segmentSize: 'segprop.segmentSize',
  headDepth: 'segprop.headDepth',
  prefixDepth: 'segprop.prefixDepth',
  forward: 'segprop.forward',
  checkpointing: 'checkpointing',
  attention: 'attention',
  precision: 'precision',
  optimizer: 'optimizer',
  /** SegProp only: where frozen weights live (SegProp's own placement: sharded) */
  frozenPlacement: 'placement.frozen',
  /** SegProp only: where trainable weights, gradients and optimizer state live (SegProp's own: sharded) */
  trainablePlacement: 'placement.trainable',
  /** not a knob: fixed by --optimizer-placement, SegProp only; null: the optimizer state follows trainablePlacement */
  optimizerPlacement: 'placement.trainable.optimizer',
  /** not a knob: fixed by --runtime */
  runtime: 'runtime',
  optimizerImpl: 'optimizerImpl',
  /** not a knob: fixed by --clip-grad */
  clipGrad: 'clipGrad',
  gradAccum: 'gradAccum',
  /** not a knob: fixed by --loss */
  loss: 'loss',
} as const satisfies Record<string, JobField>;

export type SettingName = keyof typeof SETTING_FIELDS;

export type Settings = {
  /** catalog names or spec file paths */
  models: readonly string[];
  model: number;
  /** catalog GPU ids (and a GPU given as a file, by the key its source knows it under) */
  gpuList: readonly string[];
  gpu: number;
  optimizerPlacement: Residence | null;
  /** the training budget that time-to-train and cost price (--tokens, --samples, --epochs; the budget knob); null: none */
  budget: TrainingBudget | null;
  /** USD per GPU-hour (--price; the price knob); null: the GPU catalog's reference price */
  price: number | null;
  /**
   * job values no knob changes, as the command line or scenario set them (--host-mem, --flash-kernel,
   * --checkpoint-every, --lora-rank, ...), sent with every plan; absent: none
   */
  fixed?: Readonly<Partial<JobValues>>;
} & { [K in Exclude<SettingName, 'optimizerPlacement'>]: NonNullable<JobValues[(typeof SETTING_FIELDS)[K]]> };
