// Golden comparison: a few hundred random plan requests against the numbers the engine gave before the
// one-engine-path refactor (test/fixtures/golden-plans.json, written by the pre-refactor engine with
// SEGPLAN_WRITE_GOLDEN=1). The refactor may only reassociate floating-point sums; a deliberate change of
// numbers rewrites the fixture in the commit that explains it (git log test/fixtures/golden-plans.json).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { newPlanCache, plan } from '../../src/plan/plan.js';
import { goldenRequests } from './requests.js';
import { type GoldenSummary, sameValue, summarize } from './summary.js';

const FIXTURE = new URL('../fixtures/golden-plans.json', import.meta.url);
const COUNT = 300;

function run(): GoldenSummary[] {
  const cache = newPlanCache();
  return goldenRequests(COUNT).map(({ request }) => {
    try {
      return summarize(plan(request, cache));
    } catch (e) {
      if (!isUserError(e)) throw e;
      return { error: 'user error' };
    }
  });
}

describe('golden plans: numbers unchanged by the refactor', () => {
  if (process.env.SEGPLAN_WRITE_GOLDEN === '1') {
    it('writes the fixture', () => {
      writeFileSync(FIXTURE, JSON.stringify(run()) + '\n');
    });
    return;
  }
  it('every request plans to the same numbers as before', () => {
    expect(existsSync(FIXTURE)).toBe(true);
    const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as GoldenSummary[];
    const after = run();
    expect(after.length).toBe(before.length);
    const diffs: string[] = [];
    after.forEach((a, i) => sameValue(before[i], JSON.parse(JSON.stringify(a)), `request ${i}`, diffs));
    expect(diffs.slice(0, 20)).toEqual([]);
    // the draw must exercise both outcomes, or the comparison proves little
    expect(before.filter((b) => 'error' in b).length).toBeLessThan(COUNT / 2);
  });
});
