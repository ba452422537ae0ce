#!/usr/bin/env node
// segplan's entry point. It loads only the command it runs (dynamic import), so `segplan plan` does not pay
// for the report renderer, the dashboard or the unit parser.
import { helpText, parseArgs } from './args.js';
import { didYouMean } from './closest.js';
import type { Command } from './command.js';

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, Entry> = {
  plan: { summary: 'memory, FLOPs and time of one strategy, stage by stage', load: async () => (await import('./commands/plan.js')).command },
  compare: { summary: 'strategies side by side (max micro-batch, binding stage)', load: async () => (await import('./commands/compare.js')).command },
  sweep: { summary: 'vary settings; table and Pareto frontier', load: async () => (await import('./commands/sweep.js')).command },
  report: { summary: 'Markdown + self-contained HTML report of a scenario', load: async () => (await import('./commands/report.js')).command },
  models: { summary: 'the model catalog', load: async () => (await import('./commands/models.js')).command },
  gpus: { summary: 'the GPU catalog', load: async () => (await import('./commands/gpus.js')).command },
  import: { summary: 'turn a Hugging Face config.json into a model spec', load: async () => (await import('./commands/import.js')).command },
  validate: { summary: 'check the planner against measured runs', load: async () => (await import('./commands/validate.js')).command },
  'compare-snapshot': { summary: 'your own PyTorch memory snapshot beside the plan', load: async () => (await import('./commands/compare-snapshot.js')).command },
  calibrate: { summary: "measure a TensorFlow.js backend's rates on this machine", load: async () => (await import('./commands/calibrate.js')).command },
  dash: { summary: 'interactive terminal dashboard', load: async () => (await import('./commands/dash.js')).command },
};

/** With no command, segplan compares the strategies of the built-in paper scenario. */
const DEFAULT_COMMAND = 'compare';

function overview(): string {
  const rows = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(17)}${e.summary}`);
  return [
    'usage: segplan <command> [arguments] [flags]',
    '',
    'Plans memory, FLOPs and time of E2E, FSDP (+ CPU offload) and SegProp training before you rent GPUs.',
    `With no command: segplan ${DEFAULT_COMMAND} (LLaMA-2-70B on 8 x A100-40GB, the built-in paper scenario).`,
    '',
    'commands:',
    ...rows,
    '',
    'segplan <command> --help lists every flag with its default.',
    '',
  ].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const first = argv[0];
    if (first === '--help' || first === '-h' || first === 'help') {
      process.stdout.write(overview());
      return 0;
    }
    if (first === '--version' || first === '-V') {
      const { createRequire } = await import('node:module');
      const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    const named = first !== undefined && !first.startsWith('-');
    const name = named ? first : DEFAULT_COMMAND;
    const entry = COMMANDS[name];
    if (!entry) {
      const { UserError } = await import('../src/errors.js');
      throw new UserError(`unknown command ${JSON.stringify(name)}${didYouMean(name, Object.keys(COMMANDS))}; run segplan --help`);
    }
    const command = await entry.load();
    const args = parseArgs(command.spec, named ? argv.slice(1) : argv);
    if (args.help) {
      process.stdout.write(helpText(command.spec));
      return 0;
    }
    return await command.run(args);
  } catch (e) {
    const { isUserError } = await import('../src/errors.js');
    if (isUserError(e)) {
      process.stderr.write(`segplan: error: ${oneLine(e.message)}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`segplan: internal error: ${oneLine(err.message)}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
