// segplan report: a scenario, or a model with the job's flags (as compare takes them) → reports/NAME.md and
// reports/NAME.html (self-contained, inline SVG charts).
import { readFileSync } from 'node:fs';
import { basename, extname, resolve as resolvePath } from 'node:path';
import type { PlanResult } from '../../src/plan/types.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { buildJobs, type Job } from '../jobs.js';
import { print, progress, progressDone } from '../out.js';
import { JOB_FLAGS, SEGPROP_FLAGS, STRATEGIES, STRATEGIES_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';
import { applyPoint, combinationCount, combinations, DEFAULT_MAX_POINTS, parseVary } from '../vary.js';
import { UserError } from '../../src/errors.js';
import type { ReportInput } from '../../src/report/build-report.js';
import { DEFAULT_STUDY_METRICS } from '../../src/report/study/metrics.js';
import type { ScenarioStrategy } from '../../src/scenario/types.js';
import type { StrategyName } from '../../src/vocabulary.js';

/**
 * A scenario file has a "cluster"; a model spec or a Hugging Face config has none. A .json that cannot be read
 * or parsed goes to the scenario loader, whose errors name the file.
 */
function isScenarioFile(ref: string): boolean {
  if (!/\.json$/i.test(ref)) return false;
  try {
    const json = JSON.parse(readFileSync(ref, 'utf8')) as unknown;
    return typeof json !== 'object' || json === null || 'cluster' in json || !('family' in json || 'architectures' in json || 'model_type' in json);
  } catch {
    return true;
  }
}

export const command: Command = {
  spec: {
    name: 'report',
    summary: 'Write a Markdown report, a self-contained HTML report (inline SVG charts, no network) and its numbers as JSON, of a scenario or a study.',
    positionals: [
      {
        name: 'scenario.json|model',
        help: 'scenario file (docs/scenario.schema.json), or a model as plan takes it (then the flags are the job, as for compare)',
        default: 'reports/scenarios/paper-llama-70b.json (built in)',
      },
    ],
    flags: [
      { name: 'output', short: 'o', kind: 'string', value: 'PATH', help: 'write PATH.md, PATH.html and PATH.json (default: reports/<scenario name>)' },
      { name: 'force', kind: 'boolean', default: false, help: 'overwrite existing report files' },
      { name: 'no-sweep', kind: 'boolean', default: false, help: "skip the scenario's sweep (and its frontier chart)" },
      {
        name: 'strategies',
        kind: 'list',
        choices: STRATEGIES,
        value: 'LIST',
        help: `strategies to compare (default: the scenario's; for a model ${(STRATEGIES_FLAG.default as string[]).join(',')})`,
      },
      ...JOB_FLAGS.filter((f) => f.name !== 'scenario'),
      ...SEGPROP_FLAGS,
      ...TRAINING_FLAGS,
    ],
    notes: [
      'Flags override the scenario. Existing files are never replaced without --force; files are written atomically.',
      'example: segplan report mistral-7b --gpu a100-80gb --gpus 4   (writes reports/mistral-7b.md, .html and .json)',
    ],
  },
  async run(args) {
    const ref = args.positionals[0];
    const { builtinScenarioPath } = await import('../../src/scenario/builtin.js');
    const file = ref === undefined ? builtinScenarioPath() : isScenarioFile(ref) ? ref : undefined;
    const loaded = file === undefined ? undefined : await (await import('../report-scenario.js')).loadReportScenario(file);
    // a model named on the command line: the report is named after it (a hub id's repository name)
    const name = loaded ? (loaded.scenario.name ?? basename(file!, extname(file!))) : basename(ref!.replace(/@.*$/, ''), '.json');
    const out = (args.flags.output as string | undefined) ?? `reports/${name}`;
    const mdFile = `${out}.md`;
    const htmlFile = `${out}.html`;
    const jsonFile = `${out}.json`;
    const force = args.flags.force === true;
    const { refuseExisting, writeFilesAtomic } = await import('../atomic-write.js');
    // -o NAME beside the scenario NAME.json would write the report's JSON over it, --force or not
    if (file !== undefined && resolvePath(jsonFile) === resolvePath(file)) {
      throw new UserError(`--output ${out}: ${jsonFile} would overwrite the scenario ${file}; choose another output name`);
    }
    await refuseExisting([mdFile, htmlFile, jsonFile], force);

    // with a scenario the positional is the scenario, not a model: plan jobs read the model from the scenario
    const jobArgs = loaded ? { ...args, positionals: [] } : args;
    // typed > the scenario's entries (each as written) > compare's default (a scenario may list none; a model has none)
    const strategies: Array<StrategyName | ScenarioStrategy> = args.given.has('strategies')
      ? (args.flags.strategies as StrategyName[])
      : (loaded?.scenario.strategies ?? (STRATEGIES_FLAG.default as StrategyName[]));
    let jobs: Job[];
    let results: PlanResult[];
    let labels: string[] | undefined;
    let study: ReportInput['study'];
    let sweepScenario = loaded;
    if (loaded) {
      const planned = await (await import('../study.js')).planStudy(jobArgs, loaded, strategies);
      ({ jobs } = planned);
      results = planned.study.variants[0]!.results;
      labels = planned.study.labels;
      sweepScenario = planned.baseScenario;
      const sc = loaded.scenario;
      if (sc.variants || sc.claims || sc.notes) {
        study = { study: planned.study, claims: sc.claims ?? [], notes: sc.notes ?? [], metrics: sc.metrics ?? DEFAULT_STUDY_METRICS };
      }
    } else {
      jobs = await buildJobs(jobArgs, loaded, strategies);
      results = [];
      for (const job of jobs) {
        progress(`planning ${job.label}`);
        results.push(await runPlan(await toRequest(job)));
      }
    }

    let sweep: ReportInput['sweep'];
    const sc = loaded?.scenario.sweep;
    if (sc && file !== undefined && args.flags['no-sweep'] !== true) {
      const spec = Object.entries(sc.vary).map(([axis, values]) => parseVary(`${axis}=${values.join(',')}`));
      const strategy = sc.strategy ?? 'segprop';
      const [base] = await buildJobs(jobArgs, sweepScenario, [strategy]);
      const count = combinationCount(spec);
      if (count > DEFAULT_MAX_POINTS) {
        throw new UserError(`${file}: at /sweep/vary: the sweep has ${count} combinations, more than ${DEFAULT_MAX_POINTS}; use --no-sweep or fewer values`);
      }
      const combos = combinations(spec);
      const swept: PlanResult[] = [];
      for (const [i, point] of combos.entries()) {
        progress(`sweep ${i + 1}/${combos.length}`);
        swept.push(await runPlan(await toRequest(applyPoint(base!, point))));
      }
      const { frontierMarks, paretoFrontier } = await import('../../src/report/frontier.js');
      const axis = sc.frontier ?? 'flops';
      const front = paretoFrontier(swept, axis);
      const marks = frontierMarks(swept, front, axis);
      const points = combos.map((vary, i) => ({ vary, result: swept[i]!, frontier: front.has(i), mark: marks.get(i) }));
      sweep = { axes: spec.map((a) => a.name), points, frontier: axis };
    }

    progress('drawing memory timelines');
    const timelines = await (await import('../timeline.js')).timelinesOf(results, jobs);

    progress('rendering charts');
    const { buildReport } = await import('../../src/report/build-report.js');
    const { renderMarkdown } = await import('../../src/report/render-markdown.js');
    const { renderHtml } = await import('../../src/report/render-html.js');
    const { studyJson } = await import('../../src/report/study/study-json.js');
    const first = results[0]!;
    const source = ref === undefined ? 'reports/scenarios/paper-llama-70b.json (built in)' : loaded ? ref : `segplan report ${process.argv.slice(3).join(' ')}`;
    const input: ReportInput = {
      title: loaded?.scenario.title ?? `${first.model.name} on ${first.settings.gpus} x ${first.settings.gpu}`,
      description: loaded?.scenario.description,
      source,
      results,
      labels,
      sweep,
      timelines,
      study,
    };
    const doc = await buildReport(input);
    progressDone();
    writeFilesAtomic(
      [
        { file: mdFile, content: renderMarkdown(doc, basename(htmlFile)) },
        { file: htmlFile, content: renderHtml(doc) },
        { file: jsonFile, content: `${JSON.stringify(studyJson(input), null, 1)}\n` },
      ],
      force,
    );
    print(`wrote ${mdFile}\nwrote ${htmlFile}\nwrote ${jsonFile}`);
    return 0;
  },
};
