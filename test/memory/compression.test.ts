// The compressed fold (sweeps) must solve exactly the same max micro-batch as the full timeline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { maxMicroBatch, MaxBatchSink } from '../../src/memory/max-batch.js';
import { foldStage, stageMemory, SummaryCache, type StageMemoryInput } from '../../src/memory/stage-memory.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { e2eSchedule, segpropSchedule } from '../../src/strategy/schedule.js';
import { gpt2, llama } from '../graph/specs.js';
import type { ResNetSpec } from '../../src/model/types.js';

const { ddp: REPLICATED, fsdp: SHARDED, 'fsdp-offload': OFFLOADED } = SHARDINGS;

const resnet: ResNetSpec = {
  family: 'resnet',
  name: 'r',
  block: 'bottleneck',
  layers: [3, 4, 6, 3],
  stem: 'imagenet',
  baseWidth: 64,
  numClasses: 1000,
  imageSize: 224,
  channels: 3,
};
const models = [llama('l', 512, 12, 8, 2, 1536, 32000), gpt2('g', 256, 9, 4), resnet];

describe('compressed fold', () => {
  it('solves the same max micro-batch as the full timeline, for every stage and capacity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models.keys()),
        fc.constantFrom('none' as const, 'full' as const, 'selective' as const),
        fc.constantFrom(REPLICATED, SHARDED, OFFLOADED),
        fc.constantFrom(1, 8),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('full' as const, 'growing' as const),
        fc.boolean(),
        (mi, policy, placement, gpus, headDepth, seg, forward, e2e) => {
          const graph = buildGraph(models[mi]!, { seqLen: 256 }); // mi is drawn from models.keys()
          const layers = graph.blocks.filter((b) => b.isLayer).length;
          const stages = e2e
            ? e2eSchedule(graph)
            : // the ResNet's growing stages are refused (the skipped blocks change the shape the head reads)
              segpropSchedule(graph, {
                segmentSize: Math.min(seg, layers - headDepth),
                headDepth,
                prefixDepth: 0,
                forward: models[mi] === resnet ? 'full' : forward,
              });
          const caps = Float64Array.from([8, 24, 40, 80, 192].map((g) => g * 2 ** 30));
          for (const st of stages) {
            const input: StageMemoryInput = {
              graph,
              roles: st.roles,
              policy,
              profile: pytorchProfile,
              precision: precisionPolicy('bf16-mixed'),
              optimizer: optimizerPolicy('adamw'),
              placement,
              attention: 'math',
              gpus,
              gpusPerNode: gpus,
              overheadBytes: 1e8,
              cache: new SummaryCache(),
            };
            const full = stageMemory(input);
            const sink = new MaxBatchSink(caps);
            foldStage(input, sink, true);
            sink.solve();
            caps.forEach((cap, g) => expect(sink.best[g]).toBe(maxMicroBatch(full.events, cap)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
