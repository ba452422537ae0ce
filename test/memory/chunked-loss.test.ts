// The chunked language-model loss (--loss chunked: torchtune's CEWithChunkedOutputLoss, 8 chunks of tokens)
// against what eager PyTorch holds: every chunk keeps its fp32 log-probabilities, as the plain loss does, but
// the fp32 up-cast in forward and the two fp32 gradient buffers in backward exist for one chunk at a time.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { eventBytes } from '../../src/memory/stage-memory.js';
import { plan } from '../../src/plan/plan.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import type { BlockRole } from '../../src/strategy/roles.js';
import type { LossImpl } from '../../src/vocabulary.js';
import { llama3_8b } from '../graph/specs.js';
import { memoryOf, request } from './helpers.js';

const { ddp: REPLICATED } = SHARDINGS;

const S = 8192;
const V = 128256;

function lossEvents(loss: LossImpl, dtype: 'bf16-mixed' | 'fp32' = 'bf16-mixed') {
  const graph = buildGraph(llama3_8b, { seqLen: S, causalHalf: true, loss });
  const all = graph.blocks.map((): BlockRole => 'train');
  const events = memoryOf(graph, all, REPLICATED, 1, 'full', { precision: precisionPolicy(dtype) }).events;
  const at = (phase: string) => events.find((e) => e.phase === phase && e.blockIndex === graph.blocks.length - 1)!;
  return { forward: at('forward'), backward: at('backward'), events };
}

const top = (e: { transient: readonly { c: number; d: number }[] }) => Math.max(...e.transient.map((l) => l.d));

describe('chunked cross-entropy (torchtune, 8 chunks of tokens)', () => {
  it('keeps the same fp32 log-probabilities (4 bytes per logit) as the plain loss', () => {
    expect(lossEvents('chunked').backward.activations).toEqual(lossEvents('plain').backward.activations);
  });

  it('forward: the fp32 up-cast of one chunk, S/8 x V x 4 bytes per sample, instead of all logits', () => {
    // the loss's forward peak: its log-probabilities (4 bytes per logit) and int64 targets as they are made,
    // and the up-cast
    expect(top(lossEvents('plain').forward)).toBe(S * V * (4 + 4) + 8 * S);
    expect(top(lossEvents('chunked').forward)).toBe(S * V * 4 + (S / 8) * V * 4 + 8 * S);
  });

  it('backward: two fp32 buffers of one chunk beside the 16-bit gradient of all logits (2 + 8/8 bytes per logit, not 2 + 6)', () => {
    // the transient line includes the logits' own 16-bit gradient (2 bytes per logit) arriving from the loss
    const plain = top(lossEvents('plain').backward);
    const chunked = top(lossEvents('chunked').backward);
    expect(plain - chunked).toBe(((8 - 2) * S * V * 7) / 8);
  });

  it('fp32 logits are their own up-cast: nothing in forward either way', () => {
    expect(top(lossEvents('chunked', 'fp32').forward)).toBe(S * V * 4 + 8 * S);
    expect(top(lossEvents('plain', 'fp32').forward)).toBe(S * V * 4 + 8 * S);
  });

  it('a plan with --loss chunked fits a larger micro-batch of Llama-3-8B at 8k tokens on A100-80GB with FSDP over 8 GPUs', () => {
    const base = request(llama3_8b, { seqLen: S, strategy: 'fsdp', gpus: 8, checkpointing: 'full' });
    const plain = plan(base);
    const chunked = plan({ ...base, loss: 'chunked' });
    expect(chunked.settings.loss).toBe('chunked');
    expect(chunked.maxMicroBatch).toBeGreaterThan(plain.maxMicroBatch);
    // the same arithmetic per sample
    expect(chunked.stages[0]!.flops.total / chunked.settings.microBatch).toBe(plain.stages[0]!.flops.total / plain.settings.microBatch);
    expect(eventBytes(lossEvents('chunked').backward, 1)).toBeLessThan(eventBytes(lossEvents('plain').backward, 1));
  });
});
