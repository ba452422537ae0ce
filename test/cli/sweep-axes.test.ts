// Sweeps over precision, optimizer, attention and placement: each point is planned with its own values.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';

describe('sweep axes', () => {
  it('varies precision, optimizer and placement', async () => {
    const r = await segplan([
      'sweep',
      'gpt2',
      '--seq-len',
      '1024',
      '--strategy',
      'fsdp',
      '--gpu',
      'a100-40gb',
      '--micro-batch',
      '4',
      '--vary',
      'precision=bf16-mixed,fp32',
      '--vary',
      'optimizer=adamw,sgd',
      '--vary',
      'optimizer-placement=sharded,offloaded',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const points = JSON.parse(r.stdout) as Array<{
      vary: Record<string, string>;
      result: {
        settings: { precision: string; optimizer: string; placement: { trainable: { optimizer: string } } };
        stages: Array<{ memory: { optimizer: number } }>;
      };
    }>;
    expect(points).toHaveLength(8);
    for (const p of points) {
      expect(p.result.settings.precision).toBe(p.vary.precision);
      expect(p.result.settings.optimizer).toBe(p.vary.optimizer);
      expect(p.result.settings.placement.trainable.optimizer).toBe(p.vary['optimizer-placement']);
    }
    // AdamW's state on the GPU is larger than SGD's; offloaded, none of it is on the GPU
    const at = (precision: string, optimizer: string, placement: string) =>
      points.find((p) => p.vary.precision === precision && p.vary.optimizer === optimizer && p.vary['optimizer-placement'] === placement)!.result.stages[0]!
        .memory.optimizer;
    expect(at('bf16-mixed', 'adamw', 'sharded')).toBeGreaterThan(at('bf16-mixed', 'sgd', 'sharded'));
    expect(at('bf16-mixed', 'adamw', 'offloaded')).toBe(0);
  });

  it('names the allowed values of a word axis', async () => {
    const r = await segplan(['sweep', '--vary', 'frozen-placement=gpu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--vary frozen-placement: expected one of replicated, sharded, offloaded');
  });
});
