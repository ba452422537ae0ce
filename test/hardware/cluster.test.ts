import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { gpuById, makeCluster } from '../../src/hardware/catalog.js';
import type { Gpu } from '../../src/hardware/types.js';

describe('makeCluster layout', () => {
  it.each([
    [{}, 1, 1],
    [{ gpus: 1 }, 1, 1],
    [{ gpus: 4 }, 4, 1],
    [{ gpus: 8 }, 8, 1],
    [{ gpus: 16 }, 8, 2],
    [{ gpus: 12 }, 6, 2],
    [{ nodes: 2 }, 8, 2],
    [{ gpus: 16, nodes: 4 }, 4, 4],
  ])('a100-40gb %j → %i per node × %i nodes', (req, perNode, nodes) => {
    const c = makeCluster({ gpu: 'a100-40gb', ...req });
    expect([c.gpusPerNode, c.nodes]).toEqual([perNode, nodes]);
  });

  it.each([
    [{ gpus: 9 }, /9 GPUs do not split evenly over 2 nodes/],
    [{ gpus: 16, nodes: 1 }, /^16 GPUs on 1 node is 16 per node; node type dgx-a100-40gb holds at most 8$/],
    [{ gpus: 10, nodes: 4 }, /do not split evenly over 4 nodes/],
    [{ gpus: 0 }, /gpus must be a whole number ≥ 1, got 0/],
    [{ nodes: 1.5 }, /nodes must be a whole number/],
  ])('%j is refused', (req, re) => {
    expect(() => makeCluster({ gpu: 'a100-40gb', ...req })).toThrow(UserError);
    expect(() => makeCluster({ gpu: 'a100-40gb', ...req })).toThrow(re);
  });
});

describe('makeCluster host and links', () => {
  it('DGX A100: host figures per node, NVLink per direction, 8 × 200 Gb/s', () => {
    const c = makeCluster({ gpu: 'a100-40gb', gpus: 16 });
    expect(c.nodeType).toBe('dgx-a100-40gb');
    expect(c.hostMemoryBytes).toBe(1e12);
    expect(c.hostMemoryBytesPerSec).toBe(409.6e9);
    expect(c.interNodeBytesPerSec).toBe(200e9);
    expect(c.intraNodeLink).toBe('nvlink');
    expect(c.intraNodeBytesPerSec).toBe(300e9);
    expect(c.hostCores).toBe(128);
    expect(c.notes).toEqual([]);
  });

  it('PCIe card on the generic node: PCIe link and a note about generic host figures', () => {
    const c = makeCluster({ gpu: 'l4', gpus: 4 });
    expect(c.nodeType).toBe('pcie-node');
    expect(c.intraNodeLink).toBe('pcie');
    expect(c.intraNodeBytesPerSec).toBe(31.5e9);
    expect(c.hostMemoryBytes).toBe(768 * 2 ** 30);
    expect(c.notes.join(' ')).toMatch(/generic node type pcie-node/);
  });

  it('fabric GPU without its own node type (MI300X) uses its fabric on the generic node', () => {
    const c = makeCluster({ gpu: 'mi300x', gpus: 8 });
    expect(c.nodeType).toBe('pcie-node');
    expect(c.intraNodeLink).toBe('nvlink');
    expect(c.intraNodeBytesPerSec).toBe(448e9);
  });

  it('explicit node type; a node type for another GPU is refused', () => {
    expect(makeCluster({ gpu: 'a100-40gb', nodeType: 'pcie-node' }).intraNodeLink).toBe('nvlink');
    expect(() => makeCluster({ gpu: 'l4', nodeType: 'dgx-h100' })).toThrow(/node type dgx-h100 holds h100-sxm GPUs, not l4/);
  });

  it('accepts a Gpu object (e.g. from loadGpuFile)', () => {
    const custom: Gpu = { ...gpuById('a10g'), id: 'my-gpu', name: 'Mine' };
    const c = makeCluster({ gpu: custom, gpus: 2 });
    expect(c.gpu).toBe(custom);
    expect(c.nodeType).toBe('pcie-node');
  });

  it('unknown GPU id is a UserError with suggestions', () => {
    expect(() => makeCluster({ gpu: 'h100' })).toThrow(/did you mean h100-sxm/);
  });
});
