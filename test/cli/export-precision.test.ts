// segplan export: each precision recipe as the exported framework's own switch, and a note where the format
// has no exact equivalent (accelerate's bf16 is torch.autocast over fp32 weights, not bf16-mixed; DeepSpeed has
// no FP8 switch; torchtitan's float8 is torchao's, not Transformer Engine).
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';

const JOB = ['llama-3-8b', '--gpu', 'h100-sxm', '--gpus', '8', '--strategy', 'fsdp', '--micro-batch', '1'];

async function exported(format: string, precision: string) {
  const r = await segplan(['export', ...JOB, '--precision', precision, '--format', format]);
  expect(r.code, r.stderr).toBe(0);
  return { lines: r.stdout.split('\n'), stderr: r.stderr };
}

const noExact = (lines: string[]) =>
  lines.filter((l) => l.startsWith('# precision ') && /no exact|no accelerate switch|no FP8 switch|not Transformer Engine/.test(l));

describe('export --format accelerate: mixed_precision per recipe', () => {
  for (const [precision, value] of [
    ['amp-bf16', 'bf16'],
    ['amp-fp16', 'fp16'],
    ['fsdp-bf16', 'bf16'],
    ['fp32', "'no'"],
  ] as const) {
    it(`${precision} is accelerate's ${value}, exactly (no note)`, async () => {
      const { lines } = await exported('accelerate', precision);
      expect(lines).toContain(`mixed_precision: ${value}`);
      expect(noExact(lines)).toEqual([]);
    });
  }

  it('bf16-mixed (16-bit weights + fp32 master) is written as the nearest switch, with a comment pointing to the DeepSpeed export', async () => {
    const { lines } = await exported('accelerate', 'bf16-mixed');
    expect(lines).toContain('mixed_precision: bf16');
    const [note] = noExact(lines);
    expect(note).toMatch(/torch\.autocast over fp32 weights/);
    expect(note).toMatch(/--format deepspeed/);
  });

  it("pure bf16 has no switch: 'no', and a comment to load the model in bfloat16", async () => {
    const { lines } = await exported('accelerate', 'bf16');
    expect(lines).toContain("mixed_precision: 'no'");
    expect(noExact(lines)[0]).toMatch(/torch_dtype=torch\.bfloat16/);
  });

  it("fp8 is accelerate's fp8 with Transformer Engine's DelayedScaling defaults, and a note on the weights' dtype", async () => {
    const { lines } = await exported('accelerate', 'fp8');
    const at = lines.indexOf('mixed_precision: fp8');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 10)).toEqual([
      'fp8_config:',
      '  amax_compute_algo: max',
      '  amax_history_len: 1024',
      '  backend: TE',
      '  fp8_format: HYBRID',
      '  interval: 1',
      '  margin: 0',
      '  override_linear_precision: (false, false, false)',
      '  use_autocast_during_eval: false',
    ]);
    expect(noExact(lines)[0]).toMatch(/fp32 by default/);
  });
});

describe('export --format deepspeed and torchtitan', () => {
  it("DeepSpeed writes fp8's bf16 states as bf16 mode and says on stderr that FP8 lives in the model code", async () => {
    const r = await segplan(['export', ...JOB, '--precision', 'fp8', '--format', 'deepspeed']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).bf16).toEqual({ enabled: true });
    expect(r.stderr).toMatch(/# precision fp8: DeepSpeed's config has no FP8 switch/);
    // bf16-mixed is DeepSpeed's own bf16 mode: no note
    const exact = await segplan(['export', ...JOB, '--precision', 'bf16-mixed', '--format', 'deepspeed']);
    expect(noExact(exact.stderr.split('\n'))).toEqual([]);
  });

  it('torchtitan: FSDP MixedPrecision recipes exactly, bf16-mixed with a note, fp8 as the float8 converter with a note', async () => {
    const fsdp = (await exported('torchtitan', 'fsdp-bf16')).lines;
    expect(fsdp).toContain('mixed_precision_param = "bfloat16"');
    expect(fsdp).toContain('mixed_precision_reduce = "bfloat16"');
    expect(noExact(fsdp)).toEqual([]);
    const reduce32 = (await exported('torchtitan', 'fsdp-bf16-fp32reduce')).lines;
    expect(reduce32).toContain('mixed_precision_reduce = "float32"');
    expect(noExact(reduce32)).toEqual([]);
    expect(noExact((await exported('torchtitan', 'bf16-mixed')).lines)[0]).toMatch(/fsdp-bf16-fp32reduce/);
    const fp8 = (await exported('torchtitan', 'fp8')).lines;
    expect(fp8).toContain('converters = ["float8"]');
    expect(noExact(fp8)[0]).toMatch(/torchao's Float8Linear/);
  });
});
