// torch.autocast as PyTorch documents it ("Autocast Op Reference", docs/source/amp.rst): under autocast every
// eligible op runs in the dtype its list says, whatever the dtypes of its inputs, and an unlisted op runs in
// the dtype its inputs give it. Weights stay fp32; the ops on the lower-precision list cast them (and any
// fp32 activation) to half precision first. Which op is on which list depends on the device:
//
//   lower precision (both lists): linear/addmm/mm/matmul/bmm/baddbmm, conv1d/2d/3d
//   fp32, CUDA only:  layer_norm, softmax, log_softmax, pow, rsqrt, sum, cross_entropy, nll_loss, ...
//   fp32, CPU (torch 1.13, measured with harness/torch_harness.py's torch): cross_entropy; layer_norm and
//                     softmax are unlisted there and follow their input
//   unlisted: add and mul promote to the widest input (native type promotion); GELU, SiLU, ReLU, tanh,
//             dropout, pooling and batch_norm run in their input's dtype; embedding in its weight's (fp32)
//
// This file maps each op kind of the graph to the class of the torch ops it runs and propagates dtypes
// through a graph, tensor by tensor. What each kind then keeps (in which dtype) is said by the kinds
// (src/ops/kinds/<kind>/index.ts); the casts autocast adds are said by the PyTorch profile (src/runtime/pytorch.ts).

import type { AnyOp, Graph, OpKind, Tensor } from '../graph/types.js';
import type { ActivationDtype, OpContext } from '../ops/memory.js';

/** Whose autocast op lists apply: CUDA's (planning GPUs) or the CPU's (the PyTorch validation on this machine). */
export type AutocastDevice = 'cuda' | 'cpu';

export type HalfDtype = 'bf16' | 'fp16';

/** An autocast region: its half-precision dtype and the device whose op lists apply. */
export interface Autocast {
  half: HalfDtype;
  device: AutocastDevice;
}

/**
 * How an op kind runs under autocast:
 *   'lower': on the lower-precision list: inputs (and weights) cast to half, output in half;
 *   'fp32': on the fp32 list (or computes in fp32 itself): inputs cast to fp32, output fp32;
 *   'promote': unlisted: runs in the widest dtype of its inputs, no cast copies;
 *   'promote-fp32': unlisted, but one operand is fp32 whatever the inputs (its own fp32 weight or table),
 *     so the output is fp32 (embedding: its weight; a learned position table; LlamaRMSNorm's fp32 weight;
 *     rotary tables computed from the fp32 hidden states as in Hugging Face transformers >= 4.45; the MoE
 *     router's `softmax(dtype=float)`).
 */
export type AutocastClass = 'lower' | 'fp32' | 'promote' | 'promote-fp32';

const COMMON: Record<OpKind, AutocastClass> = {
  linear: 'lower',
  matmul: 'lower',
  conv2d: 'lower',
  // bmm / matmul (math) or scaled_dot_product_attention: its products run in half
  attention: 'lower',
  // the loss up-casts its logits (`logits.float()`, as Hugging Face's losses do); cross_entropy is on both fp32 lists
  'cross-entropy': 'fp32',
  embedding: 'promote-fp32',
  parameter: 'promote-fp32',
  rmsnorm: 'promote-fp32',
  rope: 'promote-fp32',
  router: 'promote-fp32',
  layernorm: 'promote',
  batchnorm: 'promote',
  activation: 'promote',
  dropout: 'promote',
  pool: 'promote',
  'global-avgpool': 'promote',
  add: 'promote',
  mul: 'promote',
  'moe-combine': 'promote',
  // `γ * x` with γ an fp32 parameter: unlisted, so the product is fp32 whatever x is
  'layer-scale': 'promote-fp32',
  // `x * noise`, the noise drawn in x's dtype
  'stochastic-depth': 'promote',
};

/** The op lists by device (PyTorch's "CUDA Op-Specific Behavior" and "CPU Op-Specific Behavior"). */
const AUTOCAST_CLASSES: Readonly<Record<AutocastDevice, Readonly<Record<OpKind, AutocastClass>>>> = {
  cuda: { ...COMMON, layernorm: 'fp32' },
  cpu: COMMON,
};

function widest(dtypes: readonly ActivationDtype[]): ActivationDtype {
  if (dtypes.includes('fp32')) return 'fp32';
  return dtypes[0] ?? 'fp32';
}

