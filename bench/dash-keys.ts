// The dashboard session the keypress benchmarks replay: the paper scenario (LLaMA-2-70B on 8 × A100-40GB, E2E,
// FSDP + offload and SegProp shown), then 154 keys that each change a SegProp knob — segment size 1..70 (the
// first typed, the others one ↑ each), then head depth 0..20 at each of four segment sizes (each block's first
// typed). E2E and FSDP + offload are remembered; SegProp re-plans at every key.
import type { KnobId } from '../src/dash/knobs.js';
import type { Settings } from '../src/dash/settings.js';
import { gpuIds } from '../src/hardware/lookup.js';
import { catalogNames } from '../src/model/catalog.js';

export const STRATEGIES = ['e2e', 'fsdp-offload', 'segprop'] as const;

export function firstScreen(): Settings {
  const models = catalogNames();
  const gpuList = gpuIds();
  return {
    models,
    model: models.indexOf('llama-2-70b'),
    gpuList,
    gpu: gpuList.indexOf('a100-40gb'),
    gpus: 8,
    nodes: 1,
    seqLen: 2048,
    microBatch: 'auto',
    segmentSize: 8,
    headDepth: 2,
    prefixDepth: 8,
    forward: 'full',
    checkpointing: 'full',
    attention: 'flash',
    precision: 'bf16-mixed',
    optimizer: 'adamw',
    frozenPlacement: 'sharded',
    trainablePlacement: 'sharded',
    optimizerPlacement: null,
    runtime: 'pytorch',
    optimizerImpl: 'foreach',
    clipGrad: 'none',
    gradAccum: 1,
    loss: 'plain',
    budget: null,
    price: null,
  };
}

/** Each key's settings and the knob it is on. */
export function keys(first: Settings): Array<{ settings: Settings; knob: KnobId }> {
  const out: Array<{ settings: Settings; knob: KnobId }> = [];
  for (let k = 1; k <= 70; k++) out.push({ settings: { ...first, segmentSize: k }, knob: 'segmentSize' });
  for (const segmentSize of [2, 4, 8, 16]) {
    for (let h = 0; h <= 20; h++) out.push({ settings: { ...first, segmentSize, headDepth: h }, knob: 'headDepth' });
  }
  return out;
}

/** "median a, 95th percentile b, worst c" of times in seconds. */
export function spread(times: readonly number[], ms: (s: number) => string): string {
  const sorted = [...times].sort((x, y) => x - y);
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!;
  return `median ${ms(q(0.5))}, 95th percentile ${ms(q(0.95))}, worst ${ms(sorted[sorted.length - 1]!)}`;
}
