// A plan's range at the published runs' spread (src/plan/accuracy.ts): the generated spread is the suite's
// current result, it describes the suite's runs, and a plan applies it in the right direction and only where it
// was measured.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuById } from '../../src/hardware/lookup.js';
import { catalogSpec } from '../../src/model/catalog.js';
import { packageRoot } from '../../src/model/package-root.js';
import { PUBLISHED_ACCURACY } from '../../src/plan/accuracy.generated.js';
import { plan } from '../../src/plan/plan.js';
import type { PlanRequest } from '../../src/plan/types.js';
import { publishedAccuracy, quantile } from '../../src/validate/published/accuracy.js';
import { publishedReport, renderPublishedSection, spreadLine } from '../../src/validate/published/report.js';
import { compileAccuracy, generatedModulePath } from '../../src/validate/published/compile-accuracy.js';
import { publishedRequest, publishedSummary, runPublished, type PublishedResult } from '../../src/validate/published/run.js';
import { loadPublishedTable } from '../../src/validate/published/table.js';
import { segplan } from '../cli/run.js';
import { request } from '../memory/helpers.js';

const table = loadPublishedTable();
const run = runPublished(table);

describe('the published spread a plan reads', () => {
  it('accuracy.generated.ts is a fresh run of the suite (rerun compile-accuracy if this fails)', async () => {
    expect(await readFile(generatedModulePath(), 'utf8')).toBe(compileAccuracy());
  });

  it('docs/published-throughput.md prints the generated spread (2 decimals)', () => {
    const doc = readFileSync(join(packageRoot(), 'docs', 'published-throughput.md'), 'utf8');
    for (const g of PUBLISHED_ACCURACY.byGpu) {
      const m = g.measuredOverPlanned;
      const line = `| ${g.gpu} | ${g.runs} | ${g.within15} | ${[m.min, m.p10, m.median, m.p90, m.max].map((x) => x.toFixed(2)).join(' | ')} |`;
      expect(doc).toContain(line);
    }
  });

  it("quantiles are numpy's default (linear between order statistics)", () => {
    // numpy.quantile([1, 2, 3, 4], [0.1, 0.5, 0.9]) = [1.3, 2.5, 3.7]; one value is every quantile
    expect([0.1, 0.5, 0.9].map((p) => quantile([1, 2, 3, 4], p))).toEqual([1.3, 2.5, 3.7].map((x) => expect.closeTo(x, 12)));
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('covers every planned run once, with its quantiles in order', () => {
    const a = publishedAccuracy(run);
    expect(a.byGpu.reduce((s, g) => s + g.runs, 0)).toBe(run.results.length);
    expect(a.byGpu.reduce((s, g) => s + g.within15, 0)).toBe(publishedSummary(run).all.within15);
    for (const g of a.byGpu) {
      const m = g.measuredOverPlanned;
      expect([m.min, m.p10, m.median, m.p90, m.max]).toEqual([m.min, m.p10, m.median, m.p90, m.max].sort((x, y) => x - y));
    }
  });
});

describe('the spread in the validation report and the CLI', () => {
  it("reports/validation.md and `validate --suite published` print each GPU's spread; a --case selection does not", async () => {
    const md = renderPublishedSection(publishedReport(run)).join('\n');
    const cli = (await segplan(['validate', '--suite', 'published'])).stdout;
    for (const g of PUBLISHED_ACCURACY.byGpu) {
      expect(md).toContain(`- ${spreadLine(g)}`);
      expect(cli).toContain(`spread on ${spreadLine(g)}`);
    }
    expect((await segplan(['validate', '--suite', 'published', '--case', '13b'])).stdout).not.toContain('spread on');
  });
});

describe('the spread as a forecast', () => {
  /** rows of `test` whose ratio lies within the 10th-90th percentile of the spread built from `fit`, on their GPU */
  const inside = (fit: PublishedResult[], test: PublishedResult[]) => {
    const spread = publishedAccuracy({ results: fit, skipped: [] });
    return test.filter((r) => {
      const m = spread.byGpu.find((g) => g.gpu === r.gpu)?.measuredOverPlanned;
      const ratio = r.measured / r.predicted;
      return m !== undefined && ratio >= m.p10 && ratio <= m.p90;
    }).length;
  };

  it('holds 55 of the 80 held-out rows when built from the others, and 61 of those 84 when built from the held-out rows (docs/published-throughput.md)', () => {
    const held = run.results.filter((r) => r.heldOut);
    const others = run.results.filter((r) => !r.heldOut);
    expect([inside(others, held), held.length]).toEqual([55, 80]);
    expect([inside(held, others), others.length]).toEqual([61, 84]);
  });
});

describe("a plan's range", () => {
  // every planned row (the multi-node ones with their published network as a calibration, which keeps the range)
  const planned = table.rows.flatMap((row) => {
    const r = publishedRequest(row, table);
    return 'why' in r ? [] : [{ row, request: r.request }];
  });

  it("holds a published run's measured step time exactly when the run's ratio is inside the 10th-90th percentile", () => {
    expect(planned.length).toBe(run.results.length);
    for (const { row, request } of planned) {
      const p = plan(request);
      const a = p.accuracy;
      if (!a.checked) throw new Error(`${row.id}: ${a.why}`);
      const ratio = row.measured.tokensPerSecPerGpu / (p.throughput.tokensPerSecond / p.settings.gpus);
      // a step at the measured tokens/s: the planned step time over the ratio
      const measuredStep = p.stages[0]!.stepTimeSeconds / ratio;
      const m = a.measuredOverPlanned;
      const inRange = measuredStep >= a.stepSeconds.low * (1 - 1e-12) && measuredStep <= a.stepSeconds.high * (1 + 1e-12);
      expect({ id: row.id, inRange }).toEqual({ id: row.id, inRange: ratio >= m.p10 && ratio <= m.p90 });
    }
  });

  const llama = request(catalogSpec('llama-2-7b')!, { gpus: 8, seqLen: 2048, microBatch: 4, strategy: 'fsdp', checkpointing: 'full' });

  it('prices a budget at the same ratios: time to train and cost over the 90th and 10th percentile', () => {
    const p = plan({ ...llama, training: { budget: { tokens: 1e12 }, usdPerGpuHour: 2 } });
    const a = p.accuracy;
    if (!a.checked) throw new Error(a.why);
    const { p10, p90 } = a.measuredOverPlanned;
    const at = (planned: number) => ({ low: expect.closeTo(planned / p90, 6), high: expect.closeTo(planned / p10, 6) });
    expect(a.trainSeconds).toEqual(at(p.training!.seconds!));
    expect(a.costUsd).toEqual(at(p.training!.costUsd!));
    expect(a.costUsd!.low).toBeLessThan(p.training!.costUsd!);
  });

  it('is absent, with the reason, where no published run is like the plan', () => {
    const why = (req: PlanRequest) => {
      const a = plan(req).accuracy;
      return a.checked ? 'checked' : a.why;
    };
    expect(why(llama)).toBe('checked');
    expect(why({ ...llama, gpu: gpuById('h200') })).toBe('no published run was on h200');
    const unlike = (req: PlanRequest, axis: string, value: string) =>
      expect(why(req)).toContain(`no published run on a100-80gb has ${axis} ${value} (theirs: `);
    unlike({ ...llama, model: catalogSpec('resnet-50')! }, 'model', 'resnet');
    unlike({ ...llama, model: catalogSpec('mixtral-8x7b')!, gpus: 64, nodes: 8 }, 'model', 'decoder (mixture of experts)');
    unlike({ ...llama, gpus: 1, nodes: 1 }, 'gpus', 'one');
    unlike({ ...llama, strategy: 'fsdp-offload' }, 'sharding', 'fsdp-offload');
    unlike({ ...llama, strategy: 'zero2' }, 'sharding', 'zero2');
    unlike({ ...llama, strategy: 'qlora' }, 'adapter', 'qlora');
    unlike({ ...llama, precision: 'fp32' }, 'precision', 'fp32');
    unlike({ ...llama, precision: 'amp-bf16' }, 'precision', 'amp-bf16');
    unlike({ ...llama, optimizer: 'sgd' }, 'optimizer', 'sgd');
    unlike({ ...llama, loss: 'chunked' }, 'loss', 'chunked');
    unlike({ ...llama, runtime: 'tfjs' }, 'runtime', 'tfjs');
    unlike({ ...llama, attention: 'math' }, 'attention', 'math');
    unlike({ ...llama, flashKernel: 'cudnn', gpu: gpuById('a100-80gb') }, 'attention', 'flash (cudnn)');
    unlike({ ...llama, checkpointing: 'none', savedTensors: 'host' }, 'states', 'offloaded to host memory');
    unlike({ ...llama, placement: { trainable: { weights: 'sharded', gradients: 'sharded', optimizer: 'offloaded' } } }, 'states', 'offloaded to host memory');
    // per GPU: every A100 40GB run was FSDP with MosaicML's fused loss and the Triton kernel
    expect(why({ ...llama, gpu: gpuById('a100-40gb') })).toContain('no published run on a100-40gb has loss plain (theirs: fused)');
    expect(why({ ...llama, calibration: { gpu: 'a100-80gb', date: '2026-11-30', hbmBytesPerSec: 1.5e12 } })).toMatch(/calibration's kernel rates/);
    expect(why({ ...llama, calibration: { gpu: 'a100-80gb', date: '2026-11-30', gemmPoints: [{ m: 8192, n: 8192, k: 8192, flopsPerSec: 2e14 }] } })).toMatch(
      /calibration's kernel rates/,
    );
    // a calibration of the network alone, as the multi-node runs had, keeps the range
    expect(why({ ...llama, calibration: { gpu: 'a100-80gb', date: '2026-11-30', busBytesPerSec: { interNode: 100e9 } } })).toBe('checked');
    // the schedule is not matched: SegProp runs the runs' kernels on fewer blocks
    expect(why({ ...llama, strategy: 'segprop' })).toBe('checked');
  });

  it('is printed under the step time, and beside the cost of a budget', async () => {
    const out = await segplan(['plan', 'llama-2-7b', '--gpu', 'a100-80gb', '--strategy', 'fsdp', '--tokens', '1T']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/vs published runs\s+\d+ published runs on a100-80gb ran at [\d.]+–[\d.]+x the tokens\/s segplan planned for them/);
    expect(out.stdout).toMatch(/cost\s+\$[\d,.]+ at .*; \$[\d,.]+–\$[\d,.]+ at the published runs' 10th–90th percentile/);
    const h200 = await segplan(['plan', 'llama-2-7b', '--gpu', 'h200', '--strategy', 'fsdp']);
    expect(h200.stdout).toMatch(/vs published runs\s+no range: no published run was on h200/);
  });
});
