// LISA (Pan et al. 2024): γ sampled layers train with the embedding and the head, resampled every K steps.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { plan } from '../../src/plan/plan.js';
import { lisaSchedule } from '../../src/strategy/lisa.js';
import { blockParams } from '../../src/strategy/stage-runs.js';
import { request } from '../memory/helpers.js';
import { gpt2, llama, llama2_7b } from '../graph/specs.js';

// 10 layers: blocks are [embedding, layers.0..9, final-norm, head, loss]
const graph = buildGraph(llama('tiny', 256, 10, 4, 4, 512, 1000), { seqLen: 64 });
const code = (r: string) => ({ train: 'T', 'frozen-path': 'P', 'frozen-notape': 'n', skip: '.' })[r];
const roles = (s: { roles: readonly string[] }) => s.roles.map(code).join('');

describe('LISA schedule', () => {
  it('enumerates the layers in groups of γ; the embedding, final norm and head train in every stage, backward reaches the input', () => {
    //                                                        emb L0 L1 L2 L3 L4 L5 L6 L7 L8 L9 norm head loss
    expect(lisaSchedule(graph, { layers: 4, period: 20 }).map(roles)).toEqual([
      'TTTTTPPPPPPTTT',
      'TPPPPTTTTPPTTT',
      // the last group is the last γ layers: every stage trains exactly γ
      'TPPPPPPTTTTTTT',
    ]);
    expect(lisaSchedule(graph, { layers: 1, period: 20 })).toHaveLength(10);
    expect(lisaSchedule(graph, { layers: 10, period: 20 }).map(roles)).toEqual(['TTTTTTTTTTTTTT']);
  });

  it('rejects impossible settings with a one-line error naming the request field', () => {
    expect(() => lisaSchedule(graph, { layers: 11, period: 20 })).toThrow(/^lisa.layers 11: must be an integer from 1 to 10/);
    expect(() => lisaSchedule(graph, { layers: 2, period: 0 })).toThrow(/^lisa.period 0: /);
  });
});

describe("LISA's plan", () => {
  it('trains γ layers + embedding + final norm + LM head; memory below E2E; the binding stage is the worst group', () => {
    const r = plan(request(llama2_7b, { strategy: 'lisa', microBatch: 1, checkpointing: 'full' }));
    const g = buildGraph(llama2_7b, { seqLen: 512 });
    const p = blockParams(g);
    const layer = p[1]!;
    const ends = p.reduce((s, x) => s + x, 0) - 32 * layer;
    expect(r.stages).toHaveLength(16);
    for (const s of r.stages) expect(s.trainableParams).toBe(2 * layer + ends);
    expect(r.peakBytes).toBe(Math.max(...r.stages.map((s) => s.memory.peakBytes)));
    expect(r.peakBytes).toBe(r.stages[r.bindingStage]!.memory.peakBytes);
    const e = plan(request(llama2_7b, { strategy: 'e2e', microBatch: 1, checkpointing: 'full' }));
    expect(r.peakBytes).toBeLessThan(e.peakBytes);
    expect(r.settings.lisa).toEqual({ layers: 2, period: 20 });
    expect(r.schedule!.stepsPerStage).toBe(20);
  });

  it('model states: 2 bytes per weight of the model + 14 per trainable parameter (bf16-mixed: 2-byte gradient, fp32 master and moments)', () => {
    const r = plan(request(llama2_7b, { strategy: 'lisa', microBatch: 1, checkpointing: 'full' }));
    const M = blockParams(buildGraph(llama2_7b, { seqLen: 512 })).reduce((s, x) => s + x, 0);
    for (const s of r.stages) {
      expect(s.peakEvent.event).toBe('optimizer step');
      expect(s.memory.weights + s.memory.gradients + s.memory.optimizer).toBe(2 * M + 14 * s.trainableParams);
    }
  });

  it('a tied embedding and LM head train once (GPT-2)', () => {
    const spec = gpt2('gpt2', 768, 12, 12);
    const r = plan(request(spec, { strategy: 'lisa', lisa: { layers: 12, period: 20 }, microBatch: 1, seqLen: 256 }));
    // with every layer sampled, LISA trains the whole model, as E2E does
    const e = plan(request(spec, { strategy: 'e2e', microBatch: 1, seqLen: 256 }));
    expect(r.stages[0]!.trainableParams).toBe(e.stages[0]!.trainableParams);
    expect(r.peakBytes).toBe(e.peakBytes);
  });
});
