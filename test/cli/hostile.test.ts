// Inputs that once broke the CLI (issue 13). Each ends in one line and exit 2 (bad input) or exit 1 (the
// machine failed), or in a correct result with a warning when the input is legal but suspicious.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/limits.js';
import { ROOT, segplan, stderrLines, type Run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'segplan-hostile-'));
const LLAMA_7B = join(ROOT, 'test/fixtures/hf-configs/llama-2-7b.json');

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function hfConfig(name: string, changes: Record<string, unknown>): string {
  return file(name, { ...JSON.parse(readFileSync(LLAMA_7B, 'utf8')), ...changes });
}

function scenario(name: string, extra: Record<string, unknown>): string {
  return file(name, { model: 'llama-2-7b', cluster: { gpu: 'a100-40gb', gpus: 8 }, ...extra });
}

/** exit 2 with one line on stderr that matches `pattern` */
function expectUsageError(r: Run, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(stderrLines(r)).toHaveLength(1);
  expect(r.stderr).toMatch(/^segplan: error: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stdout).toBe('');
}

describe('names of built-in object properties are ordinary unknown names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('segplan %s is an unknown command', async (name) => {
    expectUsageError(await segplan([name]), /unknown command/);
  });

  it.each(['toString', '__proto__', 'constructor'])('--vary %s=1 is an unknown axis', async (axis) => {
    expectUsageError(await segplan(['sweep', '--vary', `${axis}=1`]), /--vary: unknown axis/);
  });

  it.each(['__proto__', 'constructor', 'toString'])('a config whose model_type is %s is unsupported', async (type) => {
    const config = file(`type-${type}.json`, `{"model_type": ${JSON.stringify(type)}, "hidden_size": 64}`);
    expectUsageError(await segplan(['plan', config]), /at \/model_type: unsupported model_type/);
  });

  it('an architecture or activation named constructor is unsupported', async () => {
    expectUsageError(await segplan(['plan', hfConfig('arch.json', { architectures: ['constructor'] })]), /at \/architectures: unsupported/);
    expectUsageError(await segplan(['plan', hfConfig('act.json', { hidden_act: 'constructor' })]), /at \/hidden_act: unsupported activation/);
  });
});

