// Typed access to the keys of a Hugging Face config.json with the architecture's defaults; a key of the wrong
// kind becomes a SpecError at its JSON path. `null` counts as absent, as transformers treats it.
import { basename, dirname } from 'node:path';
import { SpecError } from '../../errors.js';
import type { Activation } from '../types.js';

export type HfJson = Record<string, unknown>;

/** transformers' ACT2FN names we can represent; the tanh approximations all map to gelu_tanh. */
const ACTIVATIONS: Record<string, Activation> = {
  gelu: 'gelu',
  gelu_python: 'gelu',
  gelu_new: 'gelu_tanh',
  gelu_pytorch_tanh: 'gelu_tanh',
  gelu_fast: 'gelu_tanh',
  silu: 'silu',
  swish: 'silu',
  relu: 'relu',
  tanh: 'tanh',
};

/** Keys that set a model's size: a config without them gets the architecture's defaults, which deserves a warning. */
const SIZE_KEYS = new Set([
  'hidden_size',
  'n_embd',
  'num_hidden_layers',
  'n_layer',
  'num_attention_heads',
  'n_head',
  'intermediate_size',
  'vocab_size',
  'max_position_embeddings',
  'n_positions',
  'd_model',
  'd_ff',
  'd_kv',
  'num_layers',
  'num_heads',
]);

export class HfReader {
  /** size keys the config lacks, read as the architecture's default */
  readonly defaulted: string[] = [];

  constructor(
    readonly json: HfJson,
    readonly file: string,
  ) {}

  fail(key: string, reason: string): never {
    throw new SpecError(this.file, `/${key}`, reason);
  }

  has(key: string): boolean {
    return this.json[key] !== undefined && this.json[key] !== null;
  }

  private value(key: string, fallback: unknown): unknown {
    if (this.has(key)) return this.json[key];
    if (fallback === undefined) this.fail(key, `missing required key "${key}"`);
    if (SIZE_KEYS.has(key) && !this.defaulted.includes(key)) this.defaulted.push(key);
    return fallback;
  }

  /** A positive integer (sizes, counts). */
  int(key: string, fallback?: number): number {
    const v = this.value(key, fallback);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) this.fail(key, `must be a positive integer, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A dropout probability in [0, 1). */
  prob(key: string, fallback?: number): number {
    const v = this.value(key, fallback);
    if (typeof v !== 'number' || v < 0 || v >= 1) this.fail(key, `must be a probability in [0, 1), got ${JSON.stringify(v)}`);
    return v;
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.value(key, fallback);
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  str(key: string, fallback?: string): string {
    const v = this.value(key, fallback);
    if (typeof v !== 'string') this.fail(key, `must be a string, got ${JSON.stringify(v)}`);
    return v;
  }

  intList(key: string, fallback?: number[]): number[] {
    const v = this.value(key, fallback);
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1)) {
      this.fail(key, `must be a non-empty list of positive integers, got ${JSON.stringify(v)}`);
    }
    return v as number[];
  }

  activation(key: string, fallback?: string): Activation {
    return this.activationNamed(key, this.str(key, fallback));
  }

  /** The activation transformers calls `name`, read from `key` (which may hold more than the name). */
  activationNamed(key: string, name: string): Activation {
    const act = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
    if (!act) this.fail(key, `unsupported activation "${name}" (supported: ${Object.keys(ACTIVATIONS).join(', ')})`);
    return act;
  }

  /** Classes of a classification head, as PretrainedConfig derives them: id2label's size, else num_labels, else 2. */
  numLabels(): number {
    const labels = this.json.id2label;
    if (labels !== undefined && labels !== null) {
      if (typeof labels !== 'object' || Array.isArray(labels)) this.fail('id2label', 'must be an object of index: label');
      const n = Object.keys(labels).length;
      if (n === 0) this.fail('id2label', 'must not be empty');
      return n;
    }
    return this.int('num_labels', 2);
  }

  /** Spec name: the basename of _name_or_path, else the file name (its folder's name for a plain config.json). */
  name(): string {
    const nameOrPath = this.json._name_or_path;
    if (typeof nameOrPath === 'string' && nameOrPath.trim() !== '') return basename(nameOrPath.trim().replace(/\/+$/, ''));
    const base = basename(this.file).replace(/\.json$/i, '');
    const dir = basename(dirname(this.file));
    return base === 'config' && dir !== '.' && dir !== '' ? dir : base;
  }
}
