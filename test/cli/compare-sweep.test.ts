// segplan compare and segplan sweep in every output format.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';
import { errorsOf, validatePlan } from './schema.js';

describe('segplan compare', () => {
  it('no command at all compares the paper scenario: E2E, FSDP + offload, SegProp', async () => {
    const r = await segplan([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^e2e\s/m);
    expect(r.stdout).toMatch(/^fsdp-offload\s/m);
    expect(r.stdout).toMatch(/^segprop \(K=8, h=2, p=8, full\)/m);
    expect(r.stdout).toMatch(/max micro-batch/);
  });

  it('--json is an array of schema-valid PlanResults in the order asked', async () => {
    const r = await segplan(['compare', '--strategies', 'fsdp,segprop', '--json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.map((x: { strategy: string }) => x.strategy)).toEqual(['fsdp', 'segprop']);
    for (const x of results) expect(validatePlan(x), errorsOf(validatePlan)).toBe(true);
  });

  it('the table shows each max micro-batch and binding event from the engine', async () => {
    const json = JSON.parse((await segplan(['compare', '--json'])).stdout) as Array<{ maxMicroBatch: number; bindingEvent: { event: string } }>;
    const table = (await segplan(['compare'])).stdout;
    for (const x of json) expect(table).toContain(x.bindingEvent.event);
    const lines = table.split('\n').filter((l) => /^(e2e|fsdp-offload|segprop)/.test(l));
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`\\s${json[i]!.maxMicroBatch}\\s`)));
  });

  it('--csv has a header and one row per strategy; --md a Markdown table', async () => {
    const csv = (await segplan(['compare', '--csv'])).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^strategy,model,gpu,/);
    expect(csv).toHaveLength(4);
    const md = await segplan(['compare', '--md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^\| strategy \| fits \|/m);
  });
});

describe('segplan sweep', () => {
  const ARGS = ['sweep', '--vary', 'segment-size=4,8', '--vary', 'head-depth=0..2'];

  it('--json: every combination, schema-valid results, frontier only among fitting points', async () => {
    const r = await segplan([...ARGS, '--json']);
    expect(r.code).toBe(0);
    const points = JSON.parse(r.stdout) as Array<{ vary: Record<string, number>; frontier: boolean; result: { fits: boolean } }>;
    expect(points).toHaveLength(6);
    expect(points.map((p) => p.vary)).toContainEqual({ 'segment-size': 8, 'head-depth': 2 });
    for (const p of points) {
      expect(validatePlan(p.result), errorsOf(validatePlan)).toBe(true);
      if (p.frontier) expect(p.result.fits).toBe(true);
    }
    if (points.some((p) => p.result.fits)) expect(points.some((p) => p.frontier)).toBe(true);
  });

  it('table, CSV and Markdown', async () => {
    const t = await segplan(ARGS);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Pareto frontier/);
    expect(t.stdout).toMatch(/segment-size\s+head-depth/);
    const csv = (await segplan([...ARGS, '--csv'])).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^vary_segment_size,vary_head_depth,flops_per_token,/);
    expect(csv).toHaveLength(7);
    expect((await segplan([...ARGS, '--md'])).stdout).toMatch(/^\| segment-size \| head-depth \|/m);
  });

  it('varies the GPU', async () => {
    const r = await segplan(['sweep', '--vary', 'gpu=a100-40gb,h100-sxm', '--strategy', 'fsdp', '--json']);
    expect(r.code).toBe(0);
    const gpus = JSON.parse(r.stdout).map((p: { result: { settings: { gpu: string } } }) => p.result.settings.gpu);
    expect(gpus).toEqual(['a100-40gb', 'h100-sxm']);
  });

  it('image models count images, not tokens', async () => {
    const r = await segplan([
      'compare',
      'resnet-50',
      '--gpu',
      'a100-80gb',
      '--gpus',
      '1',
      '--strategies',
      'e2e,segprop',
      '--segment-size',
      '4',
      '--head-depth',
      '1',
      '--prefix-depth',
      '0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('224×224 image per sample');
    expect(r.stdout).toMatch(/img\/s/);
    expect(r.stdout).not.toMatch(/tok\/s/);
    const json = JSON.parse((await segplan(['plan', 'resnet-50', '--gpu', 'a100-80gb', '--gpus', '1', '--strategy', 'e2e', '--json'])).stdout);
    expect(json.model).toMatchObject({ family: 'resnet', input: '224×224 image', tokensPerSample: 1 });
  });
});
