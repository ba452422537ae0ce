// Stage runs from role spans (O(spans)) against a block-by-block reference: the definition of a run —
// consecutive executed blocks of equal kind, shape, parameters, role and upstream flag — applied literally.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { Graph } from '../../src/graph/types.js';
import { tiedWeights } from '../../src/graph/tied-weights.js';
import { opParams } from '../../src/ops/registry.js';
import type { BlockRole } from '../../src/strategy/roles.js';
import { stageRuns } from '../../src/strategy/stage-runs.js';
import { loadModel } from '../../src/model/load.js';
import { at } from '../at.js';

function reference(graph: Graph, roles: readonly BlockRole[]) {
  const params = graph.blocks.map((b) => b.ops.reduce((s, op) => s + opParams(op), 0));
  const same = (i: number, j: number) => {
    const [x, y] = [at(graph.blocks, i, 'block'), at(graph.blocks, j, 'block')];
    return x.kind === y.kind && x.shapeKey === y.shapeKey && params[i] === params[j];
  };
  const runs: { first: number; a: number; b: number; role: BlockRole; up: boolean }[] = [];
  let upstream = false;
  let k = -1;
  let prev = -2;
  let trainable = 0;
  let frozen = 0;
  roles.forEach((role, i) => {
    if (role === 'train') trainable += at(params, i, 'block params');
    else frozen += at(params, i, 'block params');
    if (role === 'skip') return;
    k++;
    const last = runs[runs.length - 1];
    if (last && prev === i - 1 && last.role === role && last.up === upstream && same(i - 1, i)) last.b = k;
    else runs.push({ first: i, a: k, b: k, role, up: upstream });
    prev = i;
    if (role === 'train') upstream = true;
  });
  for (const t of tiedWeights(graph)) {
    if (roles[t.reader] === 'train' && roles[t.owner] !== 'train') {
      trainable += t.params;
      frozen -= t.params;
    }
  }
  return { runs, trainable, frozen };
}

const ROLES: BlockRole[] = ['train', 'frozen-path', 'frozen-notape', 'skip'];

describe('stage runs from spans', () => {
  for (const name of ['gpt2', 'llama-2-7b', 'resnet-50', 'mixtral-8x7b']) {
    const graph = buildGraph(loadModel(name).spec, { seqLen: 64, causalHalf: true });
    it(`${name}: equal to the block-by-block definition for random role arrays`, () => {
      const n = graph.blocks.length;
      // role arrays made of a few spans, like schedules make, plus arbitrary ones
      const spanned = fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.constantFrom(...ROLES)), { minLength: 1, maxLength: 6 }).map((parts) => {
        const roles: BlockRole[] = [];
        for (const [len, role] of parts) for (let j = 0; j < len && roles.length < n; j++) roles.push(role);
        while (roles.length < n) roles.push('train');
        return roles;
      });
      const arbitrary = fc.array(fc.constantFrom(...ROLES), { minLength: n, maxLength: n });
      fc.assert(
        fc.property(fc.oneof(spanned, arbitrary), (roles) => {
          const got = stageRuns(graph, roles);
          const want = reference(graph, roles);
          expect(got.runs).toEqual(want.runs);
          expect(got.trainable).toBe(want.trainable);
          expect(got.frozen).toBe(want.frozen);
        }),
        { numRuns: 200 },
      );
    });
  }
});
