// Shared settings for the dashboard tests: the paper scenario (LLaMA-2-70B on 8 x A100-40GB).
import { gpuIds } from '../../src/hardware/lookup.js';
import type { Settings } from '../../src/dash/settings.js';
import { catalogNames } from '../../src/spec/catalog.js';

export function paperSettings(over: Partial<Settings> = {}): Settings {
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
    runtime: 'pytorch',
    ...over,
  };
}
