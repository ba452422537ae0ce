// Sliding-window attention (Mistral: each token attends to the last 4096): a kernel that skips masked tiles
// computes only the band, s² − (s − W)² of the s² score products halved; within the window nothing changes.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { AnyOp } from '../../src/graph/types.js';
import { opMacs } from '../../src/ops/registry.js';
import { catalogSpec } from '../../src/model/catalog.js';
import { importHfConfig } from '../../src/model/hf/index.js';
import { INLINE } from '../model/inline-configs.js';
import type { DecoderSpec } from '../../src/model/types.js';

const mistral = catalogSpec('mistral-7b') as DecoderSpec;
const attentionMacs = (spec: DecoderSpec, seqLen: number, causalHalf: boolean) => {
  const op = buildGraph(spec, { seqLen, causalHalf })
    .blocks.flatMap((b) => b.ops)
    .find((o: AnyOp) => o.kind === 'attention')!;
  return opMacs(op);
};

describe('sliding-window attention', () => {
  it('mistral-7b keeps the 4096-token window of its config; the importers read sliding_window (null: none)', () => {
    expect(mistral.slidingWindow).toBe(4096);
    expect((importHfConfig(INLINE.phi3, 'phi3.json') as DecoderSpec).slidingWindow).toBe(2047);
    expect((importHfConfig({ ...INLINE.phi3, sliding_window: null }, 'phi3.json') as DecoderSpec).slidingWindow).toBeUndefined();
  });

  it('a skipping kernel computes the band: heads·d·(s² − (s − W)²) MACs for QKᵀ and PV together', () => {
    const [s, w, heads, d] = [16384, 4096, 32, 128];
    expect(attentionMacs(mistral, s, true)).toBe(heads * d * (s * s - (s - w) * (s - w)));
    const { slidingWindow: _w, ...dense } = mistral;
    expect(attentionMacs(dense, s, true)).toBe(heads * d * s * s);
  });

  it('changes nothing within the window, or for a kernel that computes every product', () => {
    const { slidingWindow: _w, ...dense } = mistral;
    expect(attentionMacs(mistral, 4096, true)).toBe(attentionMacs(dense, 4096, true));
    expect(attentionMacs(mistral, 16384, false)).toBe(attentionMacs(dense, 16384, false));
  });
});
