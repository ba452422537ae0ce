// segplan report: a scenario, or a model with the job's flags (as compare takes them) → reports/NAME.md and
// reports/NAME.html (self-contained, inline SVG charts).
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { PlanResult } from '../../src/plan/types.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { buildJobs, compareStrategies } from '../jobs.js';
import { print, progress, progressDone } from '../out.js';
import { JOB_FLAGS, SEGPROP_FLAGS, STRATEGIES, STRATEGIES_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';
import { applyPoint, combinationCount, combinations, DEFAULT_MAX_POINTS, parseVary } from '../vary.js';
import { UserError } from '../../src/errors.js';
import type { SweepPoint } from '../../src/report/views/sweep-table.js';

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
    summary: 'Write a Markdown report and a self-contained HTML report (inline SVG charts, no network) of a scenario.',
    positionals: [
      {
        name: 'scenario.json|model',
        help: 'scenario file (docs/scenario.schema.json), or a model as plan takes it (then the flags are the job, as for compare)',
        default: 'reports/scenarios/paper-llama-70b.json (built in)',
      },
    ],
    flags: [
      { name: 'output', short: 'o', kind: 'string', value: 'PATH', help: 'write PATH.md and PATH.html (default: reports/<scenario name>)' },
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
      'example: segplan report mistral-7b --gpu a100-80gb --gpus 4   (writes reports/mistral-7b.md and .html)',
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
    const force = args.flags.force === true;
    const { refuseExisting, writeFilesAtomic } = await import('../atomic-write.js');
    await refuseExisting([mdFile, htmlFile], force);

    // with a scenario the positional is the scenario, not a model: plan jobs read the model from the scenario
    const jobArgs = loaded ? { ...args, positionals: [] } : args;
    // typed > the scenario's > compare's default (a scenario may list no strategies; a model has none)
    const strategies = args.given.has('strategies')
      ? (args.flags.strategies as (typeof STRATEGIES)[number][])
      : compareStrategies({ ...jobArgs, flags: { ...args.flags, strategies: STRATEGIES_FLAG.default }, given: new Set() }, loaded);
    const jobs = await buildJobs(jobArgs, loaded, strategies);
    const results: PlanResult[] = [];
    for (const job of jobs) {
      progress(`planning ${job.label}`);
      results.push(await runPlan(await toRequest(job)));
    }

    const missing: string[] = [];
    let sweep: { axes: string[]; points: SweepPoint[] } | undefined;
    const sc = loaded?.scenario.sweep;
    if (sc && file !== undefined && args.flags['no-sweep'] !== true) {
      const spec = Object.entries(sc.vary).map(([axis, values]) => parseVary(`${axis}=${values.join(',')}`));
      const strategy = sc.strategy ?? 'segprop';
      const [base] = await buildJobs(jobArgs, loaded, [strategy]);
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
      const { paretoFrontier } = await import('../../src/report/frontier.js');
      const front = paretoFrontier(swept);
      sweep = { axes: spec.map((a) => a.name), points: combos.map((vary, i) => ({ vary, result: swept[i]!, frontier: front.has(i) })) };
    }

    const { timelineOf } = await import('../timeline.js');
    const timeline = await timelineOf(results, jobs);
    if (!timeline) missing.push('Memory timeline of a step: the engine does not expose per-event memory yet.');

    progress('rendering charts');
    const { buildReport } = await import('../../src/report/build-report.js');
    const { renderMarkdown } = await import('../../src/report/render-markdown.js');
    const { renderHtml } = await import('../../src/report/render-html.js');
    const first = results[0]!;
    const doc = await buildReport({
      title: loaded?.scenario.title ?? `${first.model.name} on ${first.settings.gpus} x ${first.settings.gpu}`,
      description: loaded?.scenario.description,
      source:
        ref === undefined
          ? 'built-in paper scenario (reports/scenarios/paper-llama-70b.json)'
          : loaded
            ? ref
            : `segplan report ${process.argv.slice(3).join(' ')}`,
      results,
      sweep,
      timeline,
      missing,
    });
    progressDone();
    writeFilesAtomic(
      [
        { file: mdFile, content: renderMarkdown(doc, basename(htmlFile)) },
        { file: htmlFile, content: renderHtml(doc) },
      ],
      force,
    );
    print(`wrote ${mdFile}\nwrote ${htmlFile}`);
    return 0;
  },
};
