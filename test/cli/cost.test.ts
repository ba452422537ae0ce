// Time-to-train and cost: cost = price x GPUs x time, time from the plan's own step time; the catalog's dated
// price when --price is absent; one-line errors for bad budgets and unpriced GPUs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GPUS } from '../../src/hardware/catalog.generated.js';
import { segplan, stderrLines } from './run.js';
import { errorsOf, validatePlan } from './schema.js';

const json = async (args: string[]) => {
  const r = await segplan(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('plan --tokens --price', () => {
  it('costs price x GPUs x time, with time = steps x step time', async () => {
    const r = await json([
      'plan',
      'llama-2-7b',
      '--gpu',
      'a100-80gb',
      '--gpus',
      '4',
      '--strategy',
      'fsdp',
      '--micro-batch',
      '8',
      '--tokens',
      '2e9',
      '--price',
      '2.5',
      '--json',
    ]);
    expect(validatePlan(r), errorsOf(validatePlan)).toBe(true);
    const t = r.training;
    const samples = Math.ceil(2e9 / 2048);
    expect(t.samples).toBe(samples);
    expect(t.tokens).toBe(samples * 2048);
    // one stage: a step trains micro-batch x GPUs samples in the stage's step time
    const seconds = (samples / (8 * 4)) * r.stages[0].stepTimeSeconds;
    expect(t.seconds).toBeCloseTo(seconds, 6);
    expect(t.gpuHours).toBeCloseTo((4 * seconds) / 3600, 9);
    expect(t.price).toEqual({ usdPerGpuHour: 2.5, source: '--price' });
    expect(t.costUsd).toBeCloseTo(2.5 * 4 * (seconds / 3600), 6);
  });

  it("uses the catalog's dated, sourced price when --price is absent", async () => {
    const h100 = GPUS.find((g) => g.id === 'h100-sxm')!;
    expect(h100.price).toMatchObject({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), source: expect.stringContaining('https://') });
    const r = await json(['plan', 'llama-2-7b', '--gpu', 'h100-sxm', '--gpus', '8', '--strategy', 'fsdp', '--samples', '1000000', '--json']);
    expect(r.training.price.usdPerGpuHour).toBe(h100.price!.usdPerGpuHour);
    expect(r.training.costUsd).toBeCloseTo(h100.price!.usdPerGpuHour * 8 * (r.training.seconds / 3600), 6);
  });

  it('counts epochs over a dataset as samples', async () => {
    const r = await json([
      'plan',
      'resnet-50',
      '--gpu',
      'a100-40gb',
      '--gpus',
      '8',
      '--strategy',
      'e2e',
      '--epochs',
      '90',
      '--dataset-size',
      '1281167',
      '--json',
    ]);
    expect(r.training.samples).toBe(90 * 1_281_167);
    expect(r.training.seconds).toBeCloseTo(r.training.samples / r.throughput.samplesPerSecond, 6);
  });

  it('shows time, GPU-hours and cost in compare, and cost in CSV', async () => {
    const table = await segplan(['compare', 'llama-2-7b', '--gpu', 'a100-80gb', '--tokens', '1T', '--price', '2']);
    expect(table.stdout).toMatch(/time to train +GPU-hours +cost/);
    expect(table.stdout).toContain('cost = price x GPUs x time');
    const csv = (await segplan(['compare', 'llama-2-7b', '--gpu', 'a100-80gb', '--tokens', '1T', '--price', '2', '--csv'])).stdout.trim().split('\n');
    const header = csv[0]!.split(',');
    const cost = header.indexOf('cost_usd');
    expect(cost).toBeGreaterThan(0);
    for (const line of csv.slice(1)) expect(Number(line.split(',')[cost])).toBeGreaterThan(0);
  });

  it('refuses unpriced GPUs without --price, and bad budgets, in one line', async () => {
    const unpriced = GPUS.find((g) => g.price === undefined)!;
    const cases: Array<[string[], string]> = [
      [['plan', '--gpu', unpriced.id, '--tokens', '1T'], `GPU ${unpriced.id} has no reference price in the catalog`],
      [['plan', '--tokens', 'lots'], '--tokens: expected a positive whole number'],
      [['plan', '--tokens', '1T', '--samples', '5'], 'give one of --tokens, --samples and --epochs'],
      [['plan', '--epochs', '3'], '--epochs needs --dataset-size'],
      [['plan', '--price', '2'], '--price needs a budget'],
      [['plan', '--tokens', '1T', '--price', '-1'], '--price: expected a positive number'],
    ];
    for (const [args, message] of cases) {
      const r = await segplan(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('a scenario pins the budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-cost-scenario-'));
  const write = (training: object) => {
    const file = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ model: 'llama-2-7b', cluster: { gpu: 'h200', gpus: 8 }, strategies: [{ strategy: 'fsdp' }], training }));
    return file;
  };

  it('prices its budget at its price; flags override either', async () => {
    const file = write({ tokens: 1_000_000_000, usdPerGpuHour: 2 });
    const [r] = await json(['compare', '--scenario', file, '--json']);
    expect(r.training.budget).toEqual({ tokens: 1_000_000_000 });
    expect(r.training.costUsd).toBeCloseTo(2 * 8 * (r.training.seconds / 3600), 6);
    const [priced] = await json(['compare', '--scenario', file, '--price', '3', '--json']);
    expect(priced.training.price.usdPerGpuHour).toBe(3);
    const [samples] = await json(['compare', '--scenario', file, '--samples', '100', '--json']);
    expect(samples.training).toMatchObject({ budget: { samples: 100 }, price: { usdPerGpuHour: 2 } });
  });

  it('takes exactly one kind of budget', async () => {
    const r = await segplan(['compare', '--scenario', write({ tokens: 5, samples: 5 })]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toContain('at /training: give one budget, not tokens and samples');
  });
});
