// Fuzzing the CLI in process (main(argv, io)): generated command lines and generated, mutated config, spec and
// scenario files. Whatever comes in, segplan ends with exit 0 (a result, perhaps with warnings) or exit 2 and one
// error line; never exit 1 (that is for a failing machine or a bug), never a non-finite number in its output,
// never a run longer than the per-run timeout. The seed is random per run; a failure prints it for replay.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/limits.js';
import { ROOT, segplan } from '../cli/run.js';
import { checkOutput } from './output-checks.js';

/** generous: the suite shares two cores; the runs themselves take seconds */
const FUZZ_TIMEOUT = 300_000;

const dir = mkdtempSync(join(tmpdir(), 'segplan-fuzz-'));
let fileCount = 0;

/** Small catalog models: the fuzz is about input handling, so every legal plan here is quick. */
const MODELS = ['gpt2', 'bert-base', 'vit-b16', 'resnet-18-cifar10', 'resnet-18'];
const HOSTILE_WORDS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '',
  ' ',
  '-',
  '--',
  '-x',
  '\n',
  'é',
  '🙂',
  'x'.repeat(3000),
  '../../outside',
  '/proc/x/r',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  '{}',
  '[]',
  'true',
  'auto',
];
const edge = (n: number) => [n - 1, n, n + 1].map(String);
const NUMBER_TEXTS = [
  '0',
  '1',
  '2',
  '3',
  '8',
  '16',
  '64',
  '100',
  '1.5',
  '-1',
  '-0',
  '1e3',
  '1e308',
  '1e400',
  '0x10',
  ' 8',
  '08',
  '9007199254740993',
  ...edge(LIMITS.layers.max),
  ...edge(LIMITS.sequence.max),
  ...edge(LIMITS.microBatch.max),
  ...edge(LIMITS.gpus.max),
  ...edge(LIMITS.steps.max),
];
const QUANTITIES = ['40GiB', '80 GB', '1e300GiB', '0B', '-5GiB', '1 PiB', '2000 TiB', '500MiB', 'x GiB', '1e-300 B', '12 parsecs'];
const AXES = [
  'segment-size',
  'segments',
  'head-depth',
  'prefix-depth',
  'forward',
  'seq-len',
  'gpus',
  'micro-batch',
  'gpu',
  'checkpointing',
  'strategy',
  'toString',
  '__proto__',
  '',
];

const word = fc.oneof(fc.constantFrom(...HOSTILE_WORDS), fc.string({ maxLength: 12 }), fc.constantFrom(...MODELS));
const numberText = fc.oneof(fc.constantFrom(...NUMBER_TEXTS), fc.integer({ min: 0, max: 5000 }).map(String));
const varyArg = fc
  .tuple(
    fc.constantFrom(...AXES),
    fc.array(fc.oneof(numberText, fc.constantFrom('full', 'growing', 'fsdp', 'segprop', 'a100-80gb', 'h100-sxm', 'auto', '0..3', '2..1', '0..5000')), {
      minLength: 0,
      maxLength: 3,
    }),
  )
  .map(([axis, values]) => `${axis}=${values.join(',')}`);

/** flag name -> the values worth trying for it */
const FLAGS: Record<string, fc.Arbitrary<string>> = {
  gpu: fc.constantFrom('a100-40gb', 'h100-sxm', 'l4', 'constructor', 'nope', '__proto__'),
  gpus: numberText,
  nodes: numberText,
  'gpu-mem': fc.constantFrom(...QUANTITIES),
  'seq-len': numberText,
  'micro-batch': fc.oneof(numberText, fc.constant('auto')),
  strategy: fc.constantFrom('e2e', 'fsdp', 'fsdp-offload', 'segprop', 'toString'),
  strategies: fc.constantFrom('e2e,segprop', 'fsdp', 'e2e,,fsdp', 'constructor', 'segprop,fsdp-offload'),
  'segment-size': numberText,
  segments: numberText,
  'head-depth': numberText,
  'prefix-depth': numberText,
  forward: fc.constantFrom('full', 'growing', 'sideways'),
  checkpointing: fc.constantFrom('none', 'full', 'selective', '__proto__'),
  attention: fc.constantFrom('flash', 'math'),
  'flash-kernel': fc.constantFrom('fa2', 'fa1', 'triton', 'fa3', '__proto__'),
  precision: fc.constantFrom('bf16-mixed', 'bf16', 'fp32', 'fp8'),
  optimizer: fc.constantFrom('adamw', 'sgd', 'adam8bit'),
  runtime: fc.constantFrom('pytorch', 'tfjs'),
  'steps-per-stage': numberText,
  'trainable-placement': fc.constantFrom('replicated', 'sharded', 'offloaded'),
  'optimizer-placement': fc.constantFrom('replicated', 'sharded', 'offloaded'),
  'frozen-placement': fc.constantFrom('replicated', 'sharded', 'offloaded', 'hasOwnProperty'),
  'runtime-overhead': fc.constantFrom(...QUANTITIES),
  'allocator-reserve': fc.constantFrom('0', '0.05', '0.999', '1', '-0.1', 'NaN', '1e-300'),
  vary: varyArg,
  'max-points': numberText,
  json: fc.constantFrom('true', 'false'),
  csv: fc.constantFrom('true', 'false'),
  md: fc.constantFrom('true', 'false'),
  // computed keys: own properties named like Object.prototype's (a plain `__proto__:` would set the prototype)
  ['constructor']: word,
  ['__proto__']: word,
  'no-such-flag': word,
};

