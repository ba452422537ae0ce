// --flash-kernel: the kernel behind --attention flash, timed at its published speed by shape
// (src/time/attention-efficiency.ts); a kernel asked for where it means nothing, or where no speed is published,
// is planned and named in one warning line.
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

const planJson = async (extra: string[]) => {
  const r = await segplan(['plan', 'llama-2-7b', '--gpu', 'a100-80gb', '--strategy', 'fsdp', '--seq-len', '2048', '--micro-batch', '4', '--json', ...extra]);
  expect(r.code).toBe(0);
  return { r, plan: JSON.parse(r.stdout) as { settings: { flashKernel?: string }; stages: { stepTimeSeconds: number; flops: { total: number } }[] } };
};

describe('segplan plan --flash-kernel', () => {
  it('times FlashAttention in Triton slower than FlashAttention-2 at the same FLOPs, and says which kernel it planned', async () => {
    const fa2 = await planJson([]);
    const triton = await planJson(['--flash-kernel', 'triton']);
    expect(fa2.plan.settings.flashKernel).toBe('fa2');
    expect(triton.plan.settings.flashKernel).toBe('triton');
    expect(triton.plan.stages[0]!.flops.total).toBe(fa2.plan.stages[0]!.flops.total);
    expect(triton.plan.stages[0]!.stepTimeSeconds).toBeGreaterThan(fa2.plan.stages[0]!.stepTimeSeconds);
    expect(stderrLines(triton.r)).toEqual([]);
  });

  it('warns once where the kernel means nothing or has no published speed, and plans anyway', async () => {
    const math = await planJson(['--attention', 'math', '--flash-kernel', 'fa1']);
    expect(math.plan.settings.flashKernel).toBeUndefined();
    expect(stderrLines(math.r)).toEqual(['segplan: warning: --flash-kernel fa1 is ignored: it chooses the kernel of --attention flash, and attention is math']);
    // fp32 plans run every kernel at the dense fp32 peak: no kernel's published (16-bit) speed applies
    const fp32 = await planJson(['--precision', 'fp32', '--flash-kernel', 'fa1']);
    expect(stderrLines(fp32.r)).toEqual([
      'segplan: warning: --flash-kernel fa1 is ignored: its published speeds are 16-bit, and under --precision fp32 every kernel runs at the dense fp32 peak',
    ]);
    const fp32H100 = await segplan(['plan', 'llama-2-7b', '--gpu', 'h100-sxm', '--strategy', 'fsdp', '--precision', 'fp32', '--flash-kernel', 'triton']);
    expect(stderrLines(fp32H100)).toHaveLength(1);
    expect(stderrLines(fp32H100)[0]).toMatch(/16-bit/);
    const h100 = await segplan(['plan', 'llama-2-7b', '--gpu', 'h100-sxm', '--strategy', 'fsdp', '--flash-kernel', 'triton']);
    expect(h100.code).toBe(0);
    expect(stderrLines(h100)).toEqual([
      'segplan: warning: --flash-kernel triton: FlashAttention in Triton has no published speed on h100-sxm; attention is timed at the large-GEMM rate (a lower bound)',
    ]);
  });

  it('refuses a kernel it does not know in one line', async () => {
    const r = await segplan(['plan', 'llama-2-7b', '--flash-kernel', 'fa3']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(stderrLines(r)[0]).toMatch(/--flash-kernel.*fa3/);
  });
});
