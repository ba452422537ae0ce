// The PyTorch validation suites: models that segplan did not write (torchvision's ResNet and
// VisionTransformer, torch.nn.TransformerEncoderLayer, decoders in plain torch after Hugging Face's modeling
// code; harness/torch_models.py), each planned from the same spec the harness builds it from. A case names
// the stage's role of every block, the recipe (precision, optimizer, checkpointing) and whether segplan
// predicts it: recipes the engine cannot express yet are measured only.

import { adaptedGraph, DEFAULT_LORA } from '../../adapter/lora.js';
import { buildGraph } from '../../graph/build.js';
import type { Graph } from '../../graph/types.js';
import type { ConvNextSpec, DecoderSpec, EncoderSpec, ModelSpec, ResNetSpec, VitSpec } from '../../model/types.js';
import type { BlockRole } from '../../strategy/roles.js';
import { badamSchedule, DEFAULT_BADAM } from '../../strategy/badam.js';
import { lisaSchedule } from '../../strategy/lisa.js';
import type { LoraOptions } from '../../vocabulary.js';
import { segpropRoles } from '../suite.js';
import { gpt2StyleSpec } from '../gpt2-style.js';
import type { TorchDevice } from './profile.js';

/** quick, full: small models for memory and FLOPs; gpu: single-GPU training steps of realistic size, for step time */
export type TorchSuiteName = 'quick' | 'full' | 'gpu';
export type TorchOptimizer = 'sgd' | 'adamw' | 'adamw-loop' | 'adamw-fused';
export type TorchPrecision = 'fp32' | 'bf16' | 'amp-bf16';

/** One case as the harness reads it (JSON): everything it needs to build and run the stage. */
export interface TorchCase {
  name: string;
  model: { spec: ModelSpec; attention: 'math' | 'sdpa' };
  seqLen: number;
  microBatch: number;
  /** every block of the plan's graph, in order, with its role in the stage (the loss block included) */
  blocks: { name: string; role: BlockRole; layer: boolean }[];
  checkpoint: boolean;
  /** with `checkpoint`: only body layers n, 2n, ... (counted from 1) are checkpointed (absent: all) */
  checkpointEvery?: number;
  optimizer: TorchOptimizer;
  precision: TorchPrecision;
  /** false: measured only (the engine has no prediction for this recipe yet) */
  predicted: boolean;
  /** LoRA adapters on the training blocks (PEFT's lora.Linear over frozen projections; harness/torch_models.py) */
  lora?: LoraOptions;
  /** chunked: torchtune's chunked cross-entropy (the LM head and the loss one chunk of tokens at a time) */
  loss?: 'chunked';
  /** steps timed one by one (the median is the measured step time); absent: 1 */
  timedSteps?: number;
  /** CUDA: one more step under torch.profiler, its kernels' device time by name */
  profileKernels?: boolean;
}

/**
 * The case's graph. `causalHalf`: count a causal attention's FLOPs as the fused kernel runs them (the masked half
 * skipped), as a plan does; the FLOP comparison leaves it off, as PyTorch's flop counter counts every score.
 */
export function caseGraph(c: Pick<TorchCase, 'model' | 'seqLen' | 'lora' | 'loss'>, causalHalf = false): Graph {
  const graph = buildGraph(c.model.spec, { seqLen: c.seqLen, ...(c.loss && { loss: c.loss }), ...(causalHalf && { causalHalf }) });
  return c.lora ? adaptedGraph(graph, 'lora', c.lora) : graph;
}

const noDropout = { embedding: 0, attention: 0, residual: 0 };

function gpt2Style(h: number, layers: number): DecoderSpec {
  return gpt2StyleSpec({ name: `gpt2-style-${layers}x${h}`, hidden: h, layers, vocab: 512, maxPositions: 128, dropout: 0 });
}

/** Llama's layer: RMSNorm, rotary positions, grouped-query attention, SwiGLU; untied head, no biases. */
function llamaStyle(h: number, layers: number): DecoderSpec {
  return {
    family: 'decoder',
    name: `llama-style-${layers}x${h}`,
    hiddenSize: h,
    numLayers: layers,
    numHeads: 4,
    numKvHeads: 2,
    intermediateSize: (8 * h) / 3 + 8,
    mlp: 'gated',
    activation: 'silu',
    norm: 'rmsnorm',
    bias: { qkv: false, attnOut: false, mlp: false, norm: false, lmHead: false },
    tiedEmbeddings: false,
    positions: 'rotary',
    vocabSize: 512,
    maxPositions: 128,
    dropout: noDropout,
  };
}

