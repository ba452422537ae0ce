// The wasm tfjs profile against the cpu one, op by op: saved tensors become per-saver copies, and the
// originals of saved op-internal tensors are forward temporaries.

import { describe, expect, it } from 'vitest';
import type { OpContext } from '../../src/runtime/profile.js';
import { tfjsProfile } from '../../src/runtime/tfjs.js';
import { tfjsWasmProfile } from '../../src/runtime/tfjs-wasm.js';
import { runtimeProfileFor } from '../../src/validate/runtime-profile.js';
import { suiteCases } from '../../src/validate/suite.js';
import { at } from '../at.js';

const ctx: OpContext = { weightTrains: true, needsInputGrad: true, taped: true, activationDtype: 'fp32', attention: 'math', recompute: false };
const gpt = suiteCases('quick').find((c) => c.name === 'gpt-tiny/e2e')!.graph;
const ops = gpt.blocks.flatMap((b) => b.ops);

describe('tfjs wasm profile', () => {
  it('is picked for the wasm backend only', () => {
    expect(runtimeProfileFor('wasm')).toBe(tfjsWasmProfile);
    expect(runtimeProfileFor('cpu')).toBe(tfjsProfile);
  });

  it('keys every saved tensor per saving op, with the same size as on cpu', () => {
    for (const op of ops) {
      const cpu = tfjsProfile.saved(op, ctx);
      const wasm = tfjsWasmProfile.saved(op, ctx);
      expect(wasm.map((s) => [s.perSample, s.fixed, s.role])).toEqual(cpu.map((s) => [s.perSample, s.fixed, s.role]));
      for (const s of wasm) expect(typeof s.key === 'string' && s.key.startsWith(`${op.name}#copy:`)).toBe(true);
    }
  });

  it('a graph tensor saved by two ops is two buffers on wasm, one on cpu', () => {
    // the attention's q, k, v projections all read the same normalised input; linears save it
    const qkv = ops.filter((o) => o.kind === 'linear' && at(o.inputs, 0, 'linear input').id === ops.find((p) => p.kind === 'layernorm')!.output.id);
    expect(qkv.length).toBe(3);
    const keys = (p: typeof tfjsProfile) => new Set(qkv.flatMap((o) => p.saved(o, ctx).map((s) => s.key)));
    expect(keys(tfjsProfile).size).toBe(1);
    expect(keys(tfjsWasmProfile).size).toBe(qkv.length);
  });

  it('adds the originals of saved op-internal tensors to the forward workspace, only when the op saves', () => {
    const att = ops.find((o) => o.kind === 'attention')!;
    const internal = tfjsProfile.saved(att, ctx).filter((s) => typeof s.key === 'string');
    expect(internal.length).toBeGreaterThanOrEqual(4);
    expect(tfjsWasmProfile.forwardWorkspace(att, ctx)).toEqual([...tfjsProfile.forwardWorkspace(att, ctx), ...internal]);
    const frozen = { ...ctx, weightTrains: false, needsInputGrad: false, taped: false };
    expect(tfjsWasmProfile.forwardWorkspace(att, frozen)).toEqual(tfjsProfile.forwardWorkspace(att, frozen));
    // a graph tensor saved (the linear's input) adds no temporary: the original is the graph tensor itself
    const lin = ops.find((o) => o.kind === 'linear')!;
    expect(tfjsWasmProfile.forwardWorkspace(lin, ctx)).toEqual(tfjsProfile.forwardWorkspace(lin, ctx));
  });
});
