// Shared settings for the dashboard tests: the paper scenario (LLaMA-2-70B on 8 x A100-40GB).
import type { Settings } from '../../src/dash/settings.js';
import { gpuById } from '../../src/hardware/lookup.js';
import { plan } from '../../src/plan/plan.js';
import type { PlanRequest } from '../../src/plan/types.js';
import type { SegPropOptions, StrategyName } from '../../src/vocabulary.js';
import { loadModel } from '../../src/model/load.js';
import { gib } from '../../src/dash/format.js';
import { at } from '../at.js';
import { firstScreen } from '../../bench/dash-keys.js';

/** The paper scenario's first screen (the one the keypress benchmarks replay, bench/dash-keys.ts), with `over`. */
export function paperSettings(over: Partial<Settings> = {}): Settings {
  return { ...firstScreen(), ...over };
}

/** The paper scenario's request (LLaMA-2-70B on 8 x A100-40GB, sequence 2048) for one strategy. */
export function paperRequest(strategy: StrategyName, segprop: SegPropOptions, placement?: PlanRequest['placement']): PlanRequest {
  return {
    model: loadModel('llama-2-70b').spec,
    gpu: gpuById('a100-40gb'),
    gpus: 8,
    nodes: 1,
    seqLen: 2048,
    microBatch: 'auto',
    strategy,
    segprop,
    ...(placement ? { placement } : {}),
    checkpointing: 'full',
    attention: 'flash',
    precision: 'bf16-mixed',
    optimizer: 'adamw',
    runtime: 'pytorch',
    optimizerImpl: 'foreach',
    clipGrad: 'none',
    gradAccum: 1,
    loss: 'plain',
  };
}

/**
 * The engine's own answer for the paper scenario, formatted as the dashboard formats it: the tests check that
 * the screen shows the engine's numbers, whatever they are.
 */
export function enginePeak(strategy: StrategyName, segmentSize = 8, stage?: number): string {
  const r = plan(paperRequest(strategy, { segmentSize, headDepth: 2, prefixDepth: 8, forward: 'full' }));
  return gib(stage === undefined ? r.peakBytes : at(r.stages, stage, 'stage').memory.peakBytes).replace('.', '\\.');
}

/** The engine's max micro-batch for SegProp on the paper cluster, with `segprop` and `placement` as given. */
export function engineSegpropMax(segprop: SegPropOptions, placement?: PlanRequest['placement']): number {
  return plan(paperRequest('segprop', segprop, placement)).maxMicroBatch;
}
