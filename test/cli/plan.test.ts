// segplan plan in every output format, against the real binary.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';
import { errorsOf, validatePlan } from './schema.js';
import { at } from '../at.js';

const FSDP = ['plan', 'llama-2-70b', '--gpu', 'a100-40gb', '--gpus', '8', '--strategy', 'fsdp-offload', '--micro-batch', 'auto'];

describe('segplan plan', () => {
  it('--json prints one PlanResult that matches docs/plan.schema.json, bytes as integers', async () => {
    const r = await segplan([...FSDP, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(validatePlan(result), errorsOf(validatePlan)).toBe(true);
    expect(result.strategy).toBe('fsdp-offload');
    expect(result.settings).toMatchObject({ gpu: 'a100-40gb', gpus: 8, seqLen: 2048 });
    expect(result.model.params.total).toBe(68_976_648_192);
    for (const st of result.stages) expect(Number.isInteger(st.memory.peakBytes)).toBe(true);
    // auto picks the largest micro-batch that fits GPU memory
    expect(result.settings.microBatch).toBe(Math.max(1, result.maxMicroBatch));
  });

  it('--loss fused: the plan says so in its settings (table and JSON, which the schema accepts) and keeps no fp32 logits', async () => {
    const args = ['plan', 'llama-2-7b', '--gpu', 'a100-80gb', '--gpus', '8', '--strategy', 'fsdp', '--micro-batch', '4'];
    const fused = await segplan([...args, '--loss', 'fused']);
    expect(fused.code).toBe(0);
    expect(fused.stdout).toMatch(/^settings .*, fused loss$/m);
    const json = JSON.parse((await segplan([...args, '--loss', 'fused', '--json'])).stdout);
    expect(validatePlan(json), errorsOf(validatePlan)).toBe(true);
    expect(json.settings.loss).toBe('fused');
    const plain = JSON.parse((await segplan([...args, '--json'])).stdout);
    expect(json.stages[0].memory.peakBytes).toBeLessThan(plain.stages[0].memory.peakBytes);
  });

  it('defaults are the paper scenario: SegProp, LLaMA-2-70B, 8 x A100-40GB, several stages', async () => {
    const r = await segplan(['plan', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(validatePlan(result), errorsOf(validatePlan)).toBe(true);
    expect(result.strategy).toBe('segprop');
    expect(result.model.name).toBe('llama-2-70b');
    expect(result.settings.segprop).toMatchObject({ segmentSize: 8, headDepth: 2, prefixDepth: 8, forward: 'full' });
    expect(result.stages.length).toBeGreaterThan(1);
  });

  it('the table shows GiB with the unit, the peak, the binding event and FLOPs (not MACs)', async () => {
    const r = await segplan(FSDP);
    expect(r.code).toBe(0);
    const json = JSON.parse((await segplan([...FSDP, '--json'])).stdout);
    const peakGiB = (json.peakBytes / 2 ** 30).toFixed(2);
    expect(r.stdout).toContain(`${peakGiB} GiB per GPU`);
    expect(r.stdout).toContain(json.bindingEvent.event);
    expect(r.stdout).toMatch(/FLOPs count 2 per multiply-add/);
    expect(r.stdout).toMatch(/MFU/);
    // NO_COLOR / not a TTY: no escape codes
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--csv has one row per stage with exact bytes', async () => {
    const r = await segplan(['plan', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const header = lines[0]!.split(',');
    const json = JSON.parse((await segplan(['plan', '--json'])).stdout);
    expect(lines.length - 1).toBe(json.stages.length);
    const peakCol = header.indexOf('peak_bytes');
    expect(Number(lines[1]!.split(',')[peakCol])).toBe(json.stages[0].memory.peakBytes);
  });

  it('--md prints Markdown tables', async () => {
    const r = await segplan(['plan', '--strategy', 'e2e', '--md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### /m);
    expect(r.stdout).toMatch(/^\| stage \|/m);
    expect(r.stdout).toMatch(/^\| --- \|/m);
  });

  it('exits 0 for a plan that does not fit, and says so', async () => {
    const r = await segplan(['plan', '--strategy', 'e2e', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.fits).toBe(false);
    expect((await segplan(['plan', '--strategy', 'e2e'])).stdout).toMatch(/fits\s+NO/);
  });

  it('flags override a scenario file; --gpu-mem parses units', async () => {
    const r = await segplan([
      'plan',
      '--scenario',
      'reports/scenarios/paper-llama-70b.json',
      '--strategy',
      'segprop',
      '--gpu-mem',
      '80GiB',
      '--head-depth',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.settings.gpuMemoryBytes).toBe(80 * 2 ** 30);
    expect(result.settings.segprop.headDepth).toBe(1);
  });

  it('accepts a Hugging Face config.json path as the model', async () => {
    const r = await segplan(['plan', 'test/fixtures/hf-configs/llama-2-7b.json', '--strategy', 'fsdp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).model.params.total).toBe(6_738_415_616);
  });

  it('placement flags move frozen weights to host memory and the optimizer to the CPU', async () => {
    const SEG = ['plan', '--strategy', 'segprop', '--segment-size', '1', '--head-depth', '1', '--prefix-depth', '0', '--forward', 'growing', '--json'];
    const base = JSON.parse((await segplan(SEG)).stdout);
    const frozenOff = JSON.parse((await segplan([...SEG, '--frozen-placement', 'offloaded'])).stdout);
    const optOff = JSON.parse((await segplan([...SEG, '--optimizer-placement', 'offloaded'])).stdout);
    const m = (r: { stages: Array<{ memory: Record<'hostBytes' | 'weights' | 'optimizer', number> }>; bindingStage: number }) =>
      at(r.stages, r.bindingStage, 'binding stage').memory;
    expect(m(base).hostBytes).toBe(0);
    expect(m(frozenOff).weights).toBeLessThan(m(base).weights);
    expect(m(frozenOff).hostBytes).toBeGreaterThan(0);
    expect(frozenOff.maxMicroBatch).toBeGreaterThan(base.maxMicroBatch);
    expect(m(optOff).optimizer).toBe(0);
    expect(m(optOff).weights).toBe(m(base).weights);
    const bad = await segplan([...SEG, '--frozen-placement', 'cpu']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--runtime-overhead and --allocator-reserve are named, overridable assumptions', async () => {
    const r = JSON.parse((await segplan(['plan', '--runtime-overhead', '1GiB', '--allocator-reserve', '0.05', '--json'])).stdout);
    expect(r.assumptions.runtimeOverheadBytes).toBe(2 ** 30);
    expect(r.assumptions.allocatorReserve).toBe(0.05);
    expect(r.stages[0].memory.overhead).toBe(2 ** 30);
    expect(r.settings.gpuMemoryBytes).toBe(40960 * 2 ** 20);
    const m = r.stages[0].memory;
    expect(m.heldBytes).toBe(Math.ceil(m.allocatedBytes * 1.05) + 2 ** 30);
    const bad = await segplan(['plan', '--allocator-reserve', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