const flagNames = Object.keys(FLAGS);
const flag = fc
  .constantFrom(...flagNames)
  .chain((name) => fc.tuple(fc.constant(name), fc.oneof({ weight: 4, arbitrary: FLAGS[name]! }, { weight: 1, arbitrary: word }), fc.boolean()))
  .map(([name, value, joined]) => (joined ? [`--${name}=${value}`] : [`--${name}`, value]));

/** Values a user would type, so that many generated command lines reach the engine and print a plan. */
const small = (min: number, max: number) => fc.integer({ min, max }).map(String);
const VALID: Record<string, fc.Arbitrary<string>> = {
  gpu: fc.constantFrom('a100-40gb', 'a100-80gb', 'h100-sxm', 'l4', 'mi300x', 'v100-16gb'),
  gpus: fc.oneof(small(1, 64), fc.constant(String(LIMITS.gpus.max))),
  'seq-len': small(1, 512),
  'micro-batch': fc.oneof(fc.constant('auto'), small(1, 64), fc.constant(String(LIMITS.microBatch.max))),
  strategy: fc.constantFrom('e2e', 'fsdp', 'fsdp-offload', 'segprop'),
  strategies: fc.constantFrom('e2e,segprop', 'fsdp', 'e2e,fsdp,fsdp-offload,segprop'),
  'segment-size': small(1, 2),
  'head-depth': small(0, 1),
  'prefix-depth': small(0, 1),
  forward: fc.constantFrom('full', 'growing'),
  checkpointing: fc.constantFrom('none', 'full', 'selective'),
  attention: fc.constantFrom('flash', 'math'),
  'flash-kernel': fc.constantFrom('fa2', 'fa1', 'triton'),
  precision: fc.constantFrom('bf16-mixed', 'bf16', 'fp32'),
  optimizer: fc.constantFrom('adamw', 'sgd', 'adam8bit'),
  'steps-per-stage': fc.oneof(small(1, 1000), fc.constant(String(LIMITS.steps.max))),
  'frozen-placement': fc.constantFrom('replicated', 'sharded', 'offloaded'),
  'gpu-mem': fc.constantFrom('40GiB', '1 PiB', '16 GB'),
  vary: fc.constantFrom('segment-size=1,2', 'head-depth=0..2', 'gpus=1,8', 'micro-batch=auto,1', 'forward=full,growing'),
  json: fc.constantFrom('true', 'false'),
  csv: fc.constantFrom('false'),
  md: fc.constantFrom('true', 'false'),
};
const validFlag = fc
  .constantFrom(...Object.keys(VALID))
  .chain((name) => fc.tuple(fc.constant(name), VALID[name]!))
  .map(([name, value]) => [`--${name}=${value}`]);

