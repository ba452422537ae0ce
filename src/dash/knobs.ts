// The knobs: their order on screen (←/→ walks it), their letter keys (lower case: next value, upper case:
// previous) and how ↑/↓ step each value. Pure functions of Settings; no engine arithmetic.
import { amountOf, amountText } from '../job/amount.js';
import { parameterByField, type JobParameter } from '../job/parameters.js';
import type { TrainingBudget } from '../time/time-to-train.js';
import { placementFor } from '../strategy/strategy.js';
import { positive } from '../words.js';
import { SETTING_FIELDS, type SettingName, type Settings } from './settings.js';

/** Every knob: the model, the GPU, each setting but those only flags set, and the training budget and price. */
export type KnobId = 'model' | 'gpu' | 'budget' | 'price' | Exclude<SettingName, 'optimizerPlacement' | 'runtime' | 'clipGrad' | 'loss'>;

/** The request field of the knobs that are not settings of SETTING_FIELDS (the budget as its token form). */
const OWN_FIELDS = { gpu: 'gpu', budget: 'training.budget.tokens', price: 'training.usdPerGpuHour' } as const;

/** The job parameter behind a knob (the model is the only knob without one). */
export function knobParameter(id: KnobId): JobParameter | undefined {
  if (id === 'model') return undefined;
  return parameterByField(id === 'gpu' || id === 'budget' || id === 'price' ? OWN_FIELDS[id] : SETTING_FIELDS[id]);
}

const SEGPROP_OWN = placementFor('segprop', undefined);

/** The values ↑/↓ cycle through: the parameter's choices; placements start at SegProp's own (one key press shows
 * frozen weights in host memory). */
function choicesOf(id: KnobId): readonly string[] {
  const choices = knobParameter(id)?.choices ?? [];
  const first = id === 'frozenPlacement' ? SEGPROP_OWN.frozen : id === 'trainablePlacement' ? SEGPROP_OWN.trainable.weights : undefined;
  const i = first === undefined ? 0 : Math.max(0, choices.indexOf(first));
  return [...choices.slice(i), ...choices.slice(0, i)];
}

/** "a | b | c": a knob's choices in its help line; a long list names its first few and how many there are. */
function listed(id: KnobId): string {
  const choices = choicesOf(id);
  const all = choices.join(' | ');
  if (all.length <= MAX_LISTED) return all;
  let shown = choices.length - 1;
  const text = (n: number) => `${choices.slice(0, n).join(' | ')} and ${choices.length - n} more`;
  while (shown > 1 && text(shown).length > MAX_LISTED) shown--;
  return text(shown);
}

/** a help line's list of choices fits half an 80-column screen with its label */
const MAX_LISTED = 44;

/** The smallest number a numeric knob takes: 0 for a count (head, prefix), else 1. */
function lowest(id: KnobId): number {
  return knobParameter(id)?.type === 'count' ? 0 : 1;
}

export interface Knob {
  id: KnobId;
  /** short label shown in the knobs panel */
  label: string;
  /** letter key: lower case steps up, upper case steps down; null when only ←/→ reach it */
  key: string | null;
  /** takes a typed number (Enter on the knob) */
  numeric: boolean;
  /** only SegProp reads it */
  segprop: boolean;
  help: string;
}

