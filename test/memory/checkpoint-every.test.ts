// Checkpointing every n-th layer (torchtitan's selective_ac_option n): a wrapped layer behaves as under full
// checkpointing, the others as under none, so every total is the full-checkpointing one for the wrapped
// layers plus the no-checkpointing one for the rest; n = 1 is full checkpointing, byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { stageMemory, type StageMemoryInput } from '../../src/memory/stage-memory.js';
import { plan } from '../../src/plan/plan.js';
import { checkpointRuns, leftUnwrapped } from '../../src/strategy/checkpoint-layers.js';
import { e2eSchedule, segpropSchedule } from '../../src/strategy/schedule.js';
import { stageRuns } from '../../src/strategy/stage-runs.js';
import { RequestError } from '../../src/errors.js';
import { gpt2, llama } from '../graph/specs.js';
import { expectCompressedFoldExact, fsdpStageInput, request } from './helpers.js';

const spec = llama('l', 512, 12, 8, 2, 1536, 32000);
const graph = buildGraph(spec, { seqLen: 256 });
const L = graph.blocks.filter((b) => b.isLayer).length;

function input(policy: 'none' | 'full', every?: number): StageMemoryInput {
  return fsdpStageInput(
    graph,
    graph.blocks.map(() => 'train' as const),
    { policy, ...(every !== undefined ? { checkpointEvery: every } : {}) },
  );
}

describe('which layers --checkpoint-every wraps', () => {
  it("wraps layers n, 2n, ... counted from 1 (torchtitan's counter), never embeddings or heads", () => {
    const wrapped = graph.blocks.filter((b, i) => b.isLayer && !leftUnwrapped(graph.blocks, i, 'full', 3)).map((b) => b.name);
    expect(wrapped).toEqual(['layers.2', 'layers.5', 'layers.8', 'layers.11']);
    expect(graph.blocks.some((b, i) => !b.isLayer && leftUnwrapped(graph.blocks, i, 'full', 3))).toBe(false);
  });

  it('cuts runs where the wrapping changes and keeps every position', () => {
    const runs = checkpointRuns(stageRuns(graph, input('full').roles), graph.blocks, 'full', 3).runs;
    const covered = runs.flatMap((r) => Array.from({ length: r.b - r.a + 1 }, (_, k) => r.first + k));
    expect(covered).toEqual(graph.blocks.map((_, i) => i));
    for (const r of runs) {
      const flags = new Set(Array.from({ length: r.b - r.a + 1 }, (_, k) => leftUnwrapped(graph.blocks, r.first + k, 'full', 3)));
      expect(flags.size).toBe(1);
    }
  });
});

describe('memory with every n-th layer checkpointed', () => {
  const saved = (i: StageMemoryInput) => stageMemory(i).savedAtEndOfForward;
  const none = saved(input('none'));
  const full = saved(input('full'));

  it('n = 1 is full checkpointing, event for event', () => {
    expect(stageMemory(input('full', 1))).toEqual(stageMemory(input('full')));
  });

  it('bytes kept for backward: the wrapped layers keep their input, the others all their activations', () => {
    for (const n of [2, 3, 5, L, L + 1]) {
      const wrapped = Math.floor(L / n);
      const got = saved(input('full', n));
      // per layer, wrapping replaces (none − full)/L kept bytes: the count of wrapped layers decides the total
      const expected = { c: none.c - (wrapped / L) * (none.c - full.c), d: none.d - (wrapped / L) * (none.d - full.d) };
      expect(got.c).toBeCloseTo(expected.c, 0);
      expect(got.d / expected.d).toBeCloseTo(1, 12);
    }
  });

  it('the compressed fold solves the same max micro-batch as the full timeline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.boolean(), fc.constantFrom(1, 8), (n, e2e, gpus) => {
        const g = buildGraph(gpt2('g', 256, 9, 4), { seqLen: 256 });
        const stages = e2e ? e2eSchedule(g) : segpropSchedule(g, { segmentSize: 3, headDepth: 1, prefixDepth: 0, forward: 'full' });
        for (const st of stages) {
          const i: StageMemoryInput = { ...input('full', n), graph: g, roles: st.roles, gpus, gpusPerNode: gpus };
          expectCompressedFoldExact(
            i,
            [2, 8, 24, 80].map((x) => x * 2 ** 30),
          );
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('plans with --checkpoint-every', () => {
  const req = (over = {}) => request(spec, { strategy: 'fsdp', gpus: 8, microBatch: 2, seqLen: 1024, checkpointing: 'full', ...over });

  it('n = 1 plans exactly as full checkpointing', () => {
    expect(plan(req({ checkpointEvery: 1 }))).toEqual(plan(req()));
  });

  it('recomputes the forward of the wrapped layers only', () => {
    const flops = (over = {}) => plan(req(over)).stages[0]!.flops;
    const none = flops({ checkpointing: 'none' });
    const perLayer = (flops().recompute - none.recompute) / L;
    expect(perLayer).toBeGreaterThan(0);
    for (const n of [2, 4, 5]) {
      const f = flops({ checkpointEvery: n });
      expect(f.recompute / (none.recompute + Math.floor(L / n) * perLayer)).toBeCloseTo(1, 12);
      expect(f.forward).toBe(none.forward);
    }
  });

  it('step time and largest micro-batch lie between none and full', () => {
    const at = (over = {}) => plan(req(over)).stages[0]!;
    const [none, half, full] = [at({ checkpointing: 'none' }), at({ checkpointEvery: 2 }), at()];
    expect(half.maxMicroBatch).toBeGreaterThan(none.maxMicroBatch);
    expect(half.maxMicroBatch).toBeLessThan(full.maxMicroBatch);
    expect(half.stepTimeSeconds).toBeGreaterThan(none.stepTimeSeconds);
    expect(half.stepTimeSeconds).toBeLessThan(full.stepTimeSeconds);
  });

  it('is refused without full checkpointing, naming the field', () => {
    expect(() => plan(req({ checkpointing: 'selective', checkpointEvery: 2 }))).toThrow(RequestError);
    expect(() => plan(req({ checkpointEvery: 0 }))).toThrow(/checkpointEvery/);
  });
});
