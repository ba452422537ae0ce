import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { defaultNodeTypeFor, gpuById, gpuIds, nodeTypeById, nodeTypeIds } from '../../src/hardware/catalog.js';
import { closestIds, editDistance } from '../../src/hardware/suggest.js';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
};

describe('gpuById', () => {
  it('finds built-in GPUs, case-insensitively', () => {
    expect(gpuById('a100-40gb').memoryBytes).toBe(40960 * 2 ** 20);
    expect(gpuById(' H100-SXM ').id).toBe('h100-sxm');
  });

  it('returns frozen entries, so callers cannot corrupt the catalog', () => {
    const g = gpuById('l4');
    expect(Object.isFrozen(g)).toBe(true);
    expect(Object.isFrozen(g.flops)).toBe(true);
  });

  it.each([
    ['a100', ['a100-40gb', 'a100-80gb', 'a100-40gb-pcie']],
    ['h100', ['h100-sxm', 'h100-pcie', 'h200']],
    ['a100-40g', ['a100-40gb', 'a100-40gb-pcie', 'a100-80gb']],
    ['rtx4090', ['rtx-4090']],
    ['4090', ['rtx-4090']],
    ['l40', ['l40s', 'l4']],
    ['mi300', ['mi300x']],
  ])('unknown %s suggests %j', (query, expected) => {
    const message = messageOf(() => gpuById(query));
    expect(message).toContain(`unknown GPU "${query}"; did you mean ${expected.join(', ')}?`);
    expect(message).toContain('Known: a100-40gb, ');
    expect(message).not.toContain('\n');
  });

  it('says only what is known when nothing is close', () => {
    expect(messageOf(() => gpuById('tpu-v5e'))).toMatch(/^unknown GPU "tpu-v5e"\. Known: a100-40gb, /);
  });

  it('lists ids in catalog order', () => {
    expect(gpuIds()[0]).toBe('a100-40gb');
    expect(gpuIds()).toHaveLength(14);
  });
});

describe('node types', () => {
  it('default node type per GPU: its DGX when there is one, else the generic pcie-node', () => {
    expect(defaultNodeTypeFor('a100-40gb').id).toBe('dgx-a100-40gb');
    expect(defaultNodeTypeFor('a100-80gb').id).toBe('dgx-a100-80gb');
    expect(defaultNodeTypeFor('h100-sxm').id).toBe('dgx-h100');
    expect(defaultNodeTypeFor('h200').id).toBe('dgx-h200');
    expect(defaultNodeTypeFor('l4').id).toBe('pcie-node');
    expect(defaultNodeTypeFor('my-custom-gpu').id).toBe('pcie-node');
  });

  it('unknown node type suggests', () => {
    expect(messageOf(() => nodeTypeById('dgx-a100'))).toContain('did you mean dgx-a100-40gb, dgx-a100-80gb, dgx-h100?');
    expect(nodeTypeIds()).toContain('pcie-node');
  });
});

describe('editDistance / closestIds', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['h100', 'h200', 1],
    ['a100', 'a100-40gb', 5],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('caps the number of suggestions and ignores empty queries', () => {
    expect(closestIds('a', ['a1', 'a2', 'a3', 'a4'], 2)).toEqual(['a1', 'a2']);
    expect(closestIds('  ', ['a'])).toEqual([]);
  });
});
