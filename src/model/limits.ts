// The largest value segplan accepts for each size, checked before any work. Each limit sits well above the
// largest published model or cluster (the `why`), so a real job never meets one; they exist so that a typo such
// as 1e9 layers is an error naming the field instead of a hang, and so that every product the engine forms
// (bytes, FLOPs) stays a finite double. Every caller (model specs, scenario files, flags, `--vary`, the engine's
// request check) reads this table: one place per limit; the job parameter table (src/job/parameters.ts) names
// the limit each job parameter obeys.
import { grouped } from '../words.js';

export interface Limit {
  max: number;
  /** the unit a message names ("layers", "tokens") */
  unit: string;
  /** the published figure the limit is measured against */
  why: string;
}

export const LIMITS = {
  layers: {
    max: 1024,
    unit: 'layers',
    // the engine's SegProp plan costs stages × layers; 1,024 layers with one layer per segment is about a minute
    why: 'the deepest published transformers have 1,000 layers, DeepNet by Wang et al. 2022',
  },
  width: { max: 2 ** 20, unit: 'channels', why: 'PaLM 540B, among the widest published models, has 18,432 channels and an MLP of 73,728' },
  heads: { max: 2 ** 16, unit: 'heads', why: 'published models have at most a few hundred attention heads' },
  vocabulary: { max: 2 ** 24, unit: 'entries', why: 'the largest published vocabularies have about 256,000 tokens, Gemma' },
  sequence: { max: 2 ** 24, unit: 'tokens', why: 'the longest published context windows are about 10 million tokens' },
  image: { max: 2 ** 16, unit: 'pixels', why: 'vision models train on images of at most a few thousand pixels a side' },
  microBatch: { max: 2 ** 30, unit: 'samples per GPU', why: "the engine's solver reports micro-batches up to this size" },
  gpus: { max: 2 ** 20, unit: 'GPUs', why: 'the largest published training clusters have about 100,000 GPUs' },
  nodes: { max: 2 ** 20, unit: 'nodes', why: 'the largest published training clusters have about 100,000 GPUs' },
  accumulation: {
    max: 2 ** 20,
    unit: 'micro-batches per step',
    why: 'published global batches hold a few thousand sequences (Llama 3 405B: 2,048 of 8,192 tokens), at most that many micro-batches',
  },
  steps: { max: 2 ** 30, unit: 'steps', why: 'published training runs take at most a few million optimizer steps' },
  memory: { max: 2 ** 50, unit: 'bytes', why: 'the largest GPU memories hold under 300 GB' },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** Nesting of arrays and objects a JSON file may have: model specs and configs nest 4 levels; deeper input would
 * only exhaust the stack of the code that walks it. */
export const MAX_JSON_DEPTH = 64;

/** Characters of an error message; longer ones (a megabyte-long name echoed back) are cut, saying how much. */
export const MAX_MESSAGE_LENGTH = 1000;

/** The reason `value` breaks limit `name` (not a whole number, or above the maximum), or undefined when it is fine. */
export function limitProblem(name: LimitName, value: number): string | undefined {
  const limit: Limit = LIMITS[name];
  if (!Number.isFinite(value)) return `must be a finite number, got ${value}`;
  if (value > limit.max) return `${value} is above segplan's limit of ${grouped(limit.max)} ${limit.unit}; ${limit.why}`;
  return undefined;
}

/** Which limit each numeric field of a model spec (any family) obeys, by field name. */
export const SPEC_FIELD_LIMITS: ReadonlyMap<string, LimitName> = new Map<string, LimitName>([
  ['numLayers', 'layers'],
  ['numDecoderLayers', 'layers'],
  ['relativeBuckets', 'vocabulary'],
  ['hiddenSize', 'width'],
  ['intermediateSize', 'width'],
  ['headDim', 'width'],
  ['baseWidth', 'width'],
  ['embedDim', 'width'],
  ['heads', 'heads'],
  ['windowSize', 'image'],
  ['widths', 'width'],
  ['channels', 'width'],
  ['outChannels', 'width'],
  ['outFeatures', 'width'],
  ['features', 'width'],
  ['numHeads', 'heads'],
  ['numKvHeads', 'heads'],
  ['vocabSize', 'vocabulary'],
  ['typeVocabSize', 'vocabulary'],
  ['numLabels', 'vocabulary'],
  ['numClasses', 'vocabulary'],
  ['maxPositions', 'sequence'],
  ['imageSize', 'image'],
  ['patchSize', 'image'],
  ['height', 'image'],
  ['width', 'image'],
  ['kernel', 'image'],
  ['stride', 'image'],
  ['padding', 'image'],
  ['groups', 'width'],
]);

/** Layers a spec builds in all, where no single field says: ResNet blocks over its stages, generic layers over its blocks. */
function layerTotal(spec: Record<string, unknown>): { path: string; layers: number } | undefined {
  if (Array.isArray(spec.layers)) {
    return { path: '/layers', layers: spec.layers.reduce((s: number, n) => s + (typeof n === 'number' ? n : 0), 0) };
  }
  if (Array.isArray(spec.blocks)) {
    const count = (b: unknown) =>
      typeof b === 'object' && b !== null && Array.isArray((b as { layers?: unknown }).layers) ? (b as { layers: unknown[] }).layers.length : 0;
    return { path: '/blocks', layers: spec.blocks.reduce((s: number, b) => s + count(b), 0) };
  }
  return undefined;
}

/** The first number under a field named in `fields` (the value itself, or each item of a list) above its limit. */
export function fieldLimitProblem(json: unknown, fields: ReadonlyMap<string, LimitName>, path = ''): { path: string; reason: string } | undefined {
  if (Array.isArray(json)) {
    for (const [i, v] of json.entries()) {
      const p = fieldLimitProblem(v, fields, `${path}/${i}`);
      if (p) return p;
    }
  } else if (typeof json === 'object' && json !== null) {
    for (const [key, v] of Object.entries(json)) {
      const name = fields.get(key);
      if (name !== undefined) {
        const items: unknown[] = Array.isArray(v) ? v : [v];
        for (const [i, item] of items.entries()) {
          const reason = typeof item === 'number' ? limitProblem(name, item) : undefined;
          if (reason) return { path: `${path}/${key}${Array.isArray(v) ? `/${i}` : ''}`, reason };
        }
      }
      const p = fieldLimitProblem(v, fields, `${path}/${key}`);
      if (p) return p;
    }
  }
  return undefined;
}

/** The first size of a (schema-valid) spec above its limit, as a JSON path and a reason. */
export function specLimitProblem(spec: unknown): { path: string; reason: string } | undefined {
  const field = fieldLimitProblem(spec, SPEC_FIELD_LIMITS);
  if (field) return field;
  const total = typeof spec === 'object' && spec !== null ? layerTotal(spec as Record<string, unknown>) : undefined;
  const reason = total && limitProblem('layers', total.layers);
  return total && reason ? { path: total.path, reason: `layers in all: ${reason}` } : undefined;
}