export const KNOBS: readonly Knob[] = [
  { id: 'model', label: 'model', key: 'm', numeric: false, segprop: false, help: 'model (catalog or your file)' },
  { id: 'gpu', label: 'gpu', key: 'g', numeric: false, segprop: false, help: 'GPU type (segplan gpus)' },
  { id: 'gpus', label: 'gpus', key: 'n', numeric: true, segprop: false, help: 'GPUs in total (doubles / halves)' },
  { id: 'nodes', label: 'nodes', key: 'x', numeric: true, segprop: false, help: 'nodes the GPUs are spread over' },
  { id: 'seqLen', label: 'seq', key: 's', numeric: true, segprop: false, help: 'sequence length (doubles / halves)' },
  { id: 'microBatch', label: 'µbatch', key: 'b', numeric: true, segprop: false, help: 'micro-batch per GPU; <1: auto' },
  { id: 'segmentSize', label: 'segment', key: 'k', numeric: true, segprop: true, help: 'SegProp: layers per segment' },
  { id: 'headDepth', label: 'head', key: 'h', numeric: true, segprop: true, help: 'SegProp: head depth (last h layers)' },
  { id: 'prefixDepth', label: 'prefix', key: 'p', numeric: true, segprop: true, help: 'SegProp: prefix (stage 1: 1..p)' },
  { id: 'forward', label: 'fwd', key: 'f', numeric: false, segprop: true, help: `SegProp forward: ${listed('forward')}` },
  { id: 'checkpointing', label: 'ckpt', key: 'c', numeric: false, segprop: false, help: `activation checkpointing: ${listed('checkpointing')}` },
  { id: 'attention', label: 'attn', key: 'a', numeric: false, segprop: false, help: `attention kernel: ${listed('attention')}` },
  // after the attention knob: the panel's second line has room for it at 80 columns
  { id: 'optimizerImpl', label: 'impl', key: 'i', numeric: false, segprop: false, help: `AdamW impl: ${listed('optimizerImpl')}` },
  // the recipes' names do not fit one line of the 80-column help: say how many, and where they are listed
  {
    id: 'precision',
    label: 'prec',
    key: 'r',
    numeric: false,
    segprop: false,
    help: `precision recipe: one of the ${choicesOf('precision').length} that --precision takes`,
  },
  { id: 'optimizer', label: 'opt', key: 'o', numeric: false, segprop: false, help: `optimizer: ${listed('optimizer')}` },
  { id: 'gradAccum', label: 'acc', key: 'u', numeric: true, segprop: false, help: 'micro-batches per step (accum)' },
  {
    id: 'frozenPlacement',
    label: 'frz',
    key: 'w',
    numeric: false,
    segprop: true,
    help: 'SegProp: frozen weights sharded | offloaded (host RAM) | replicated',
  },
  {
    id: 'trainablePlacement',
    label: 'trn',
    key: 't',
    numeric: false,
    segprop: true,
    help: 'SegProp: trainable weights+grads+optim sharded | offloaded | replicated',
  },
  // short labels and values: the knobs panel keeps its three lines at 80 columns
  { id: 'budget', label: 'tok', key: 'd', numeric: true, segprop: false, help: 'budget: tokens ×10, e.g. 300B' },
  { id: 'price', label: '$/h', key: 'y', numeric: true, segprop: false, help: 'USD per GPU-hour ×2; ref: catalog' },
];

export function knobById(id: KnobId): Knob {
  const k = KNOBS.find((x) => x.id === id);
  if (!k) throw new Error(`no knob ${id}`);
  return k;
}

export function knobByKey(key: string): { knob: Knob; delta: 1 | -1 } | undefined {
  const lower = key.toLowerCase();
  const knob = KNOBS.find((k) => k.key === lower);
  if (!knob || key.length !== 1) return undefined;
  return { knob, delta: key === lower ? 1 : -1 };
}

function cycle<T>(list: readonly T[], current: T, delta: number): T {
  const i = list.indexOf(current);
  const next = list[((((i < 0 ? 0 : i) + delta) % list.length) + list.length) % list.length];
  if (next === undefined) throw new Error('a knob cycles through an empty list of choices');
  return next;
}

function cycleIndex(length: number, i: number, delta: number): number {
  return (((i + delta) % length) + length) % length;
}

/** micro-batch: auto <-> 1, then 1..8 one by one, then doubling */
function stepMicroBatch(b: number | 'auto', delta: 1 | -1): number | 'auto' {
  if (b === 'auto') return delta > 0 ? 1 : 'auto';
  if (delta > 0) return b < 8 ? b + 1 : b * 2;
  if (b <= 1) return 'auto';
  return b > 8 ? Math.max(8, Math.floor(b / 2)) : b - 1;
}

/** The smallest budget ↓ keeps (a million tokens or samples, one epoch): below it there is none. */
const LEAST_BUDGET = 1e6;

