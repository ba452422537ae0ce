// segplan models and segplan gpus, as tables and as JSON.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';

describe('catalog commands', () => {
  it('models --json lists every model with exact parameter counts', async () => {
    const r = await segplan(['models', '--json']);
    expect(r.code).toBe(0);
    const models = JSON.parse(r.stdout) as Array<{ name: string; params: { total: number } }>;
    expect(models.find((m) => m.name === 'llama-2-70b')?.params.total).toBe(68_976_648_192);
    expect((await segplan(['models'])).stdout).toMatch(/^llama-2-70b\s+decoder\s+80 layers/m);
  });

  it('gpus --json gives bytes; the table GiB', async () => {
    const r = await segplan(['gpus', '--json']);
    expect(r.code).toBe(0);
    const gpus = JSON.parse(r.stdout) as Array<{ id: string; memoryBytes: number }>;
    expect(gpus.find((g) => g.id === 'a100-40gb')?.memoryBytes).toBe(40 * 2 ** 30);
    expect((await segplan(['gpus'])).stdout).toMatch(/^a100-40gb\s+NVIDIA A100 SXM4 40GB\s+40\.0 GiB/m);
  });
});
