// Plans a scenario as a study: its strategies (each entry as written, so one strategy may appear with several
// settings) in every combination of its variant values. A variant axis is a sweep axis, or `model` (a catalog
// name or a model file) or `host-mem` (host RAM of a node, with units). The first combination is the base
// variant, which the rest of the report shows in detail.
import type { Parsed } from './args.js';
import { UserError } from '../src/errors.js';
import type { PlanResult } from '../src/plan/types.js';
import type { Study } from '../src/report/study/study.js';
import { strategyLabel } from '../src/report/views/plan-tables.js';
import type { LoadedScenario, ScenarioStrategy } from '../src/scenario/types.js';
import type { StrategyName } from '../src/vocabulary.js';
import { runPlan } from './engine.js';
import { buildJobs, type Job } from './jobs.js';
import { progress } from './out.js';
import { toRequest } from './resolve.js';
import { applyPoint, combinations, parseVary, type VarySpec } from './vary.js';

type Value = string | number;

export interface PlannedStudy {
  study: Study;
  /** the base variant's jobs (its results are study.variants[0].results) */
  jobs: Job[];
  /** the scenario with the base variant's model and host RAM: what the sweep plans */
  baseScenario: LoadedScenario;
}

/** The variants' axes, checked: `model` as written, `host-mem` in bytes, the rest as `--vary` reads them. */
async function variantAxes(loaded: LoadedScenario): Promise<{ spec: VarySpec; hostBytes: Map<string, number> }> {
  const spec: VarySpec = [];
  const hostBytes = new Map<string, number>();
  for (const [axis, values] of Object.entries(loaded.scenario.variants ?? {})) {
    if (axis === 'model') spec.push({ name: axis, values: values.map(String) });
    else if (axis === 'host-mem') {
      const { parseQuantity } = await import('../src/hardware/units.js');
      for (const [i, v] of values.entries()) hostBytes.set(String(v), await parseQuantity(v, 'bytes', loaded.file, `/variants/host-mem/${i}`));
      spec.push({ name: axis, values: values.map(String) });
    } else {
      try {
        spec.push(parseVary(`${axis}=${values.join(',')}`));
      } catch (e) {
        if (e instanceof UserError) throw new UserError(`${loaded.file}: at /variants/${axis}: ${e.message.replace(/^--vary [^:]*: /, '')}`);
        throw e;
      }
    }
  }
  return { spec, hostBytes };
}

/** The scenario of one variant: its model and host RAM in place of the scenario's. */
function variantScenario(loaded: LoadedScenario, values: Record<string, Value>, hostBytes: Map<string, number>): LoadedScenario {
  const model = values.model;
  const host = values['host-mem'];
  return {
    ...loaded,
    scenario: { ...loaded.scenario, ...(model !== undefined ? { model: String(model) } : {}) },
    ...(host !== undefined ? { hostMemoryBytes: hostBytes.get(String(host))! } : {}),
  };
}

/** Every label once: a claim names strategies by label. */
function checkLabels(loaded: LoadedScenario, labels: string[]): void {
  const seen = new Set<string>();
  for (const [i, label] of labels.entries()) {
    if (seen.has(label))
      throw new UserError(`${loaded.file}: at /strategies/${i}: another strategy is also labelled ${JSON.stringify(label)}; give each a distinct "label"`);
    seen.add(label);
  }
  for (const [i, claim] of (loaded.scenario.claims ?? []).entries()) {
    for (const [j, name] of [...claim.strategies, claim.than].entries()) {
      if (!seen.has(name)) {
        const where = j < claim.strategies.length ? `strategies/${j}` : 'than';
        throw new UserError(`${loaded.file}: at /claims/${i}/${where}: no strategy labelled ${JSON.stringify(name)} (labels: ${labels.join(', ')})`);
      }
    }
  }
}

export async function planStudy(args: Parsed, loaded: LoadedScenario, strategies: Array<StrategyName | ScenarioStrategy>): Promise<PlannedStudy> {
  const { spec, hostBytes } = await variantAxes(loaded);
  const combos = combinations(spec);
  const variants: Study['variants'] = [];
  let baseJobs: Job[] = [];
  for (const [n, values] of combos.entries()) {
    const scenario = variantScenario(loaded, values, hostBytes);
    // model and host-mem are the scenario's; every other axis is a job parameter
    const point = Object.fromEntries(Object.entries(values).filter(([axis]) => axis !== 'model' && axis !== 'host-mem'));
    const jobs = (await buildJobs(args, scenario, strategies)).map((job) => applyPoint(job, point));
    const results: PlanResult[] = [];
    for (const job of jobs) {
      progress(`variant ${n + 1}/${combos.length}: planning ${job.label}`);
      results.push(await runPlan(await toRequest(job)));
    }
    if (n === 0) baseJobs = jobs;
    variants.push({ values, results });
  }
  // a strategy written without a label is named by its plan's own description
  const labels = baseJobs.map((job, i) =>
    typeof strategies[i] === 'object' && strategies[i].label !== undefined ? job.label : strategyLabel(variants[0]!.results[i]!),
  );
  checkLabels(loaded, labels);
  return { study: { labels, variants }, jobs: baseJobs, baseScenario: variantScenario(loaded, combos[0]!, hostBytes) };
}