/** training budget: none ↔ 1B tokens, then ×10 / ÷10 (epochs ±1); below the least, none */
function stepBudget(b: TrainingBudget | null, delta: 1 | -1): TrainingBudget | null {
  if (b === null) return delta > 0 ? { tokens: 1e9 } : null;
  if ('epochs' in b) return b.epochs + delta >= 1 ? { ...b, epochs: b.epochs + delta } : null;
  const [kind, n] = 'tokens' in b ? (['tokens', b.tokens] as const) : (['samples', b.samples] as const);
  const next = delta > 0 ? n * 10 : Math.round(n / 10);
  return next < LEAST_BUDGET ? null : ({ [kind]: next } as TrainingBudget);
}

/** price: the catalog's ↔ $1, then ×2 / ÷2; below a quarter, the catalog's again */
function stepPrice(p: number | null, delta: 1 | -1): number | null {
  if (p === null) return delta > 0 ? 1 : null;
  const next = delta > 0 ? p * 2 : p / 2;
  return next < 0.25 ? null : next;
}

/** The settings after one ↑ (delta 1) or ↓ (delta -1) on knob `id`. */
export function stepKnob(s: Settings, id: KnobId, delta: 1 | -1): Settings {
  switch (id) {
    case 'model':
      return { ...s, model: cycleIndex(s.models.length, s.model, delta) };
    case 'gpu':
      return { ...s, gpu: cycleIndex(s.gpuList.length, s.gpu, delta) };
    case 'gpus':
    case 'seqLen':
      return { ...s, [id]: delta > 0 ? s[id] * 2 : Math.max(1, Math.floor(s[id] / 2)) };
    case 'microBatch':
      return { ...s, microBatch: stepMicroBatch(s.microBatch, delta) };
    case 'budget':
      return { ...s, budget: stepBudget(s.budget, delta) };
    case 'price':
      return { ...s, price: stepPrice(s.price, delta) };
    case 'nodes':
    case 'gradAccum':
    case 'segmentSize':
    case 'headDepth':
    case 'prefixDepth':
      return { ...s, [id]: Math.max(lowest(id), s[id] + delta) };
    default:
      return { ...s, [id]: cycle(choicesOf(id), s[id], delta) };
  }
}

/** "off", "300B" (tokens), "1.2M smp", "90 ep" */
function budgetValue(b: TrainingBudget | null): string {
  if (b === null) return 'off';
  if ('tokens' in b) return amountText(b.tokens);
  if ('samples' in b) return `${amountText(b.samples)} smp`;
  return `${b.epochs} ep`;
}

/** The knob's value as the knobs panel shows it. */
export function knobValue(s: Settings, id: KnobId): string {
  switch (id) {
    case 'model': {
      // a spec file shows by its file name
      const ref = s.models[s.model] ?? '?';
      return ref.split(/[\\/]/).pop() ?? ref;
    }
    case 'gpu':
      return s.gpuList[s.gpu] ?? '?';
    case 'budget':
      return budgetValue(s.budget);
    case 'price':
      return s.price === null ? 'ref' : String(Number(s.price.toPrecision(4)));
    default:
      return String(s[id]);
  }
}

/**
 * A typed value for a numeric knob, or a one-line problem. Limits the engine checks against the model
 * (segment size too large, ...) are left to the engine, whose message the dashboard shows.
 */
export function parseTyped(id: KnobId, text: string): { value: number | 'auto' } | { problem: string } {
  const t = text.trim();
  if (id === 'budget' || id === 'price') {
    const n = amountOf(t);
    if (n === null || n <= 0 || (id === 'budget' && !Number.isSafeInteger(n))) {
      return { problem: id === 'budget' ? 'budget: type tokens, e.g. 2000000, 300B or 1.5T' : 'price: type USD per GPU-hour, e.g. 2.5' };
    }
    return { value: n };
  }
  if (id === 'microBatch' && (t === '' || t === 'auto' || t === 'a')) return { value: 'auto' };
  const min = lowest(id);
  if (!/^[0-9]+$/.test(t) || !Number.isSafeInteger(Number(t)) || Number(t) < min) {
    return { problem: `${knobById(id).label}: type ${min === 0 ? 'a whole number' : positive('whole number')}${id === 'microBatch' ? ' or a for auto' : ''}` };
  }
  return { value: Number(t) };
}
