// segplan inspect: the model layer by layer (per op, collapsible per block): shapes, parameters, MACs, FLOPs
// by phase and saved bytes per sample under the chosen recipe.
import { UserError } from '../../src/errors.js';
import type { ModelSpec } from '../../src/model/types.js';
import type { PrecisionName, RuntimeName } from '../../src/vocabulary.js';
import type { Command } from '../command.js';
import { formatOf } from '../format-choice.js';
import { print } from '../out.js';
import { parameter } from '../../src/job/parameters.js';
import { FORMAT_FLAGS, flagSpecOf, MODEL_POSITIONAL, TRAINING_FLAGS } from '../plan-flags.js';
import { printTable } from '../print-table.js';
import { resolveModel } from '../resolve.js';

const RECIPE_FLAGS = TRAINING_FLAGS.filter((f) => ['checkpointing', 'attention', 'precision', 'runtime'].includes(f.name));

/** Sequence models: the flag, else the model's context capped at 2048 tokens; image models ignore it. */
function seqLenOf(spec: ModelSpec, flag: number | undefined): number {
  // relative positions (T5) set no limit: only the cap applies
  if (spec.family === 'encoder-decoder') return flag ?? 2048;
  const max = 'maxPositions' in spec ? spec.maxPositions : undefined;
  if (max === undefined) return flag ?? 1;
  if (flag !== undefined && flag > max) throw new UserError(`--seq-len ${flag}: ${spec.name} has ${max} positions`);
  return flag ?? Math.min(2048, max);
}

export const command: Command = {
  spec: {
    name: 'inspect',
    summary: 'The model layer by layer: per-sample shapes, parameters, forward MACs, FLOPs by phase and the bytes saved for backward under the recipe.',
    positionals: [{ ...MODEL_POSITIONAL, default: undefined, required: true }],
    flags: [
      { ...flagSpecOf(parameter('seq-len')), default: undefined, help: "tokens per sample (default: the model's positions, at most 2048)" },
      { name: 'ops', kind: 'boolean', default: false, help: 'expand every block into its ops (default: one row per block)' },
      { name: 'block', kind: 'repeat', value: 'NAME', default: [], help: 'expand only this block (name or index; repeatable)' },
      ...RECIPE_FLAGS,
      ...FORMAT_FLAGS,
    ],
    notes: ['example: segplan inspect resnet-101 --ops', '--json and --csv always list every op.'],
  },
  async run(args) {
    const format = formatOf(args);
    const spec = await resolveModel(args.positionals[0]!, process.cwd());
    const seqLen = seqLenOf(spec, args.flags['seq-len'] as number | undefined);
    const attention = args.flags.attention as 'flash' | 'math';
    const [{ buildGraph }, { inspectGraph }, { recipeProfile }, { precisionPolicy }] = await Promise.all([
      import('../../src/graph/build.js'),
      import('../../src/inspect/inspect.js'),
      import('../../src/runtime/profiles.js'),
      import('../../src/precision/precision.js'),
    ]);
    const graph = buildGraph(spec, { seqLen, causalHalf: attention === 'flash' });
    const recipe = {
      policy: args.flags.checkpointing as 'none' | 'full' | 'selective',
      attention,
      precision: args.flags.precision as PrecisionName,
      runtime: args.flags.runtime as RuntimeName,
    };
    const result = inspectGraph(graph, {
      policy: recipe.policy,
      attention,
      profile: recipeProfile(recipe.runtime, precisionPolicy(recipe.precision)),
      dtype: precisionPolicy(recipe.precision).activationDtype,
    });
    if (format === 'json') {
      print(JSON.stringify({ model: spec.name, family: spec.family, tokensPerSample: graph.tokensPerSample, recipe, perSample: true, ...result }, null, 2));
      return 0;
    }
    const { INSPECT_CSV_HEADER, inspectCsvRows, inspectTable } = await import('../../src/report/views/inspect-table.js');
    if (format === 'csv') {
      const { toCsv } = await import('../../src/report/csv.js');
      print(toCsv(INSPECT_CSV_HEADER, inspectCsvRows(result)));
      return 0;
    }
    const wanted = args.flags.block as string[];
    for (const w of wanted) {
      if (!graph.blocks.some((b) => b.name === w || String(b.index) === w)) {
        const { didYouMean } = await import('../closest.js');
        throw new UserError(
          `--block: no block ${JSON.stringify(w)} in ${spec.name}${didYouMean(
            w,
            graph.blocks.map((b) => b.name),
          )}`,
        );
      }
    }
    const expand = (b: { name: string; index: number }) => args.flags.ops === true || wanted.includes(b.name) || wanted.includes(String(b.index));
    const title = `${spec.name}${graph.tokensPerSample > 1 ? `, ${graph.tokensPerSample} tokens per sample` : ''}, batch 1; checkpointing ${recipe.policy}, ${attention} attention, ${recipe.precision}, ${recipe.runtime}`;
    await printTable(inspectTable(title, result, expand), format);
    return 0;
  },
};
