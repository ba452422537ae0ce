// The job parameter table is the one declaration of every job parameter: the CLI's flags, the sweep axes, the
// scenario schema and the dashboard's knobs must all agree with it, and its choices must be exactly the names
// the engine's policy tables define (a name the engine has no policy for could never be planned).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../cli/args.js';
import { flagSpecOf } from '../../cli/plan-flags.js';
import { AXES } from '../../cli/vary.js';
import { PARAMETERS, parameter, scenarioKeyOf, type JobParameter } from '../../src/job/parameters.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { runtimeProfile } from '../../src/runtime/profiles.js';
import { DEFAULT_SEGPROP, placementFor } from '../../src/strategy/strategy.js';
import { KNOBS, knobParameter, stepKnob } from '../../src/dash/knobs.js';
import { SCENARIO_FIELD_LIMITS } from '../../src/job/scenario-limits.js';
import type { OptimizerName, PrecisionName, RuntimeName, StrategyName } from '../../src/vocabulary.js';
import { paperSettings } from '../dash/fixtures.js';
import { ROOT } from '../cli/run.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'docs/scenario.schema.json'), 'utf8'));

/** The plain JSON Schema a parameter's value must have, as docs/scenario.schema.json writes it ($refs resolved). */
function resolved(node: Record<string, unknown>): Record<string, unknown> {
  const ref = node.$ref as string | undefined;
  return ref ? resolved(schema.$defs[ref.replace('#/$defs/', '')]) : node;
}

/** What the schema must say of one value of `p`. */
function expectSchemaOf(p: JobParameter, node: Record<string, unknown>): void {
  const n = resolved(node);
  const where = `${p.flag}: ${JSON.stringify(node)}`;
  if (p.type === 'choice') expect(n.enum, where).toEqual([...p.choices!]);
  else if (p.type === 'int') expect(n, where).toMatchObject({ type: 'integer', minimum: 1 });
  else if (p.type === 'count') expect(n, where).toMatchObject({ type: 'integer', minimum: 0 });
  else if (p.type === 'int-or-auto') expect(n.anyOf, where).toEqual([{ type: 'integer', minimum: 1 }, { const: 'auto' }]);
  else if (p.type === 'name') expect(n, where).toMatchObject({ type: 'string', minLength: 1 });
  else if (p.type === 'quantity') expect(node.$ref, where).toBe('#/$defs/bytes');
  else if (p.type === 'amount') expect(n.minimum === 1 || n.exclusiveMinimum === 0, where).toBe(true);
  else throw new Error(`${where}: a ${p.type} has no scenario form`);
}

const PLACES: Record<string, () => Record<string, Record<string, unknown>>> = {
  cluster: () => schema.properties.cluster.properties,
  settings: () => schema.$defs.settings.properties,
  strategy: () => schema.$defs.strategy.properties,
  'strategy.placement': () => schema.$defs.strategy.properties.placement.properties,
  training: () => schema.properties.training.properties,
};

/** the order of a plain sort(), by string form, spelt out for values typed unknown */
const byText = (x: unknown, y: unknown): number => {
  const [a, b] = [String(x), String(y)];
  return a < b ? -1 : a > b ? 1 : 0;
};

describe('the job parameter table', () => {
  it('has one row per field and per flag', () => {
    expect(new Set(PARAMETERS.map((p) => p.field)).size).toBe(PARAMETERS.length);
    expect(new Set(PARAMETERS.map((p) => p.flag)).size).toBe(PARAMETERS.length);
  });

  it("offers exactly the names the engine's policy tables define", () => {
    // every choice has a policy (the lookup answers with that very entry), and the lists are the tables' keys
    for (const n of parameter('precision').choices!) expect(precisionPolicy(n as PrecisionName).name).toBe(n);
    for (const n of parameter('optimizer').choices!) expect(optimizerPolicy(n as OptimizerName).name).toBe(n);
    for (const n of parameter('runtime').choices!) expect(runtimeProfile(n as RuntimeName), n).toBeDefined();
    for (const n of parameter('strategy').choices!) expect(placementFor(n as StrategyName, undefined).frozen, n).toBeDefined();
    expect([...parameter('precision').choices!]).toEqual([
      'bf16-mixed',
      'bf16-mixed-fp32grads',
      'bf16',
      'fp32',
      'fsdp-bf16',
      'fsdp-bf16-fp32reduce',
      'amp-bf16',
      'amp-fp16',
      'fp8',
    ]);
    expect([...parameter('optimizer').choices!]).toEqual(['adamw', 'sgd', 'sgd-plain', 'adam8bit', 'adafactor']);
    expect([...parameter('optimizer-impl').choices!]).toEqual(['foreach', 'fused', 'loop']);
    expect([...parameter('runtime').choices!]).toEqual(['pytorch', 'pytorch-hf-eager', 'tfjs']);
    expect([...parameter('strategy').choices!]).toEqual([
      'e2e',
      'zero1',
      'zero2',
      'fsdp',
      'hybrid',
      'fsdp-offload',
      'segprop',
      'badam',
      'lisa',
      'lora',
      'qlora',
    ]);
    expect([...parameter('adapter').choices!]).toEqual(['none', 'lora', 'qlora']);
    expect([...parameter('schedule').choices!]).toEqual(['e2e', 'segprop', 'badam', 'lisa']);
    expect([...parameter('sharding').choices!]).toEqual(['ddp', 'zero1', 'zero2', 'fsdp', 'hybrid', 'fsdp-offload']);
  });

  it("starts SegProp from the engine's own defaults", () => {
    expect(parameter('segment-size').default).toBe(DEFAULT_SEGPROP.segmentSize);
    expect(parameter('head-depth').default).toBe(DEFAULT_SEGPROP.headDepth);
    expect(parameter('prefix-depth').default).toBe(DEFAULT_SEGPROP.prefixDepth);
    expect(parameter('forward').default).toBe(DEFAULT_SEGPROP.forward);
  });
});

