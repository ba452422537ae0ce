// The step-time input the time tests share: Llama 2 7B at 1,024 tokens, every block training, bf16-mixed AdamW on
// PyTorch with flash attention, replicated on one A100-80GB at micro-batch 2 and a 312 TFLOP/s peak at full
// efficiency; `over` replaces any of it.
import { buildGraph } from '../../src/graph/build.js';
import { makeCluster } from '../../src/hardware/catalog.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import type { StepTimeInput } from '../../src/time/step-time.js';
import { llama2_7b } from '../graph/specs.js';

export const LLAMA_GRAPH = buildGraph(llama2_7b, { seqLen: 1024 });

export function llamaStep(over: Partial<StepTimeInput> = {}): StepTimeInput {
  return {
    graph: LLAMA_GRAPH,
    roles: LLAMA_GRAPH.blocks.map(() => 'train'),
    policy: 'none',
    profile: pytorchProfile,
    precision: precisionPolicy('bf16-mixed'),
    optimizer: optimizerPolicy('adamw'),
    placement: SHARDINGS.ddp,
    cluster: makeCluster({ gpu: 'a100-80gb', gpus: 1 }),
    attention: 'flash',
    microBatch: 2,
    peakFlopsPerSec: 312e12,
    efficiency: 1,
    ...over,
  };
}
