// Every catalog entry parses, and the figures match the published specifications (the project's REFERENCES.md,
// copied into the assertions below) exactly.
import { beforeAll, describe, expect, it } from 'vitest';
import { readHardwareCatalog, type HardwareCatalog } from '../../src/hardware/read-catalog.js';
import type { Gpu } from '../../src/hardware/types.js';

let catalog: HardwareCatalog;
const gpu = (id: string): Gpu => {
  const g = catalog.gpus.find((x) => x.id === id);
  if (!g) throw new Error(`no ${id}`);
  return g;
};
const MiB = 2 ** 20;
const T = 1e12;
const G = 1e9;

beforeAll(async () => {
  catalog = await readHardwareCatalog();
});

it('holds exactly the GPUs segplan promises', () => {
  expect(catalog.gpus.map((g) => g.id)).toEqual([
    'a100-40gb',
    'a100-80gb',
    'a100-40gb-pcie',
    'a100-80gb-pcie',
    'h100-sxm',
    'h100-pcie',
    'h200',
    'l4',
    'l40s',
    'a10g',
    'rtx-4090',
    'v100-16gb',
    'v100-32gb',
    'mi300x',
  ]);
});

// [id, memory bytes, bf16 | undefined, fp16, fp32, device memory B/s, NVLink per direction | undefined, PCIe gen]
const TABLE: [string, number, number | undefined, number, number, number, number | undefined, number][] = [
  ['a100-40gb', 40960 * MiB, 312 * T, 312 * T, 19.5 * T, 1555 * G, 300 * G, 4],
  ['a100-80gb', 81920 * MiB, 312 * T, 312 * T, 19.5 * T, 2039 * G, 300 * G, 4],
  ['a100-40gb-pcie', 40 * G, 312 * T, 312 * T, 19.5 * T, 1555 * G, undefined, 4],
  ['a100-80gb-pcie', 80 * G, 312 * T, 312 * T, 19.5 * T, 1935 * G, undefined, 4],
  ['h100-sxm', 81559 * MiB, 989 * T, 989 * T, 67 * T, 3350 * G, 450 * G, 5],
  ['h100-pcie', 80 * G, 756 * T, 756 * T, 51 * T, 2000 * G, undefined, 5],
  ['h200', 141 * G, 989 * T, 989 * T, 67 * T, 4800 * G, 450 * G, 5],
  ['l4', 23034 * MiB, 121 * T, 121 * T, 30.3 * T, 300 * G, undefined, 4],
  ['l40s', 46068 * MiB, 362 * T, 362 * T, 91.6 * T, 864 * G, undefined, 4],
  ['a10g', 24 * G, 70 * T, 70 * T, 35 * T, 600 * G, undefined, 4],
  ['rtx-4090', 24564 * MiB, 165 * T, 165 * T, 82.6 * T, 1008 * G, undefined, 4], // memory: nvidia-smi in RLinf/RLinf#255
  ['v100-16gb', 16 * G, undefined, 125 * T, 15.7 * T, 900 * G, 150 * G, 3],
  ['v100-32gb', 32 * G, undefined, 125 * T, 15.7 * T, 900 * G, 150 * G, 3],
  ['mi300x', 192 * G, 1307 * T, 1307 * T, 163.4 * T, 5300 * G, 448 * G, 5],
];

describe.each(TABLE)('%s', (id, memory, bf16, fp16, fp32, hbm, nvlink, pcieGen) => {
  it('has the published figures, in base units', () => {
    const g = gpu(id);
    expect(g.memoryBytes).toBe(memory);
    expect(g.flops.bf16).toBe(bf16);
    expect('bf16' in g.flops).toBe(bf16 !== undefined);
    expect(g.flops.fp16).toBe(fp16);
    expect(g.flops.fp32).toBe(fp32);
    expect(g.hbmBytesPerSec).toBe(hbm);
    expect(g.nvlinkBytesPerSec).toBe(nvlink);
    expect(g.pcieGen).toBe(pcieGen);
    expect(g.pcieLanes).toBe(16);
  });

  it('has a source, and explains nominal memory', () => {
    const g = gpu(id);
    expect(g.source).toMatch(/REFERENCES\.md/);
    expect(g.source).toMatch(/PCI-SIG/);
    expect(g.memoryNote).toBeTruthy();
    if (!g.memoryNote?.startsWith('nvidia-smi')) expect(g.memoryNote).toMatch(/nominal/);
  });
});

