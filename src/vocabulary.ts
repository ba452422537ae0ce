// The names every floor of the house shares: the choices a training job is made of. They live here, on the
// lowest floor, so that precision, runtime, strategy and time modules can use them without importing the plan
// layer above them. The policy tables keyed by these names (precision.ts, optimizer.ts, profiles.ts,
// strategy.ts) are where each choice's meaning is defined.

export type PrecisionName = 'bf16-mixed' | 'bf16-mixed-fp32grads' | 'bf16' | 'fp32' | 'fsdp-bf16' | 'fsdp-bf16-fp32reduce' | 'amp-bf16' | 'amp-fp16' | 'fp8';
export type OptimizerName = 'adamw' | 'sgd' | 'sgd-plain' | 'adam8bit' | 'adafactor';
/** how torch.optim runs the step: one kernel per op over all tensors, one fused kernel, or a loop over tensors */
export type OptimizerImpl = 'foreach' | 'fused' | 'loop';
/** gradient clipping before the optimizer step: none, or torch.nn.utils.clip_grad_norm_ */
export type ClipGrad = 'none' | 'norm';
/** when Transformer Engine casts each FP8 linear's weight: every micro-batch, or once per step into a cache (is_first_microbatch) */
export type Fp8Weights = 'per-micro-batch' | 'cached';
/** how the language-model loss runs: all logits up-cast at once, one chunk of tokens at a time (torchtune), or one fused kernel (flash-attn) */
export type LossImpl = 'plain' | 'chunked' | 'fused';
export type AttentionImpl = 'flash' | 'math';
/** which fused kernel runs `flash` attention: FlashAttention-2, FlashAttention (1), or FlashAttention in Triton (src/time/attention-efficiency.ts) */
export type FlashKernel = 'fa2' | 'fa1' | 'triton' | 'cudnn';
/**
 * PyTorch's memory-bound kernels whose speed was measured against the copy rate (harness/kernel_traffic.py's case
 * names, less the dtype): an op kind's traffic names the one it runs (src/ops/memory.ts KernelTraffic), the time
 * model streams it at its measured share (src/time/memory-kernels.ts)
 */
export const MEMORY_KERNELS = ['layernorm', 'rmsnorm-eager', 'rope', 'gelu', 'silu', 'relu', 'tanh', 'mul', 'cross-entropy', 'batchnorm'] as const;
export type MemoryKernel = (typeof MEMORY_KERNELS)[number];
export type RuntimeName = 'pytorch' | 'pytorch-hf-eager' | 'tfjs';
/** which blocks train when (src/strategy/schedule.ts) */
export type ScheduleName = 'e2e' | 'segprop' | 'badam' | 'lisa';
/**
 * what trains inside a training block: all its weights ('none'), or low-rank adapters beside frozen base weights
 * kept in the recipe's weight dtype ('lora') or in 4-bit NF4 ('qlora') (src/adapter/adapters.ts)
 */
export type AdapterName = 'none' | 'lora' | 'qlora';
/** where each kind of model state lives, as the frameworks name it (src/strategy/sharding.ts) */
export type ShardingName = 'ddp' | 'zero1' | 'zero2' | 'fsdp' | 'hybrid' | 'fsdp-offload';
/** a named preset of the three axes (src/strategy/strategy.ts) */
export type StrategyName = 'e2e' | 'zero1' | 'zero2' | 'fsdp' | 'hybrid' | 'fsdp-offload' | 'segprop' | 'badam' | 'lisa' | 'lora' | 'qlora';
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

/** BAdam (block-coordinate Adam): the body layers in consecutive blocks, one block training at a time */
export interface BAdamOptions {
  /** layers per block (give this or `blocks`) */
  blockSize?: number;
  /** number of blocks D the layers are split into, as evenly as possible */
  blocks?: number;
  /** Adam steps on a block before the next one trains (BAdam's K, `switch_block_every`) */
  switchEvery: number;
}

/** LISA (layerwise importance sampling): γ sampled body layers train with the embedding and the head */
export interface LisaOptions {
  /** γ: body layers sampled to train in each period */
  layers: number;
  /** K: steps between two samples */
  period: number;
}

/** how a low-rank adapter's frozen base weights are stored: the recipe's weight dtype, 4-bit NF4 or 8-bit LLM.int8 */
export type BaseDtype = 'recipe' | 'nf4' | 'int8';

/** LoRA adapters: their rank and the projections they sit beside (PEFT's module names, or all linear layers) */
export interface LoraOptions {
  rank: number;
  /** comma-separated PEFT module names ("q_proj,v_proj") or "all-linear" */
  targets: string;
  /** the base's storage; unset: the adapter's (lora: the recipe's dtype, qlora: NF4) */
  baseDtype?: BaseDtype;
}

export interface PlacementOptions {
  trainable: { weights: Residence; gradients: Residence; optimizer: Residence };
  frozen: Residence;
}

/** the GPUs a sharded state is split over: all of them, or those of one node (replicated across nodes) */
export type ShardGroup = 'world' | 'node';

/** where tensors saved for backward wait between forward and backward: on the GPU, or in pinned host memory (save_on_cpu) */
export type SavedTensorsPlace = 'gpu' | 'host';