describe('JSON nesting and message length are bounded', () => {
  const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

  it('a deeply nested value in a config, a spec or a scenario is one line naming where', async () => {
    const config = file('deep-config.json', JSON.stringify({ model_type: 'llama', hidden_size: 0 }).replace('0', deepArray));
    expectUsageError(await segplan(['plan', config]), /deep-config\.json: at line 1 column \d+: nested more than 64 levels deep/);
    const sc = file('deep-scenario.json', `{"model":"llama-2-7b","cluster":{"gpu":"a100-40gb"},"x":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
    expectUsageError(await segplan(['plan', '--scenario', sc]), /nested more than 64 levels deep/);
  });

  it('nesting that real files use (a few levels) still reads', async () => {
    const r = await segplan(['plan', hfConfig('nested-ok.json', { rope_scaling: null, extra: { a: { b: { c: [[1]] } } } }), '--strategy', 'fsdp', '--json']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('a megabyte-long name gives an error line of about a thousand characters', async () => {
    const r = await segplan(['plan', 'x'.repeat(1_000_000)]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(1200);
    expect(r.stderr).toMatch(/message cut; \d+ characters in all/);
  });
});

describe('sizes are checked against stated limits before any work', () => {
  it('num_hidden_layers 1e9 is refused at once, naming the field and the limit', async () => {
    const r = await segplan(['plan', hfConfig('layers.json', { num_hidden_layers: 1e9 })]);
    expectUsageError(r, /at \/numLayers: 1000000000 is above segplan's limit of 1,024 layers/);
  });

  it.each([
    ['hidden_size', 1e308, /at \/hiddenSize: 1e\+308 is above segplan's limit of 1,048,576 channels/],
    ['vocab_size', 1e15, /at \/vocabSize: .* is above segplan's limit of 16,777,216 entries/],
    ['num_attention_heads', 1e9, /at \/numHeads: .* is above segplan's limit of 65,536 heads/],
  ])('config %s %d is refused', async (field, value, pattern) => {
    expectUsageError(await segplan(['plan', hfConfig(`${field}.json`, { [field]: value })]), pattern);
  });

  it.each([
    ['settings', { microBatch: 1e308 }, /at \/settings\/microBatch: 1e\+308 is above segplan's limit/],
    ['settings', { seqLen: 1e308 }, /at \/settings\/seqLen: 1e\+308 is above segplan's limit of 16,777,216 tokens/],
  ])('scenario %s %j is refused', async (key, value, pattern) => {
    expectUsageError(await segplan(['plan', '--scenario', scenario(`sc-${String(Object.keys(value)[0])}.json`, { [key]: value })]), pattern);
  });

  it.each([
    ['--seq-len', LIMITS.sequence.max],
    ['--micro-batch', LIMITS.microBatch.max],
    ['--gpus', LIMITS.gpus.max],
    ['--nodes', LIMITS.nodes.max],
    ['--segment-size', LIMITS.layers.max],
    ['--head-depth', LIMITS.layers.max],
    ['--steps-per-stage', LIMITS.steps.max],
  ])('%s above its limit %i is refused, naming the flag', async (flag, max) => {
    expectUsageError(await segplan(['plan', flag, String(max + 1)]), new RegExp(`${flag}: ${max + 1} is above segplan's limit`));
  });

  it('--seq-len 999999999999 is refused; --vary values obey the same limits', async () => {
    expectUsageError(await segplan(['plan', '--seq-len', '999999999999']), /--seq-len: 999999999999 is above/);
    expectUsageError(await segplan(['sweep', '--vary', 'seq-len=2048,999999999999']), /--vary seq-len: 999999999999 is above/);
  });

  it('--max-points is checked before a single combination is built', async () => {
    const r = await segplan(['sweep', '--vary', 'seq-len=1..1000', '--vary', 'gpus=1..1000', '--vary', 'head-depth=0..1000']);
    expectUsageError(r, /the sweep has 1001000000 combinations, more than --max-points 2000/);
  });

  it('the engine itself refuses a request above a limit (library callers skip the flag parser)', async () => {
    const { plan } = await import('../../src/plan/plan.js');
    const { catalogSpec } = await import('../../src/model/catalog.js');
    const { gpuById } = await import('../../src/hardware/lookup.js');
    const req = {
      model: catalogSpec('gpt2')!,
      gpu: gpuById('a100-40gb'),
      gpus: 8,
      seqLen: 1e308,
      microBatch: 1 as const,
      strategy: 'e2e' as const,
      checkpointing: 'full' as const,
      attention: 'flash' as const,
      precision: 'bf16-mixed' as const,
      optimizer: 'adamw' as const,
      runtime: 'pytorch' as const,
    };
    expect(() => plan(req)).toThrow(/^seqLen: 1e\+308 is above segplan's limit of 16,777,216 tokens/);
    expect(() => plan({ ...req, seqLen: 1024, microBatch: 2 ** 31 })).toThrow(/^microBatch: 2147483648 is above segplan's limit/);
  });
});

describe('scenarios', () => {
  it('a schema-valid scenario without strategies reports the default comparison', async () => {
    const out = join(dir, 'no-strategies-report');
    const r = await segplan(['report', scenario('no-strategies.json', {}), '-o', out, '--no-sweep']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(`${out}.md`, 'utf8')).toMatch(/fsdp-offload/);
  });

  it('a scenario name cannot leave reports/', async () => {
    const r = await segplan(['report', scenario('escape.json', { name: '../../escaped' })]);
    expectUsageError(r, /at \/name: must be a short id .*got "\.\.\/\.\.\/escaped"/);
  });
});

describe('files and streams', () => {
  it('report -o under /proc ends at once with one line (no spinning mkdir)', async () => {
    if (!existsSync('/proc/self')) return;
    const r = await segplan(['report', '-o', '/proc/x/r', '--no-sweep']);
    expect(r.code, r.stderr).toBe(2);
    expect(stderrLines(r)).toEqual(['segplan: error: cannot create folder /proc/x: ENOENT']);
  });

  it('validate --report refuses to replace an existing report without --force, before running anything', async () => {
    const work = mkdtempSync(join(tmpdir(), 'segplan-validate-'));
    mkdirSync(join(work, 'reports'));
    writeFileSync(join(work, 'reports/validation.md'), 'keep me');
    const r = await segplan(['validate', '--report', '--case', 'no-such-case'], { cwd: work });
    expectUsageError(r, /reports\/validation\.md already exists; pass --force/);
    expect(readFileSync(join(work, 'reports/validation.md'), 'utf8')).toBe('keep me');
  });
});

describe('legal but suspicious input: a result and a warning', () => {
  it("--seq-len beyond a rotary model's max_position_embeddings plans and warns", async () => {
    const r = await segplan(['plan', 'llama-2-7b', '--seq-len', '8192', '--strategy', 'fsdp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).settings.seqLen).toBe(8192);
    expect(stderrLines(r)).toEqual([
      expect.stringMatching(/^segplan: warning: --seq-len 8192 is beyond llama-2-7b's 4096 positions \(max_position_embeddings\)/),
    ]);
  });

  it('SegProp flags under --strategy fsdp are planned without them and named in a warning', async () => {
    const r = await segplan(['plan', 'llama-2-7b', '--strategy', 'fsdp', '--segment-size', '2', '--head-depth', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(stderrLines(r)).toEqual(['segplan: warning: --segment-size, --head-depth are ignored: they apply to SegProp only, and fsdp is planned']);
    const plain = await segplan(['plan', 'llama-2-7b', '--strategy', 'fsdp', '--json']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(plain.stderr).toBe('');
  });

  it('--gpus 16 on 8-GPU nodes takes two nodes (docs/hardware.md), also over a scenario that says one', async () => {
    const r = await segplan(['plan', '--gpus', '16', '--strategy', 'fsdp', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).settings).toMatchObject({ gpus: 16, nodes: 2 });
    const sc = await segplan(['plan', '--scenario', 'reports/scenarios/paper-llama-70b.json', '--gpus', '16', '--strategy', 'fsdp', '--json']);
    expect(JSON.parse(sc.stdout).settings).toMatchObject({ gpus: 16, nodes: 2 });
    const both = await segplan(['plan', '--gpus', '16', '--nodes', '4', '--strategy', 'fsdp', '--json']);
    expect(JSON.parse(both.stdout).settings).toMatchObject({ gpus: 16, nodes: 4 });
  });
});

describe('a config that relies on defaults for the sizes', () => {
  it('plans and imports with a warning naming the missing keys', async () => {
    const config = file('defaults.json', { model_type: 'llama', hidden_size: 256, num_attention_heads: 4, num_hidden_layers: 2, intermediate_size: 512 });
    for (const argv of [
      ['plan', config, '--strategy', 'fsdp', '--seq-len', '512', '--json'],
      ['import', config],
    ]) {
      const r = await segplan(argv);
      expect(r.code, r.stderr).toBe(0);
      expect(stderrLines(r)).toEqual([
        `segplan: warning: ${config}: vocab_size, max_position_embeddings are missing; the architecture's defaults are assumed (check that this is the model you mean)`,
      ]);
    }
    const complete = await segplan(['import', LLAMA_7B]);
    expect(complete.stderr).toBe('');
  });
});
