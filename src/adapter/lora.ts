// LoRA (Hu et al. 2021) as a rewrite of the op graph: beside each target projection y = x·Wᵀ, with W frozen,
// run the adapter path A (in → r) and B (r → out) and add its output to y, as PEFT's lora.Linear does
// (result = base(x) + lora_B(lora_A(dropout(x))) · scaling). Every block of the rewritten graph is `adapted`:
// its base weights are frozen and only the adapter matrices train (op-needs.ts), so FLOPs, memory and time
// all see the adapter paths through their ordinary rules:
//   - the frozen base keeps nothing for backward (its input gradient needs only W), the adapter's A keeps its
//     input x (one tensor, counted once however many adapters and ops read it) and B keeps the r-dim
//     intermediate;
//   - the adapter paths cost 2·rows·r·(in + out) FLOPs in each of forward, input gradient and weight gradient;
//   - each adapted matrix holds r·(in + out) trainable parameters (PEFT's count; ×E for a bank of E experts).
// Not modelled: the multiply by the scaling α/r (a transient the size of y, freed at the add) and LoRA dropout
// (PEFT's default is 0: no op).
//
// QLoRA also stores every linear layer of the layer blocks quantized (the adapter's `baseQuant`), the LM head,
// embeddings and norms staying in the weight dtype.

import { RequestError } from '../errors.js';
import { shapeKeyOf } from '../graph/shape-key.js';
import type { AnyOp, Block, Graph, Op, Tensor } from '../graph/types.js';
import { limitProblem } from '../model/limits.js';
import type { AdapterName, BaseDtype, LoraOptions } from '../vocabulary.js';
import { ADAPTERS } from './adapters.js';

/** The storages a low-rank adapter's base may have (--base-dtype). */
export const BASE_DTYPES: readonly BaseDtype[] = ['recipe', 'nf4', 'int8'];

/** PEFT's defaults (LoraConfig r=8; its default targets for Llama-style models) */
export const DEFAULT_LORA: LoraOptions = { rank: 8, targets: 'q_proj,v_proj' };

/** "every linear layer but the output layer" (PEFT's target_modules="all-linear") */
export const ALL_LINEAR = 'all-linear';

/** PEFT's module names (the HF configs') and the segplan op names they are: the last two parts of a linear op's name. */
const MODULES: Readonly<Record<string, readonly string[]>> = {
  q_proj: ['attn.q'],
  k_proj: ['attn.k'],
  v_proj: ['attn.v'],
  o_proj: ['attn.o'],
  // BERT and ViT name their projections query, key, value
  query: ['attn.q'],
  key: ['attn.k'],
  value: ['attn.v'],
  gate_proj: ['mlp.gate', 'experts.gate', 'shared.gate'],
  up_proj: ['mlp.up', 'experts.up', 'shared.up'],
  down_proj: ['mlp.down', 'experts.down', 'shared.down'],
  // OPT's and BART's names
  out_proj: ['attn.o'],
  fc1: ['mlp.fc1'],
  fc2: ['mlp.fc2'],
  // GPT-2's Conv1D layers: c_proj is both the attention output and the MLP's second layer (c_attn, fused q, k and
  // v, is three projections in segplan's graph and has no single adapter)
  c_fc: ['mlp.fc1'],
  c_proj: ['attn.o', 'mlp.fc2'],
};

export const LORA_MODULE_NAMES = Object.keys(MODULES);

/** The op-name suffixes a targets value selects, or 'all' for all-linear; a bad name is a request error. */
function targetSuffixes(targets: string): Set<string> | 'all' {
  const names = targets
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 1 && names[0] === ALL_LINEAR) return 'all';
  if (names.length === 0) throw new RequestError('lora.targets', targets, `give module names (${LORA_MODULE_NAMES.join(', ')}) or ${ALL_LINEAR}`);
  const out = new Set<string>();
  for (const n of names) {
    const s = Object.hasOwn(MODULES, n) ? MODULES[n] : undefined;
    if (!s) throw new RequestError('lora.targets', targets, `unknown module "${n}": segplan maps ${LORA_MODULE_NAMES.join(', ')} or ${ALL_LINEAR}`);
    for (const x of s) out.add(x);
  }
  return out;
}

function isTarget(op: AnyOp, block: Block, suffixes: Set<string> | 'all'): op is Op<'linear'> {
  if (op.kind !== 'linear' || !block.isLayer || op.attrs.tiedWeight) return false;
  if (suffixes === 'all') return true;
  const parts = op.name.split('.');
  return suffixes.has(parts.slice(-2).join('.'));
}