/** How one op runs under autocast, given the dtypes of its activation inputs. */
export interface AutocastOp {
  /** the dtype the op computes in: its output, and its own intermediate tensors */
  compute: ActivationDtype;
  /** for each input: the dtype autocast casts it to (a new tensor), or undefined when it is used as it is */
  casts: (ActivationDtype | undefined)[];
  /** the op casts its fp32 weights to half (a copy per op, cached while the region is open when they train) */
  castsWeights: boolean;
}

/** The class of one op: its kind's, except a fused loss, a custom autograd function autocast does not list. */
function autocastClass(op: AnyOp, device: AutocastDevice): AutocastClass {
  if (op.kind === 'cross-entropy' && op.attrs.fused) return 'promote';
  return AUTOCAST_CLASSES[device][op.kind];
}

export function autocastOp(kind: OpKind, inputDtypes: readonly (ActivationDtype | undefined)[], ac: Autocast): AutocastOp {
  return runsAs(AUTOCAST_CLASSES[ac.device][kind], inputDtypes, ac);
}

/** How one op of the graph runs under autocast (its kind's class, or a fused loss's). */
function opAutocast(op: AnyOp, inputDtypes: readonly (ActivationDtype | undefined)[], ac: Autocast): AutocastOp {
  return runsAs(autocastClass(op, ac.device), inputDtypes, ac);
}

function runsAs(cls: AutocastClass, inputDtypes: readonly (ActivationDtype | undefined)[], ac: Autocast): AutocastOp {
  const acts = inputDtypes.filter((d): d is ActivationDtype => d !== undefined);
  if (cls === 'lower' || cls === 'fp32') {
    const to: ActivationDtype = cls === 'lower' ? ac.half : 'fp32';
    return { compute: to, casts: inputDtypes.map((d) => (d !== undefined && d !== to ? to : undefined)), castsWeights: cls === 'lower' };
  }
  const compute = cls === 'promote-fp32' ? 'fp32' : widest(acts);
  return { compute, casts: inputDtypes.map(() => undefined), castsWeights: false };
}

/** dtype of an activation tensor ('act'), undefined for masks, statistics and ids (their bytes are fixed) */
function actDtype(t: Tensor, dtypes: ReadonlyMap<number, ActivationDtype>): ActivationDtype | undefined {
  return t.role === 'act' ? (dtypes.get(t.id) ?? 'fp32') : undefined;
}

const cache = new WeakMap<Graph, Map<string, Map<number, ActivationDtype>>>();

/**
 * The dtype of every activation tensor of the graph under autocast, by tensor id: the model input is fp32
 * (a batch is loaded in fp32, as the weights are), then each op's output is its compute dtype.
 */
export function tensorDtypes(graph: Graph, ac: Autocast): ReadonlyMap<number, ActivationDtype> {
  let byKey = cache.get(graph);
  if (!byKey) cache.set(graph, (byKey = new Map()));
  const key = `${ac.device}|${ac.half}`;
  const known = byKey.get(key);
  if (known) return known;
  const m = new Map<number, ActivationDtype>();
  if (graph.input.role === 'act') m.set(graph.input.id, 'fp32');
  for (const b of graph.blocks) {
    for (const op of b.ops) {
      const ins = op.inputs.map((t) => actDtype(t, m));
      m.set(op.output.id, opAutocast(op, ins, ac).compute);
    }
  }
  byKey.set(key, m);
  return m;
}

/** How `op` runs under autocast in `graph` (its inputs' dtypes from the propagation above). */
function autocastOpIn(op: AnyOp, dtypes: ReadonlyMap<number, ActivationDtype>, ac: Autocast): AutocastOp & { inputs: (ActivationDtype | undefined)[] } {
  const inputs = op.inputs.map((t) => actDtype(t, dtypes));
  return { ...opAutocast(op, inputs, ac), inputs };
}

/** An op's runtime context under autocast: its own compute dtype, its inputs' dtypes, and what autocast casts for it. */
export function autocastContext(op: AnyOp, ctx: OpContext, dtypes: ReadonlyMap<number, ActivationDtype>, ac: Autocast): OpContext {
  const a = autocastOpIn(op, dtypes, ac);
  return { ...ctx, activationDtype: a.compute, inputDtypes: a.inputs, autocast: { half: ac.half, casts: a.casts, castsWeights: a.castsWeights } };
}

/** The autocast region of a recipe on a runtime: the recipe's half dtype and the runtime's op lists (undefined: no autocast). */
export function autocastRegion(half: HalfDtype | undefined, device: AutocastDevice | undefined): Autocast | undefined {
  return half !== undefined && device !== undefined ? { half, device } : undefined;
}