function bertStyle(h: number, layers: number): EncoderSpec {
  return {
    family: 'encoder',
    name: `bert-style-${layers}x${h}`,
    hiddenSize: h,
    numLayers: layers,
    numHeads: 4,
    intermediateSize: 4 * h,
    activation: 'gelu',
    vocabSize: 512,
    maxPositions: 128,
    typeVocabSize: 2,
    pooler: false,
    head: 'classifier',
    numLabels: 2,
    dropout: noDropout,
  };
}

function vitStyle(h: number, layers: number, image: number, patch: number): VitSpec {
  return {
    family: 'vit',
    name: `vit-${layers}x${h}-i${image}`,
    hiddenSize: h,
    numLayers: layers,
    numHeads: 4,
    intermediateSize: 4 * h,
    activation: 'gelu',
    imageSize: image,
    patchSize: patch,
    channels: 3,
    classToken: true,
    qkvBias: true,
    pooler: false,
    numClasses: 10,
    dropout: noDropout,
  };
}

/** torchvision's resnet18 / resnet50 (base width 64) with the catalog's ImageNet or CIFAR stem. */
function resnet(depth: 18 | 50, image: number, stem: 'imagenet' | 'cifar'): ResNetSpec {
  return {
    family: 'resnet',
    name: `resnet-${depth}${stem === 'cifar' ? '-cifar' : ''}-i${image}`,
    block: depth === 18 ? 'basic' : 'bottleneck',
    layers: depth === 18 ? [2, 2, 2, 2] : [3, 4, 6, 3],
    stem,
    baseWidth: 64,
    numClasses: 10,
    imageSize: image,
    channels: 3,
  };
}

/** torchvision's ConvNeXt (its 4x4 patchify stem) with two stages; stochastic depth on, as convnext_tiny's 0.1. */
function convnextStyle(width: number, layers: number[], image: number): ConvNextSpec {
  return {
    family: 'convnext',
    name: `convnext-w${width}-i${image}`,
    layers,
    widths: layers.map((_, i) => width * 2 ** i),
    patchSize: 4,
    stochasticDepth: 0.1,
    numClasses: 10,
    imageSize: image,
    channels: 3,
  };
}

interface Variant {
  suffix: string;
  roles: (g: Graph) => BlockRole[];
  checkpoint?: boolean;
  checkpointEvery?: number;
  optimizer?: TorchOptimizer;
  precision?: TorchPrecision;
  lora?: LoraOptions;
  loss?: 'chunked';
}

const e2e = (g: Graph): BlockRole[] => g.blocks.map((): BlockRole => 'train');
/** SegProp's middle stage: the segment is the body layer before the middle, the head the last layer. */
const segprop = (mode: 'full' | 'growing') => (g: Graph) => {
  const body = g.blocks.filter((b) => b.isLayer).length;
  return segpropRoles(g, Math.floor(body / 2) - 1, 1, mode);
};

/** BAdam's and LISA's stages for the same layer (one block of one layer; LISA samples one layer). */
const middle = (g: Graph) => Math.floor(g.blocks.filter((b) => b.isLayer).length / 2) - 1;
const badam = (g: Graph) => [...badamSchedule(g, DEFAULT_BADAM)[middle(g)]!.roles];
const lisa = (g: Graph) => [...lisaSchedule(g, { layers: 1, period: 1 })[middle(g)]!.roles];

