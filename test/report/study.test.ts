// A study's verdicts: a claim is checked in every variant by the same metric the tables print, a tie does not
// hold, the one axis that decides a mixed verdict is named, and a scenario's study mistakes are one-line errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../src/plan/types.js';
import { METRICS } from '../../src/report/study/metrics.js';
import { checkClaim, claimSentences, decidingAxis, type Study } from '../../src/report/study/study.js';
import { segplan, stderrLines } from '../cli/run.js';

/** A plan with only what the metrics read. */
function plan(maxMicroBatch: number, fitsHost = true): PlanResult {
  return { maxMicroBatch, fitsHost, model: { family: 'decoder' } } as unknown as PlanResult;
}

// two axes; A beats B only where host-mem is 2TiB, C ties B everywhere
const study: Study = {
  labels: ['A', 'B', 'C'],
  variants: [
    { values: { model: 'm1', 'host-mem': '1TiB' }, results: [plan(4), plan(9, false), plan(0)] },
    { values: { model: 'm1', 'host-mem': '2TiB' }, results: [plan(4), plan(3), plan(3)] },
    { values: { model: 'm2', 'host-mem': '1TiB' }, results: [plan(2), plan(5, false), plan(0)] },
    { values: { model: 'm2', 'host-mem': '2TiB' }, results: [plan(2), plan(1), plan(1)] },
  ],
};
const claim = { claim: 'A fits more', metric: 'max-micro-batch' as const, strategies: ['A', 'C'], than: 'B' };

describe('a claim checked in every variant', () => {
  it('reads the metric the table prints: a plan short of host RAM runs no batch', () => {
    expect(METRICS['max-micro-batch'].value(plan(9, false))).toBe(0);
    const [a, c] = checkClaim(study, claim);
    expect(a!.verdicts.map((v) => v.holds)).toEqual([true, true, true, true]);
    // a tie is not "more"
    expect(c!.verdicts.map((v) => v.holds)).toEqual([false, false, false, false]);
  });

  it('names the axis that alone decides a mixed verdict, and none when no single axis does', () => {
    expect(decidingAxis(study, [false, true, false, true])).toBe('host-mem is 2TiB');
    expect(decidingAxis(study, [true, true, false, false])).toBe('model is m1');
    expect(decidingAxis(study, [true, false, false, true])).toBeUndefined();
  });

  it('says where a claim holds, with the numbers and the relative change', () => {
    const mixed: Study = { ...study, variants: study.variants.map((v, i) => ({ ...v, results: [plan(i % 2 ? 4 : 1), plan(2), plan(2)] })) };
    const [a, c] = claimSentences(mixed, claim);
    expect(a).toBe('A: holds in 2 of 4 variants, exactly where host-mem is 2TiB (1 to 4 against 2; -50.0% to +100.0%).');
    expect(c).toBe('C: does not hold in any variant (2 against 2; 0.0%).');
    expect(claimSentences(study, claim)[0]).toBe('A: holds in all 4 variants (2 to 4 against 0 to 3).');
  });
});

