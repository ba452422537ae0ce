// Random plan requests for the golden comparison: a seeded generator (mulberry32), so the same few hundred
// requests are drawn on every run. They cover every catalog model, strategy, SegProp layout, activation
// policy, attention kernel, precision, optimizer, runtime, placement override and cluster shape.

import { buildGraph } from '../../src/graph/build.js';
import { GPUS } from '../../src/hardware/catalog.generated.js';
import type { PlanRequest } from '../../src/plan/types.js';
import { loadModel } from '../../src/model/load.js';
import type { ModelSpec } from '../../src/model/types.js';
import { at } from '../at.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const GOLDEN_MODELS = [
  'llama-2-70b',
  'llama-2-7b',
  'llama-3-8b',
  'mistral-7b',
  'mixtral-8x7b',
  'qwen1.5-moe-a2.7b',
  'deepseek-moe-16b',
  'gpt2',
  'gpt2-xl',
  'bert-base',
  'bert-large',
  'vit-b16',
  'vit-l16',
  'resnet-18',
  'resnet-50',
  'resnet-101',
  'resnet-18-cifar10',
  'resnet-50-cifar10',
] as const;

/** body layers of the model (what SegProp segments), counted on its graph */
function layersOf(m: ModelSpec): number {
  return buildGraph(m, { seqLen: 128, causalHalf: true }).blocks.filter((b) => b.isLayer).length;
}

export interface GoldenRequest {
  id: number;
  request: PlanRequest;
}

export function goldenRequests(count: number, seed = 20261129): GoldenRequest[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => at(xs, Math.floor(rnd() * xs.length), 'choice');
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const models = new Map(GOLDEN_MODELS.map((name) => [name, loadModel(name).spec]));
  const out: GoldenRequest[] = [];
  for (let id = 0; id < count; id++) {
    const model = models.get(pick(GOLDEN_MODELS))!;
    const strategy = pick(['e2e', 'fsdp', 'fsdp-offload', 'segprop', 'segprop'] as const);
    const layers = layersOf(model);
    const headDepth = int(0, Math.min(4, layers - 2));
    const prefixDepth = rnd() < 0.5 ? 0 : int(1, Math.max(1, Math.floor((layers - headDepth) / 3)));
    const rest = layers - headDepth - prefixDepth;
    const segmentation = rnd() < 0.5 ? { segmentSize: int(1, Math.max(1, Math.min(rest, 16))) } : { segments: int(1, Math.max(1, Math.min(rest, 12))) };
    const residence = ['replicated', 'sharded', 'offloaded'] as const;
    const placement: PlanRequest['placement'] =
      rnd() < 0.6
        ? undefined
        : {
            ...(rnd() < 0.5 ? { frozen: pick(residence) } : {}),
            ...(rnd() < 0.5 ? { trainable: { weights: pick(residence), gradients: pick(residence), optimizer: pick(residence) } } : {}),
          };
    const seqLen = model.family === 'decoder' || model.family === 'encoder' ? pick([128, 512, 1024, 2048, 4096]) : 1;
    const request: PlanRequest = {
      model,
      gpu: pick(GPUS),
      gpus: pick([1, 2, 8, 8, 16, 64]),
      ...(rnd() < 0.2 ? { nodes: pick([1, 2, 8]) } : {}),
      seqLen: model.family === 'decoder' || model.family === 'encoder' ? Math.min(seqLen, model.maxPositions) : seqLen,
      microBatch: rnd() < 0.7 ? 'auto' : int(1, 64),
      strategy,
      ...(strategy === 'segprop' ? { segprop: { ...segmentation, headDepth, prefixDepth, forward: pick(['full', 'growing'] as const) } } : {}),
      ...(placement ? { placement } : {}),
      checkpointing: pick(['none', 'full', 'selective'] as const),
      attention: pick(['flash', 'math'] as const),
      precision: pick(['bf16-mixed', 'bf16', 'fp32'] as const),
      optimizer: pick(['adamw', 'sgd', 'adam8bit'] as const),
      runtime: pick(['pytorch', 'pytorch', 'pytorch-hf-eager', 'tfjs'] as const),
      ...(rnd() < 0.3 ? { stepsPerStage: int(1, 5000) } : {}),
      ...(rnd() < 0.2 ? { runtimeOverheadBytes: int(0, 2 ** 31) } : {}),
      ...(rnd() < 0.2 ? { allocatorReserve: Math.round(rnd() * 20) / 100 } : {}),
      ...(rnd() < 0.2 ? { training: { budget: { tokens: 1e9 * int(1, 1000) }, usdPerGpuHour: 2 } } : {}),
    };
    out.push({ id, request });
  }
  return out;
}