const E2E_SGD: Variant = { suffix: 'e2e-sgd', roles: e2e };
const E2E_ADAMW: Variant = { suffix: 'e2e-adamw', roles: e2e, optimizer: 'adamw' };
const SEGPROP_FULL: Variant = { suffix: 'segprop-full', roles: segprop('full'), optimizer: 'adamw' };
const SEGPROP_GROWING: Variant = { suffix: 'segprop-growing', roles: segprop('growing'), optimizer: 'adamw' };
const CHECKPOINT: Variant = { suffix: 'e2e-checkpoint', roles: e2e, checkpoint: true };
// torchtitan's layer-wise selective AC (selective_ac_option 2): layers 2 and 4 checkpointed, 1 and 3 keep everything
const CHECKPOINT_EVERY_2: Variant = { suffix: 'e2e-checkpoint-every-2', roles: e2e, checkpoint: true, checkpointEvery: 2 };
const SEGPROP_CHECKPOINT: Variant = { suffix: 'segprop-full-checkpoint', roles: segprop('full'), checkpoint: true };
const BADAM: Variant = { suffix: 'badam', roles: badam, optimizer: 'adamw' };
const LISA: Variant = { suffix: 'lisa', roles: lisa, optimizer: 'adamw' };
const BF16: Variant = { suffix: 'e2e-bf16', roles: e2e, optimizer: 'adamw', precision: 'bf16' };
const AMP: Variant = { suffix: 'e2e-amp-bf16', roles: e2e, optimizer: 'adamw', precision: 'amp-bf16' };
// decoders only: torchtune's CEWithChunkedOutputLoss in pure bf16, where the up-casts it chunks are copies
const CHUNKED_LOSS: Variant = { suffix: 'e2e-bf16-chunked-loss', roles: e2e, optimizer: 'adamw', precision: 'bf16', loss: 'chunked' };
// torch.optim.AdamW(foreach=False): the per-parameter loop
const ADAMW_LOOP: Variant = { suffix: 'e2e-adamw-loop', roles: e2e, optimizer: 'adamw-loop' };
// torch.optim.AdamW(fused=True): one CUDA kernel (torch >= 2.0); torch has no CPU kernel for it before 2.4 and
// torch 1.13 (this machine's) no `fused` argument at all, so only the CUDA suites measure it
const ADAMW_FUSED: Variant = { suffix: 'e2e-adamw-fused', roles: e2e, optimizer: 'adamw-fused' };
// LoRA (decoders: their q, k, v and o are separate projections in the torch models too)
// PEFT's default targets (q_proj, v_proj) at rank 8: the adapter's defaults
const LORA_QV = DEFAULT_LORA;
const LORA: Variant = { suffix: 'e2e-lora', roles: e2e, optimizer: 'adamw', lora: LORA_QV };
const LORA_ALL: Variant = { suffix: 'e2e-lora-all-linear', roles: e2e, optimizer: 'adamw', lora: { rank: 4, targets: 'all-linear' } };
const LORA_CHECKPOINT: Variant = { suffix: 'e2e-lora-checkpoint', roles: e2e, optimizer: 'adamw', checkpoint: true, lora: LORA_QV };
// every linear adapted AND checkpointed: the peak is where a projection's input gradient sums the frozen base's
// and the adapter's contributions, which torch 1.13 adds out of place (src/validate/torch/profile.ts); it was 4%
// above the prediction before that was modelled
const LORA_ALL_CHECKPOINT: Variant = {
  suffix: 'e2e-lora-all-linear-checkpoint',
  roles: e2e,
  optimizer: 'adamw',
  checkpoint: true,
  lora: { rank: 4, targets: 'all-linear' },
};

function cases(family: string, spec: ModelSpec, seqLen: number, microBatch: number, variants: Variant[]): TorchCase[] {
  return variants.map((v) => {
    const graph = caseGraph({ model: { spec, attention: 'math' }, seqLen, ...(v.lora ? { lora: v.lora } : {}), ...(v.loss ? { loss: v.loss } : {}) });
    const roles = v.roles(graph);
    const precision = v.precision ?? 'fp32';
    const optimizer = v.optimizer ?? 'sgd';
    return {
      name: `${family}/${v.suffix}`,
      model: { spec, attention: 'math' },
      seqLen,
      microBatch,
      blocks: graph.blocks.map((b, i) => ({ name: b.name, role: roles[i]!, layer: b.isLayer })), // one role per block
      checkpoint: v.checkpoint ?? false,
      ...(v.checkpointEvery ? { checkpointEvery: v.checkpointEvery } : {}),
      optimizer,
      precision,
      predicted: true,
      ...(v.lora ? { lora: v.lora } : {}),
      ...(v.loss ? { loss: v.loss } : {}),
    };
  });
}

/**
 * The GPU suite: training steps of the size people run on one GPU, for the time model (each timed over 5 steps, its
 * kernels profiled once). A 1.1B Llama (TinyLlama's shape: 22 layers of 2048, 32 heads over 4 KV heads, SwiGLU 5632,
 * vocabulary 32000) at 4 x 2,048 tokens and a GPT-2 medium (24 layers of 1024, 16 heads, vocabulary 50257) at
 * 8 x 1,024 (and with its vocabulary padded to 50304), both through PyTorch's fused attention (SDPA); torchvision's
 * ResNet-50 at 224 pixels.
 */