/** A real config or spec with one field set to something hostile, or a key added or removed. */
const BASES = {
  config: {
    ...JSON.parse(readFileSync(join(ROOT, 'test/fixtures/hf-configs/llama-2-7b.json'), 'utf8')),
    num_hidden_layers: 2,
    hidden_size: 256,
    intermediate_size: 512,
    num_attention_heads: 4,
    num_key_value_heads: 4,
    vocab_size: 1000,
  },
  spec: (() => {
    const { $schema: _s, ...spec } = JSON.parse(readFileSync(join(ROOT, 'models/gpt2.json'), 'utf8')) as Record<string, unknown>;
    return { ...spec, numLayers: 2 };
  })(),
  scenario: {
    model: 'gpt2',
    cluster: { gpu: 'a100-40gb', gpus: 8 },
    settings: { seqLen: 512 },
    strategies: [{ strategy: 'e2e' }],
    sweep: { vary: { 'head-depth': [0, 1] } },
  },
};
// layer counts stay small or go above the limit: the quick middle, and the refusal, are what the fuzz checks
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    -1,
    1.5,
    1e308,
    2 ** 53 + 2,
    1e9,
    LIMITS.layers.max + 1,
    LIMITS.width.max + 1,
    '',
    'constructor',
    '__proto__',
    null,
    true,
    [],
    {},
    [1, 2],
    { a: 1 },
  ),
  fc.integer({ min: -4, max: 64 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 8 }),
);
const hostileFile = fc
  .tuple(
    fc.constantFrom(...(Object.keys(BASES) as Array<keyof typeof BASES>)),
    fc.nat(),
    hostileValue,
    fc.constantFrom('set', 'delete', 'add-proto', 'deep', 'truncate'),
  )
  .map(([kind, pick, value, how]) => {
    const base = structuredClone(BASES[kind]) as Record<string, unknown>;
    const keys = Object.keys(base);
    const key = keys[pick % keys.length]!;
    let text: string;
    if (how === 'set') text = JSON.stringify({ ...base, [key]: value });
    else if (how === 'delete') {
      delete base[key];
      text = JSON.stringify(base);
    } else if (how === 'add-proto') text = JSON.stringify(base).replace(/^\{/, `{"__proto__": ${JSON.stringify(value) ?? 'null'}, "constructor": 1, `);
    else if (how === 'deep')
      text = JSON.stringify({ ...base, [key]: 0 }).replace(`"${key}":0`, `"${key}":${'['.repeat(200 + (pick % 5000))}${']'.repeat(200 + (pick % 5000))}`);
    else text = JSON.stringify(base).slice(0, pick % 200);
    const file = join(dir, `f${fileCount++}.json`);
    writeFileSync(file, text);
    return { kind, file };
  });

const commandLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('plan', 'compare', 'sweep'),
        fc.constantFrom(...MODELS),
        small(1, 512),
        fc.array(validFlag, { maxLength: 4 }),
        fc.option(flag, { freq: 4 }),
      )
      .map(([command, model, seqLen, flags, hostile]) => [
        // the defaults are the paper's 70B model: small models need a shorter sequence and fewer SegProp layers
        command,
        model,
        `--seq-len=${seqLen}`,
        '--segment-size=1',
        '--prefix-depth=0',
        '--head-depth=1',
        ...flags.flat(),
        ...(hostile ?? []),
        ...(command === 'sweep' ? ['--max-points', '12'] : []),
      ]),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('plan', 'compare', 'sweep'),
        fc.oneof(
          fc.constantFrom(...MODELS),
          hostileFile.map((f) => (f.kind === 'scenario' ? 'gpt2' : f.file)),
        ),
        fc.array(flag, { maxLength: 5 }),
        fc.option(hostileFile),
      )
      .map(([command, model, flags, scenario]) => [
        command,
        model,
        ...flags.flat(),
        ...(scenario?.kind === 'scenario' ? ['--scenario', scenario.file] : []),
        // a sweep stays small whatever --vary asked for
        ...(command === 'sweep' ? ['--max-points', '12'] : []),
      ]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('import'), hostileFile, fc.array(fc.constantFrom('--json', '--force', '--nope'), { maxLength: 2 }))
      .map(([c, f, rest]) => [c, f.file, ...rest]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('models', 'gpus'), fc.array(fc.oneof(fc.constantFrom('--json', '--help'), word), { maxLength: 2 }))
      .map(([c, rest]) => [c, ...rest]),
  },
  { weight: 1, arbitrary: fc.array(word, { minLength: 1, maxLength: 3 }) },
);

describe('fuzz: the CLI in process', () => {
  it(
    'never exits 1, prints one error line for bad input, and never prints a non-finite number',
    async () => {
      const runs = { ok: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(commandLine, async (argv) => {
          const r = await segplan(argv);
          checkOutput(argv, r);
          if (r.code === 0) runs.ok++;
          else runs.refused++;
        }),
        { numRuns: 4000, timeout: 20_000 },
      );
      // the generator reaches both sides: real plans and refusals
      console.log(`fuzz: ${runs.ok} runs planned or printed, ${runs.refused} refused with one line`);
      expect(runs.ok).toBeGreaterThan(400);
      expect(runs.refused).toBeGreaterThan(400);
    },
    FUZZ_TIMEOUT,
  );
});