describe('everything derived from the table', () => {
  it("every command flag named like a parameter is that parameter's flag", async () => {
    const commands: Array<[string, { command: { spec: CommandSpec } }]> = [
      ['plan', await import('../../cli/commands/plan.js')],
      ['compare', await import('../../cli/commands/compare.js')],
      ['sweep', await import('../../cli/commands/sweep.js')],
      ['report', await import('../../cli/commands/report.js')],
      ['export', await import('../../cli/commands/export.js')],
      ['compare-snapshot', await import('../../cli/commands/compare-snapshot.js')],
      ['inspect', await import('../../cli/commands/inspect.js')],
      ['dash', await import('../../cli/commands/dash.js')],
    ];
    let checked = 0;
    for (const [name, { command }] of commands) {
      const spec = command.spec;
      for (const f of spec.flags) {
        const p = PARAMETERS.find((q) => q.flag === f.name);
        if (!p) continue;
        checked++;
        // two flags narrow their parameter: export plans only E2E and FSDP (FSDP by default), and inspect's
        // sequence length defaults to the model's positions
        const { default: _, help: __, choices: ___, ...kept } = flagSpecOf(p);
        const narrowed = (name === 'export' && p.flag === 'strategy') || (name === 'inspect' && p.flag === 'seq-len');
        expect(narrowed ? { ...f, default: undefined, help: undefined, choices: undefined } : f, `${name} --${f.name}`).toEqual(
          narrowed ? kept : flagSpecOf(p),
        );
      }
    }
    expect(checked).toBeGreaterThan(100);
    const plan = commands[0]![1].command.spec;
    expect(PARAMETERS.filter((p) => !plan.flags.some((f) => f.name === p.flag)).map((p) => p.flag)).toEqual([]);
  });

  it('the sweep axes are the parameters marked as axes, as the scenario schema lists them', () => {
    const axes = PARAMETERS.filter((p) => p.axis);
    expect([...AXES.keys()]).toEqual(axes.map((p) => p.flag));
    const vary = schema.properties.sweep.properties.vary.properties;
    expect(Object.keys(vary).sort()).toEqual(axes.map((p) => p.flag).sort());
    for (const p of axes) {
      // the schema's list items are the parameter's values (intList / countList are lists of them)
      const list = resolved(vary[p.flag]);
      expect(list, p.flag).toMatchObject({ type: 'array', minItems: 1 });
      expectSchemaOf(p, list.items as Record<string, unknown>);
    }
  });

  it('the scenario schema holds every parameter a scenario may give, in the place and form the table says', () => {
    for (const p of PARAMETERS) {
      for (const place of p.scenario ?? []) {
        const node = PLACES[place]!()[scenarioKeyOf(p)];
        expect(node, `${p.flag} at ${place}.${scenarioKeyOf(p)}`).toBeDefined();
        expectSchemaOf(p, node!);
      }
    }
  });

  it('the scenario schema has no job setting the table does not declare', () => {
    const declared = (place: string) =>
      PARAMETERS.filter((p) => p.scenario?.includes(place as never))
        .map(scenarioKeyOf)
        .sort();
    expect(Object.keys(PLACES.cluster!()).sort()).toEqual(declared('cluster'));
    expect(Object.keys(PLACES.settings!()).sort()).toEqual(declared('settings'));
    expect(Object.keys(PLACES.training!()).sort()).toEqual(declared('training'));
    expect(Object.keys(PLACES['strategy.placement']!()).sort()).toEqual(declared('strategy.placement'));
    // a strategy entry's own keys: which strategy, its label and its placement object
    const own = ['strategy', 'label', 'placement'];
    expect(
      Object.keys(PLACES.strategy!())
        .filter((k) => !own.includes(k))
        .sort(),
    ).toEqual(declared('strategy'));
  });

  it('every whole-number job setting of a scenario file has a size limit', () => {
    const integer = (node: Record<string, unknown>) => {
      const n = resolved(node);
      const item = n.type === 'array' ? resolved(n.items as Record<string, unknown>) : n;
      return item.type === 'integer' || (item.anyOf as Array<{ type?: string }> | undefined)?.some((a) => a.type === 'integer') === true;
    };
    const vary = schema.properties.sweep.properties.vary.properties as Record<string, Record<string, unknown>>;
    const places = [PLACES.cluster!(), PLACES.settings!(), PLACES.strategy!(), vary];
    const wanted = places.flatMap((props) =>
      Object.entries(props)
        .filter(([, node]) => integer(node))
        .map(([k]) => k),
    );
    expect(wanted.length).toBeGreaterThan(10);
    for (const key of wanted) expect(SCENARIO_FIELD_LIMITS.has(key), key).toBe(true);
  });

  it('every dashboard knob but the model is a parameter, and cycles through exactly its choices', () => {
    for (const k of KNOBS) {
      const p = knobParameter(k.id);
      if (k.id === 'model') {
        expect(p).toBeUndefined();
        continue;
      }
      expect(p, k.id).toBeDefined();
      expect(k.numeric, k.id).toBe(['int', 'count', 'int-or-auto', 'amount'].includes(p!.type));
      expect(k.segprop || p!.segpropOnly !== true, k.id).toBe(true);
      if (p!.type !== 'choice') continue;
      const seen: unknown[] = [];
      let s = paperSettings();
      for (let i = 0; i < p!.choices!.length; i++) {
        s = stepKnob(s, k.id, 1);
        seen.push(s[k.id as keyof typeof s]);
      }
      expect([...seen].sort(byText), k.id).toEqual([...p!.choices!].sort());
    }
  });
});