function gpuCases(): TorchCase[] {
  const llama: DecoderSpec = {
    ...llamaStyle(2048, 22),
    name: 'llama-1.1b',
    numHeads: 32,
    numKvHeads: 4,
    intermediateSize: 5632,
    vocabSize: 32000,
    maxPositions: 2048,
  };
  const gpt2: DecoderSpec = {
    ...gpt2StyleSpec({ name: 'gpt2-medium', hidden: 1024, layers: 24, vocab: 50257, maxPositions: 1024, dropout: 0 }),
    numHeads: 16,
    numKvHeads: 16,
  };
  const fused = { optimizer: 'adamw-fused', precision: 'amp-bf16' } as const;
  // SegProp's stage in the middle of the run: a 4-layer segment, a head of the last 2 layers
  const segment = (mode: 'full' | 'growing') => (g: Graph) => segpropRoles(g, 8, 2, mode, 4);
  const timed = (c: TorchCase): TorchCase => ({
    ...c,
    model: { ...c.model, attention: c.model.spec.family === 'decoder' ? 'sdpa' : 'math' },
    timedSteps: 5,
    profileKernels: true,
  });
  return [
    ...cases('llama-1.1b', llama, 2048, 4, [
      { suffix: 'e2e-amp-bf16-fused-adamw', roles: e2e, ...fused },
      { suffix: 'e2e-amp-bf16-adamw', roles: e2e, optimizer: 'adamw', precision: 'amp-bf16' },
      { suffix: 'e2e-amp-bf16-checkpoint', roles: e2e, checkpoint: true, ...fused },
      { suffix: 'e2e-bf16-fused-adamw', roles: e2e, optimizer: 'adamw-fused', precision: 'bf16' },
      { suffix: 'segprop-full', roles: segment('full'), ...fused },
      { suffix: 'segprop-growing', roles: segment('growing'), ...fused },
    ]),
    ...cases('gpt2-medium', gpt2, 1024, 8, [
      { suffix: 'e2e-amp-bf16-fused-adamw', roles: e2e, ...fused },
      { suffix: 'e2e-amp-bf16-checkpoint', roles: e2e, checkpoint: true, ...fused },
    ]),
    // the same with the vocabulary padded to a multiple of 64, as nanoGPT does: an LM head cuBLAS can run on aligned kernels
    ...cases('gpt2-medium-v50304', { ...gpt2, name: 'gpt2-medium-v50304', vocabSize: 50304 }, 1024, 8, [
      { suffix: 'e2e-amp-bf16-fused-adamw', roles: e2e, ...fused },
    ]),
    ...cases('resnet-50', { ...resnet(50, 224, 'imagenet'), numClasses: 1000 }, 1, 128, [{ suffix: 'e2e-amp-bf16-sgd', roles: e2e, precision: 'amp-bf16' }]),
  ].map(timed);
}

/** The suite's cases for a device: the CUDA suites add fused AdamW, which has no CPU kernel in the torch the CPU runs. */
export function torchSuiteCases(suite: TorchSuiteName, device: TorchDevice = 'cpu'): TorchCase[] {
  if (suite === 'gpu') return gpuCases();
  const big = suite === 'full';
  const transformer = [E2E_SGD, E2E_ADAMW, SEGPROP_FULL, SEGPROP_GROWING, CHECKPOINT, CHECKPOINT_EVERY_2, SEGPROP_CHECKPOINT, BF16, AMP, ADAMW_LOOP];
  if (device === 'cuda') transformer.push(ADAMW_FUSED);
  // BAdam and LISA fine-tune language models: their stages on the two decoders
  const decoder = [...transformer, BADAM, LISA];
  return [
    ...cases('gpt2-style', gpt2Style(big ? 256 : 64, 4), big ? 96 : 40, 4, [...decoder, LORA_ALL, LORA_ALL_CHECKPOINT, CHUNKED_LOSS]),
    ...cases('llama-style', llamaStyle(big ? 240 : 48, 4), big ? 96 : 40, 4, [...decoder, LORA, LORA_CHECKPOINT, LORA_ALL_CHECKPOINT, CHUNKED_LOSS]),
    ...cases('bert-style', bertStyle(big ? 256 : 64, 4), big ? 96 : 40, 4, transformer),
    ...cases('vit', vitStyle(big ? 192 : 64, 4, 32, 4), 1, big ? 8 : 4, transformer),
    ...cases('resnet-18-cifar', resnet(18, 32, 'cifar'), 1, 16, [E2E_SGD, SEGPROP_FULL, CHECKPOINT, CHECKPOINT_EVERY_2]),
    ...cases('convnext', convnextStyle(big ? 64 : 32, [1, 3], 32), 1, big ? 16 : 8, [E2E_SGD, E2E_ADAMW, SEGPROP_FULL, SEGPROP_GROWING, CHECKPOINT]),
    ...(big ? cases('resnet-50', resnet(50, 64, 'imagenet'), 1, 8, [E2E_SGD, SEGPROP_FULL, CHECKPOINT]) : []),
  ];
}