/** Trainable parameters of a LoRA adapter of rank r on a linear layer: r·(in + out), per expert of a bank. */
export function loraParams(rank: number, inFeatures: number, outFeatures: number, experts = 1): number {
  return rank * (inFeatures + outFeatures) * experts;
}

const adapted = new WeakMap<Graph, Map<string, Graph>>();

/**
 * The graph a strategy's adapter trains: the graph itself without one, else its LoRA rewrite (cached per graph,
 * adapter and options). Checks the options: the rank a positive integer, every target a known module.
 */
export function adaptedGraph(graph: Graph, adapter: AdapterName, lora: LoraOptions = DEFAULT_LORA): Graph {
  const policy = ADAPTERS[adapter];
  if (!policy.lowRank) return graph;
  // the base's storage: the request's, else the adapter's own
  const quant = lora.baseDtype === undefined ? policy.baseQuant : lora.baseDtype === 'recipe' ? undefined : lora.baseDtype;
  const key = `${lora.rank}|${lora.targets}|${quant ?? ''}`;
  let byKey = adapted.get(graph);
  if (!byKey) adapted.set(graph, (byKey = new Map()));
  let g = byKey.get(key);
  if (!g) {
    g = rewrite(graph, lora, quant);
    byKey.set(key, g);
  }
  return g;
}

function rewrite(graph: Graph, lora: LoraOptions, quant: 'nf4' | 'int8' | undefined): Graph {
  const r = lora.rank;
  if (!Number.isInteger(r) || r < 1) throw new RequestError('lora.rank', r, 'must be a positive integer');
  const over = limitProblem('width', r);
  if (over) throw new RequestError('lora.rank', undefined, over);
  const suffixes = targetSuffixes(lora.targets);
  let nextId = graph.input.id + 1;
  for (const b of graph.blocks) for (const op of b.ops) for (const t of [...op.inputs, op.output]) nextId = Math.max(nextId, t.id + 1);
  const tensor = (perSample: number, name: string): Tensor => ({ id: nextId++, perSample, role: 'act', name });
  // a target's output is replaced, for every later reader, by the sum of base and adapter outputs
  const replaced = new Map<number, Tensor>();
  const mapped = (t: Tensor) => replaced.get(t.id) ?? t;
  let adapters = 0;
  const blocks = graph.blocks.map((block): Block => {
    const ops: AnyOp[] = [];
    for (const op of block.ops) {
      const inputs = op.inputs.map(mapped);
      if (op.kind !== 'linear') {
        ops.push({ ...op, inputs });
        continue;
      }
      const a = op.attrs;
      const stored = quant && block.isLayer && !a.tiedWeight ? { ...a, quant } : a;
      ops.push({ ...op, attrs: stored, inputs });
      if (!isTarget(op, block, suffixes)) continue;
      adapters++;
      const k = a.experts?.topK ?? 1;
      const bank = a.experts ? { experts: a.experts } : {};
      const x = inputs[0]!;
      const down = tensor(a.rows * k * r, `${op.name}.lora_A`);
      ops.push({
        kind: 'linear',
        name: down.name,
        attrs: { rows: a.rows, inFeatures: a.inFeatures, outFeatures: r, bias: false, adapter: true, ...bank },
        inputs: [x],
        output: down,
      });
      const upOut = tensor(op.output.perSample, `${op.name}.lora_B`);
      ops.push({
        kind: 'linear',
        name: upOut.name,
        attrs: { rows: a.rows, inFeatures: r, outFeatures: a.outFeatures, bias: false, adapter: true, ...bank },
        inputs: [down],
        output: upOut,
      });
      const sum = tensor(op.output.perSample, `${op.name}.lora_add`);
      ops.push({ kind: 'add', name: sum.name, attrs: { elements: op.output.perSample }, inputs: [op.output, upOut], output: sum });
      replaced.set(op.output.id, sum);
    }
    const input = mapped(block.input);
    const output = mapped(block.output);
    return { ...block, ops, input, output, shapeKey: shapeKeyOf(`${block.kind}|adapted`, input, ops, output), adapted: true };
  });
  if (adapters === 0) throw new RequestError('lora.targets', lora.targets, `matches no linear layer of ${graph.modelName}'s layers`);
  return { ...graph, blocks };
}