it('exact headline numbers: A100-40GB and H100 SXM', () => {
  expect(gpu('a100-40gb').memoryBytes).toBe(40960 * 2 ** 20);
  expect(gpu('a100-40gb').flops.bf16).toBe(312e12);
  expect(gpu('a100-40gb').hbmBytesPerSec).toBe(1555e9);
  expect(gpu('h100-sxm').memoryBytes).toBe(81559 * 2 ** 20);
  expect(gpu('h100-sxm').flops.bf16).toBe(989e12);
});

it('PCIe bandwidth matches the generation: rate per lane × lanes × 128/130 ÷ 8, per direction', () => {
  const gtPerSec: Record<number, number> = { 3: 8e9, 4: 16e9, 5: 32e9 };
  for (const g of catalog.gpus) {
    const rate = gtPerSec[g.pcieGen];
    expect(rate, `${g.id}: PCIe gen ${g.pcieGen}`).toBeDefined();
    const expected = (rate! * g.pcieLanes * 128) / 130 / 8;
    expect(Math.abs(g.pcieBytesPerSec - expected) / expected, g.id).toBeLessThan(0.002);
  }
});

it('PCIe cards have no NVLink; SXM/OAM parts do', () => {
  for (const g of catalog.gpus) {
    const isCard = /pcie|l4|l40s|a10g|rtx/.test(g.id);
    expect(g.nvlinkBytesPerSec === undefined, g.id).toBe(isCard);
  }
});

describe('node types', () => {
  const node = (id: string) => {
    const n = catalog.nodeTypes.find((x) => x.id === id);
    if (!n) throw new Error(`no ${id}`);
    return n;
  };

  it('DGX A100 40GB: 8 × a100-40gb, 1 TB host, 8 × 200 Gb/s HDR', () => {
    const n = node('dgx-a100-40gb');
    expect(n.gpu).toBe('a100-40gb');
    expect(n.gpusPerNode).toBe(8);
    expect(n.intraNode).toBe('nvlink');
    expect(n.hostMemoryBytes).toBe(1e12);
    expect(n.hostMemoryBytesPerSec).toBe(409.6e9);
    expect(n.interNodeBytesPerSec).toBe((8 * 200e9) / 8);
    expect(n.hostCores).toBe(128);
  });

  it('DGX H100: 8 × h100-sxm, 2 TB host, 8 × 400 Gb/s', () => {
    const n = node('dgx-h100');
    expect(n.gpu).toBe('h100-sxm');
    expect(n.hostMemoryBytes).toBe(2e12);
    expect(n.interNodeBytesPerSec).toBe(400e9);
    expect(n.hostCores).toBe(112);
  });

  it('pcie-node is generic and says which figures are assumed', () => {
    const n = node('pcie-node');
    expect(n.gpu).toBeUndefined();
    expect(n.intraNode).toBe('auto');
    expect(n.hostMemoryBytes).toBe(768 * 2 ** 30);
    expect(n.notes?.some((s) => s.startsWith('ASSUMED'))).toBe(true);
  });

  it('every node type has a source and names a known GPU or none', () => {
    const ids = new Set(catalog.gpus.map((g) => g.id));
    for (const n of catalog.nodeTypes) {
      expect(n.source.length, n.id).toBeGreaterThan(20);
      if (n.gpu !== undefined) expect(ids.has(n.gpu), n.id).toBe(true);
    }
  });
});