describe('a study scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-study-'));
  const write = (name: string, extra: object) => {
    const file = join(dir, `${name}.json`);
    const base = {
      name,
      model: 'gpt2',
      cluster: { gpu: 'a10g', gpus: 1 },
      settings: { seqLen: 512, microBatch: 'auto', precision: 'amp-bf16' },
      strategies: [
        { strategy: 'e2e', label: 'E2E' },
        { strategy: 'segprop', label: 'SegProp', segmentSize: 2, headDepth: 1, prefixDepth: 0, forward: 'growing' },
      ],
    };
    writeFileSync(file, JSON.stringify({ ...base, ...extra }));
    return file;
  };

  it('plans every variant and decides each claim by the numbers it also writes as JSON', async () => {
    const file = write('tiny', {
      variants: { 'seq-len': [256, 1024], 'host-mem': ['64GiB'] },
      claims: [{ claim: 'SegProp fits a larger batch.', metric: 'max-micro-batch', strategies: ['SegProp'], than: 'E2E' }],
      notes: ['a note'],
    });
    const r = await segplan(['report', file, '-o', join(dir, 'tiny-report')]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'tiny-report.json'), 'utf8'));
    expect(json.variants.map((v: { values: object }) => v.values)).toEqual([
      { 'seq-len': 256, 'host-mem': '64GiB' },
      { 'seq-len': 1024, 'host-mem': '64GiB' },
    ]);
    const [check] = json.claims[0].checks;
    json.variants.forEach((v: { metrics: Array<Record<string, number>> }, i: number) => {
      const [e2e, segprop] = v.metrics;
      expect(check.verdicts[i]).toEqual({
        holds: segprop!['max-micro-batch']! > e2e!['max-micro-batch']!,
        mine: segprop!['max-micro-batch'],
        theirs: e2e!['max-micro-batch'],
      });
    });
    // the host RAM of the variant reached the plans
    expect(json.plans[0].plan.settings.hostMemoryBytes).toBe(64 * 2 ** 30);
    const md = readFileSync(join(dir, 'tiny-report.md'), 'utf8');
    expect(md).toMatch(
      /## Findings[\s\S]*The paper claims: "SegProp fits a larger batch\."[\s\S]*- a note[\s\S]*## Every variant[\s\S]*## Strategies compared/,
    );
  });

  it.each([
    [
      'two strategies with one label',
      {
        strategies: [
          { strategy: 'e2e', label: 'X' },
          { strategy: 'segprop', label: 'X', segmentSize: 2, headDepth: 1, prefixDepth: 0 },
        ],
      },
      /at \/strategies\/1: another strategy is also labelled "X"/,
    ],
    [
      'a claim about no strategy',
      { claims: [{ claim: 'c', metric: 'peak', strategies: ['Nope'], than: 'E2E' }] },
      /at \/claims\/0\/strategies\/0: no strategy labelled "Nope" \(labels: E2E, SegProp\)/,
    ],
    ['host RAM without a unit', { variants: { 'host-mem': ['lots'] } }, /at \/variants\/host-mem\/0/],
    ['a variant value out of its axis', { variants: { forward: ['sideways'] } }, /at \/variants\/forward/],
  ])('%s is a one-line error naming the file and the field', async (_what, extra, message) => {
    const file = write('bad', extra);
    const r = await segplan(['report', file, '-o', join(dir, 'bad-report'), '--force']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
  });
});

describe('a claim in one sentence', () => {
  it('groups the strategies by where the claim holds', async () => {
    const { claimSummary } = await import('../../src/report/study/study.js');
    expect(claimSummary(study, claim)).toBe('In short, by segplan\'s numbers this holds in every variant for "A"; it does not hold in any variant for "C".');
  });
});

describe('a claim about time', () => {
  it('a plan that cannot run never wins it, however short its step', () => {
    const timed = (seconds: number, fits: boolean) =>
      ({ fits, fitsHost: true, stages: [{ stepTimeSeconds: seconds }], model: { family: 'decoder' } }) as unknown as PlanResult;
    const s: Study = { labels: ['fast but too big', 'slow'], variants: [{ values: {}, results: [timed(1, false), timed(5, true)] }] };
    const [check] = checkClaim(s, { claim: 'faster', metric: 'step-time', strategies: ['fast but too big'], than: 'slow' });
    expect(check!.verdicts[0]!.holds).toBe(false);
    const both: Study = { ...s, variants: [{ values: {}, results: [timed(1, true), timed(5, false)] }] };
    expect(checkClaim(both, { claim: 'faster', metric: 'step-time', strategies: ['fast but too big'], than: 'slow' })[0]!.verdicts[0]!.holds).toBe(true);
    // throughput: a plan that does not fit processes nothing
    expect(METRICS.throughput.value(timed(1, false))).toBe(0);
  });
});
