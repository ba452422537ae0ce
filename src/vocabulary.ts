// The names every floor of the house shares: the choices a training job is made of. They live here, on the
// lowest floor, so that precision, runtime, strategy and time modules can use them without importing the plan
// layer above them. The policy tables keyed by these names (precision.ts, optimizer.ts, profiles.ts,
// strategy.ts) are where each choice's meaning is defined.

export type PrecisionName = 'bf16-mixed' | 'bf16' | 'fp32';
export type OptimizerName = 'adamw' | 'sgd' | 'sgd-plain' | 'adam8bit' | 'adafactor';
/** how torch.optim runs the step: one kernel per op over all tensors, one fused kernel, or a loop over tensors */
export type OptimizerImpl = 'foreach' | 'fused' | 'loop';
/** gradient clipping before the optimizer step: none, or torch.nn.utils.clip_grad_norm_ */
export type ClipGrad = 'none' | 'norm';
/** how the language-model loss runs: on all logits at once, or one chunk of tokens at a time (torchtune) */
export type LossImpl = 'plain' | 'chunked';
export type AttentionImpl = 'flash' | 'math';
export type RuntimeName = 'pytorch' | 'pytorch-hf-eager' | 'tfjs';
export type StrategyName = 'e2e' | 'fsdp' | 'fsdp-offload' | 'segprop';
export type ForwardMode = 'full' | 'growing';
/** where a kind of model state lives: on every GPU, split over the GPUs, or in host memory */
export type Residence = 'replicated' | 'sharded' | 'offloaded';

export interface SegPropOptions {
  /** layers per segment (give this or `segments`) */
  segmentSize?: number;
  /** number of segments the non-head layers are split into */
  segments?: number;
  /** the last h layers (+ final norm + task head) train in every stage */
  headDepth: number;
  /** stage 1 trains layers 1..p with the head (0: no prefix stage) */
  prefixDepth: number;
  forward: ForwardMode;
}

export interface PlacementOptions {
  trainable: { weights: Residence; gradients: Residence; optimizer: Residence };
  frozen: Residence;
}
