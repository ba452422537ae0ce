// segplan inspect: per-layer MACs that add up to torchvision's published figures, totals that agree with the
// planner, and the bytes a checkpointed layer keeps (its input: 2·s·h bytes in bf16, Korthikanti et al.).
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

interface Row {
  name: string;
  kind: string;
  params: number;
  macs: number;
  flops: { forward: number; inputGrad: number; weightGrad: number; recompute: number };
  savedBytes: number;
}
interface Inspect {
  blocks: Array<Row & { index: number; heldBytes: number; ops: Row[] }>;
  totals: { params: number; macs: number; flops: Row['flops']; heldBytes: number };
}

const inspect = async (args: string[]): Promise<Inspect> => {
  const r = await segplan(['inspect', ...args, '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Inspect;
};
const opSum = (x: Inspect, f: (r: Row) => number) => x.blocks.flatMap((b) => b.ops).reduce((s, r) => s + f(r), 0);

describe('segplan inspect', () => {
  it('resnet-101: per-layer MACs total torchvision\'s published 7.801 G ("_ops", GFLOPS that are MACs) at batch 1', async () => {
    const x = await inspect(['resnet-101']);
    const macs = opSum(x, (r) => r.macs);
    expect(macs).toBe(x.totals.macs);
    // torchvision publishes 3 decimals: the exact count lies within half a unit of the last one
    expect(Math.abs(macs / 1e9 - 7.801)).toBeLessThanOrEqual(0.0005);
    expect(opSum(x, (r) => r.params)).toBe(44_549_160); // torchvision num_params
  });

  it('resnet-50: 4,089,184,256 MACs and 25,557,032 parameters (torchvision / fvcore)', async () => {
    const x = await inspect(['resnet-50']);
    expect(opSum(x, (r) => r.macs)).toBe(4_089_184_256);
    expect(opSum(x, (r) => r.params)).toBe(25_557_032);
  });

  it("agrees with the planner's FLOPs of an end-to-end step at micro-batch 1", async () => {
    const x = await inspect(['resnet-50', '--checkpointing', 'none']);
    const plan = JSON.parse(
      (await segplan(['plan', 'resnet-50', '--strategy', 'e2e', '--gpus', '1', '--micro-batch', '1', '--checkpointing', 'none', '--json'])).stdout,
    );
    const st = plan.stages[0].flops;
    expect(x.totals.flops.forward).toBeCloseTo(st.forward, 0);
    expect(x.totals.flops.inputGrad).toBeCloseTo(st.inputGrad, 0);
    expect(x.totals.flops.weightGrad).toBeCloseTo(st.weightGrad, 0);
    expect(x.totals.params).toBe(plan.model.params.total);
  });

  it('a fully checkpointed transformer layer keeps only its input (2·s·h bytes in bf16) and recomputes its forward', async () => {
    const x = await inspect(['llama-2-7b', '--seq-len', '1024']);
    const layer = x.blocks.find((b) => b.name === 'layers.5')!;
    expect(layer.heldBytes).toBe(2 * 1024 * 4096);
    expect(layer.flops.recompute).toBeGreaterThanOrEqual(layer.flops.forward);
    const none = (await inspect(['llama-2-7b', '--seq-len', '1024', '--checkpointing', 'none'])).blocks.find((b) => b.name === 'layers.5')!;
    expect(none.heldBytes).toBeGreaterThan(10 * layer.heldBytes);
  });

  it('prints blocks collapsed, expands one with --block, and labels MACs and FLOPs', async () => {
    const r = await segplan(['inspect', 'gpt2', '--block', 'layers.0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MACs fwd +FLOPs fwd +FLOPs bwd/);
    expect(r.stdout).toContain('layers.0.attn');
    expect(r.stdout).not.toContain('layers.1.attn');
    expect(r.stdout).toContain('MACs: multiply-accumulates');
    const bad = await segplan(['inspect', 'gpt2', '--block', 'layer.0']);
    expect(bad.code).toBe(2);
    expect(stderrLines(bad)).toHaveLength(1);
  });

  it('--csv has one row per block and per op, with exact numbers', async () => {
    const x = await inspect(['resnet-18']);
    const lines = (await segplan(['inspect', 'resnet-18', '--csv'])).stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^level,block_index,block,name,kind,/);
    const ops = x.blocks.reduce((s, b) => s + b.ops.length, 0);
    expect(lines).toHaveLength(1 + x.blocks.length + ops);
    const macs = lines
      .slice(1)
      .filter((l) => l.startsWith('op,'))
      .reduce((s, l) => s + Number(l.split(',').at(-7)), 0); // shapes are quoted and hold commas: count from the end
    expect(macs).toBe(1_814_073_344);
  });
});
