// segplan's command line as a function: main(argv, io) runs one command and resolves to its exit status, so tests
// and the fuzz suite drive it in process. It loads only the command it runs (dynamic import), so `segplan plan`
// does not pay for the report renderer, the dashboard or the unit parser.
import { helpText, parseArgs } from './args.js';
import { didYouMean } from './closest.js';
import type { Command } from './command.js';
import { flushWarnings, type Io, useIo } from './out.js';
import { MAX_MESSAGE_LENGTH } from '../src/model/limits.js';

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

// a Map, so that a typed name such as `constructor` or `__proto__` never reaches Object.prototype
const COMMANDS = new Map<string, Entry>(
  Object.entries({
    plan: { summary: 'memory, FLOPs and time of one strategy, stage by stage', load: async () => (await import('./commands/plan.js')).command },
    compare: { summary: 'strategies side by side (max micro-batch, binding stage)', load: async () => (await import('./commands/compare.js')).command },
    sweep: { summary: 'vary settings; table and Pareto frontier', load: async () => (await import('./commands/sweep.js')).command },
    shardings: {
      summary: 'one job under every sharding and offload variant (memory by kind, max micro-batch)',
      load: async () => (await import('./commands/shardings.js')).command,
    },
    report: { summary: 'Markdown + self-contained HTML report of a scenario', load: async () => (await import('./commands/report.js')).command },
    inspect: {
      summary: 'a model layer by layer: shapes, parameters, MACs, FLOPs, saved bytes',
      load: async () => (await import('./commands/inspect.js')).command,
    },
    export: { summary: 'a plan as a DeepSpeed or accelerate FSDP config', load: async () => (await import('./commands/export.js')).command },
    models: { summary: 'the model catalog', load: async () => (await import('./commands/models.js')).command },
    gpus: { summary: 'the GPU catalog', load: async () => (await import('./commands/gpus.js')).command },
    import: { summary: 'turn a Hugging Face config.json into a model spec', load: async () => (await import('./commands/import.js')).command },
    validate: { summary: 'check the planner against measured runs', load: async () => (await import('./commands/validate.js')).command },
    'compare-snapshot': {
      summary: 'your own PyTorch memory snapshot beside the plan',
      load: async () => (await import('./commands/compare-snapshot.js')).command,
    },
    calibrate: { summary: "measure a TensorFlow.js backend's rates on this machine", load: async () => (await import('./commands/calibrate.js')).command },
    dash: { summary: 'interactive terminal dashboard', load: async () => (await import('./commands/dash.js')).command },
  } satisfies Record<string, Entry>),
);

/** With no command, segplan compares the strategies of the built-in paper scenario. */
const DEFAULT_COMMAND = 'compare';

function overview(): string {
  const rows = [...COMMANDS].map(([name, e]) => `  ${name.padEnd(17)}${e.summary}`);
  return [
    'usage: segplan <command> [arguments] [flags]',
    '',
    'Plans memory, FLOPs and time of E2E, FSDP (+ CPU offload) and SegProp training before you rent GPUs.',
    `With no command: segplan ${DEFAULT_COMMAND} (LLaMA-2-70B on 8 x A100-40GB, the built-in paper scenario).`,
    '',
    'commands:',
    ...rows,
    '',
    'segplan <command> --help lists every flag with its default; segplan version prints the version.',
    '',
  ].join('\n');
}

/** One line, at most MAX_MESSAGE_LENGTH characters (a huge argument echoed back is cut, saying how much). */
function oneLine(text: string): string {
  // cut before the regex: whitespace runs make it quadratic, and a megabyte of them would hang
  const line = text
    .slice(0, 2 * MAX_MESSAGE_LENGTH)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  if (text.length <= 2 * MAX_MESSAGE_LENGTH && line.length <= MAX_MESSAGE_LENGTH) return line;
  return `${line.slice(0, MAX_MESSAGE_LENGTH)}... (message cut; ${text.length} characters in all)`;
}

/** Runs `segplan ARGV` writing to `io`: 0 done, 2 bad input, 1 environment failure or internal error. */
export async function main(argv: string[], io: Io): Promise<number> {
  useIo(io);
  const debug = argv.includes('--debug');
  // the flags the user typed: an engine error about a default says it is one
  let given: ReadonlySet<string> = new Set();
  try {
    const first = argv[0];
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(overview());
      return 0;
    }
    if (first === '--version' || first === '-V' || first === 'version') {
      const { createRequire } = await import('node:module');
      // the package root found from this module's folder: the same file from cli/ (in process) and dist/cli/
      const { packageRoot } = await import('../src/model/package-root.js');
      const pkg = createRequire(import.meta.url)(`${packageRoot()}/package.json`) as { version: string };
      io.out(`${pkg.version}\n`);
      return 0;
    }
    const named = first !== undefined && !first.startsWith('-');
    const name = named ? first : DEFAULT_COMMAND;
    const entry = COMMANDS.get(name);
    if (!entry) {
      const { UserError } = await import('../src/errors.js');
      throw new UserError(`unknown command ${JSON.stringify(name)}${didYouMean(name, [...COMMANDS.keys()])}; run segplan --help`);
    }
    const command = await entry.load();
    const args = parseArgs(command.spec, named ? argv.slice(1) : argv);
    given = args.given;
    if (args.help) {
      io.out(helpText(command.spec));
      return 0;
    }
    const code = await command.run(args);
    flushWarnings();
    return code;
  } catch (e) {
    const { isEnvironmentError, isUserError, RequestError } = await import('../src/errors.js');
    if (isUserError(e) || isEnvironmentError(e)) {
      // the engine names request fields; the user typed flags (the job parameter table knows both)
      const message = e instanceof RequestError ? (await import('./flag-message.js')).flagMessage(e, given) : e.message;
      io.err(`segplan: error: ${oneLine(message)}\n`);
      if (debug && e.stack) io.err(`${e.stack}\n`);
      return isUserError(e) ? 2 : 1;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.err(`segplan: internal error: ${oneLine(err.message)}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
    if (debug && err.stack) io.err(`${err.stack}\n`);
    return 1;
  }
}
