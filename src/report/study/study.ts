// A study: the same strategies planned in every variant of a scenario (every combination of its variant
// values), and the paper's claims checked against those plans. Pure data in, data out; the CLI plans.
import type { PlanResult } from '../../plan/types.js';
import type { StudyClaim } from '../../scenario/types.js';
import { throughputItem } from '../units.js';
import { METRICS } from './metrics.js';

export interface StudyVariant {
  /** the varied values, by axis ("model", "seq-len", "host-mem", ...) */
  values: Record<string, string | number>;
  /** one plan per strategy, in the order of the study's labels */
  results: PlanResult[];
}

export interface Study {
  /** each strategy's name in the study's tables (the scenario's label, or the plan's own description) */
  labels: string[];
  variants: StudyVariant[];
}

/** "llama-3-70b, seq-len 4096, host-mem 2TiB": the varied values of a variant (a model by its name alone). */
export function variantLabel(values: Record<string, string | number>): string {
  const parts = Object.entries(values).map(([axis, v]) => (axis === 'model' ? String(v) : `${axis} ${v}`));
  return parts.length > 0 ? parts.join(', ') : 'as given';
}

export interface ClaimCheck {
  label: string;
  /** per variant, in the study's order: does the claim hold, and the two values it compares */
  verdicts: Array<{ holds: boolean; mine: number; theirs: number }>;
}

/**
 * The claim checked for each of its strategies in every variant; a tie does not count as holding, and for a time
 * a plan that cannot run loses to one that can.
 */
export function checkClaim(study: Study, claim: StudyClaim): ClaimCheck[] {
  const metric = METRICS[claim.metric];
  const at = (label: string) => study.labels.indexOf(label);
  const than = at(claim.than);
  return claim.strategies.map((label) => ({
    label,
    verdicts: study.variants.map((v) => {
      const [a, b] = [v.results[at(label)]!, v.results[than]!];
      const mine = metric.value(a);
      const theirs = metric.value(b);
      const better = metric.better === 'higher' ? mine > theirs : mine < theirs;
      return { holds: metric.runsOnly ? a.fits && (better || !b.fits) : better, mine, theirs };
    }),
  }));
}

/**
 * The variant axis whose value alone decides a mixed verdict, as words ("host-mem is 2TiB"), or undefined when
 * no single axis does. An axis decides when every variant with one of its values agrees.
 */
export function decidingAxis(study: Study, holds: boolean[]): string | undefined {
  const axes = Object.keys(study.variants[0]?.values ?? {});
  for (const axis of axes) {
    const byValue = new Map<string | number, Set<boolean>>();
    study.variants.forEach((v, i) => {
      const key = v.values[axis]!;
      if (!byValue.has(key)) byValue.set(key, new Set());
      byValue.get(key)!.add(holds[i]!);
    });
    if ([...byValue.values()].every((s) => s.size === 1)) {
      const yes = [...byValue].filter(([, s]) => s.has(true)).map(([value]) => value);
      return `${axis} is ${yes.join(' or ')}`;
    }
  }
  return undefined;
}

/** "+12.5%", "-0.4%" */
function signedPercent(p: number): string {
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
}

function range(values: number[], format: (v: number) => string): string {
  const [lo, hi] = [format(Math.min(...values)), format(Math.max(...values))];
  return lo === hi ? lo : `${lo} to ${hi}`;
}

/** One sentence per strategy of a claim: where it holds, where not, and the numbers that decide it. */
export function claimSentences(study: Study, claim: StudyClaim): string[] {
  const metric = METRICS[claim.metric];
  const item = throughputItem(study.variants[0]!.results[0]!);
  const fmt = (v: number) => metric.format(v, item);
  const n = study.variants.length;
  return checkClaim(study, claim).map(({ label, verdicts }) => {
    const holds = verdicts.map((v) => v.holds);
    const count = holds.filter(Boolean).length;
    const change = verdicts.every((v) => v.theirs > 0)
      ? `; ${range(
          verdicts.map((v) => (100 * (v.mine - v.theirs)) / v.theirs),
          signedPercent,
        )}`
      : '';
    const numbers = `${range(
      verdicts.map((v) => v.mine),
      fmt,
    )} against ${range(
      verdicts.map((v) => v.theirs),
      fmt,
    )}${change}`;
    const every = n === 1 ? '' : n === 2 ? 'in both variants ' : `in all ${n} variants `;
    if (count === n) return `${label}: holds ${every}(${numbers}).`;
    if (count === 0) return `${label}: does not hold ${n === 1 ? '' : n === 2 ? 'in either variant ' : 'in any variant '}(${numbers}).`;
    const where = decidingAxis(study, holds);
    if (where) return `${label}: holds in ${count} of ${n} variants, exactly where ${where} (${numbers}).`;
    // no one axis decides: name the shorter list of variants
    const listed = study.variants.filter((_, i) => holds[i] === count <= n / 2).map((v) => variantLabel(v.values));
    return `${label}: holds in ${count} of ${n} variants, ${count <= n / 2 ? 'namely' : 'all but'} ${listed.join('; ')} (${numbers}).`;
  });
}

/** The claim in one sentence: for which strategies it holds in every variant, in some, and in none. */
export function claimSummary(study: Study, claim: StudyClaim): string {
  const groups = { every: [] as string[], some: [] as string[], none: [] as string[] };
  for (const { label, verdicts } of checkClaim(study, claim)) {
    const count = verdicts.filter((v) => v.holds).length;
    groups[count === verdicts.length ? 'every' : count === 0 ? 'none' : 'some'].push(`"${label}"`);
  }
  const one = study.variants.length === 1;
  const parts = [
    groups.every.length > 0 ? `holds ${one ? '' : 'in every variant '}for ${groups.every.join(', ')}` : '',
    groups.some.length > 0 ? `holds in some variants only for ${groups.some.join(', ')}` : '',
    groups.none.length > 0 ? `does not hold ${one ? '' : 'in any variant '}for ${groups.none.join(', ')}` : '',
  ].filter((p) => p !== '');
  return `In short, by segplan's numbers this ${parts.join('; it ')}.`;
}
