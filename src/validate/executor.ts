// Builds a real tfjs network from the op graph and runs training steps under a role assignment.
//
//   frozen-notape blocks   forward inside tf.tidy, outside the gradient tape: nothing is kept
//   train / frozen-path    inside tf.variableGrads; every op is one tf.customGrad node whose forward keeps
//                          exactly what the op implementation saves and whose backward computes only the
//                          gradients needed (inputs on the gradient path, weights of trainable blocks)
//   skip                   not run: the next block reads the last output (SegProp "growing")
//   checkpointing          each taped block is one customGrad node keeping only its input; its backward
//                          re-runs the block's forward and back-propagates through it locally
// Then plain SGD on the trainable variables. Every tensor the step creates is disposed.

import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { AnyOp, Block, Graph } from '../graph/types.js';
import type { BlockRole } from '../strategy/roles.js';
import type { Tf } from './backend.js';
import { BlockValues } from './block-values.js';
import { forwardPhase, inPhase } from './measure/phase.js';
import { setRopeSeqLen } from '../ops/kinds/rope/execute.js';
import { implFor } from '../ops/kinds/executors.js';
import type { OpImpl } from '../ops/execute.js';

export interface StepHooks {
  /** called inside the taped forward, after the loss is computed, before backward starts */
  onForwardEnd?: () => void;
}

interface OpState {
  op: AnyOp;
  impl: OpImpl;
  weights: Variable[];
  /** index of the op in the graph order (dropout seeds) */
  index: number;
}

export interface ExecutorOptions {
  microBatch: number;
  seed?: number;
  learningRate?: number;
}

function tiedTable(graph: Graph, op: AnyOp): AnyOp | undefined {
  if (op.kind !== 'linear' || !op.attrs.tiedWeight) return undefined;
  const a = op.attrs;
  for (const b of graph.blocks) {
    for (const o of b.ops) if (o.kind === 'embedding' && o.attrs.numEmbeddings === a.outFeatures && o.attrs.dim === a.inFeatures) return o;
  }
  throw new Error(`${op.name}: tied weight without a matching embedding`);
}

export class Executor {
  readonly b: number;
  private readonly ops = new Map<string, OpState>();
  private readonly variables: Variable[] = [];
  private readonly data: { input: Tensor; labels: Tensor };
  private stepIndex = 0;
  private readonly lr: number;

  constructor(
    readonly tf: Tf,
    readonly graph: Graph,
    opts: ExecutorOptions,
  ) {
    this.b = opts.microBatch;
    this.lr = opts.learningRate ?? 1e-3;
    setRopeSeqLen(graph.options.seqLen);
    let seed = opts.seed ?? 1;
    let index = 0;
    for (const block of graph.blocks) {
      for (const op of block.ops) {
        const impl = implFor(op.kind);
        const weights: Variable[] = [];
        const table = tiedTable(graph, op);
        if (table) weights.push(this.ops.get(table.name)!.weights[0]!); // the table op, built earlier, holds the table as weight 0
        for (const w of impl.weights(op)) {
          const init = tf.tidy(() =>
            w.init === 'ones' ? tf.ones(w.shape) : w.init === 'zeros' ? tf.zeros(w.shape) : tf.randomNormal(w.shape, 0, w.std ?? 0.02, 'float32', seed++),
          );
          const v = tf.variable(init, true, `${graph.modelName}/${op.name}.${w.name}#${seed++}`);
          init.dispose();
          weights.push(v);
          this.variables.push(v);
        }
        this.ops.set(op.name, { op, impl, weights, index: index++ });
      }
    }
    this.data = this.makeData(opts.seed ?? 1);
  }

  /** Seeded model input and labels (flat indices row·classes + class, what the loss gathers with). */
  private makeData(seed: number): { input: Tensor; labels: Tensor } {
    const { tf, graph, b } = this;
    const loss = graph.blocks.flatMap((bl) => bl.ops).find((o) => o.kind === 'cross-entropy');
    if (!loss || loss.kind !== 'cross-entropy') throw new Error('graph has no cross-entropy loss');
    let s = seed * 7919 + 17;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const emb = graph.blocks[0]!.ops.find((o) => o.kind === 'embedding'); // a block exists: the loss was found in one
    let input: Tensor;
    if (graph.input.role === 'index') {
      const vocab = emb && emb.kind === 'embedding' ? emb.attrs.numEmbeddings : 2;
      input = tf.tensor2d(
        Int32Array.from({ length: b * graph.input.perSample }, () => Math.floor(rnd() * vocab)),
        [b, graph.input.perSample],
        'int32',
      );
    } else {
      input = tf.tensor2d(
        Float32Array.from({ length: b * graph.input.perSample }, () => rnd() * 2 - 1),
        [b, graph.input.perSample],
      );
    }
    const { rows, classes } = loss.attrs;
    const flat = Int32Array.from({ length: b * rows }, (_, i) => i * classes + Math.floor(rnd() * classes));
    return { input, labels: tf.tensor1d(flat, 'int32') };
  }

  /** Parameters of the graph (for checks). */
  get parameterCount(): number {
    return this.variables.reduce((s, v) => s + v.size, 0);
  }

  dispose(): void {
    this.tf.dispose([...this.variables, this.data.input, this.data.labels]);
  }

  /** One training step; returns the loss value. */
  step(roles: readonly BlockRole[], checkpoint: boolean, hooks: StepHooks = {}): number {
    const { tf, graph } = this;
    if (roles.length !== graph.blocks.length) throw new Error(`${roles.length} roles for ${graph.blocks.length} blocks`);
    const seedBase = 1000 * ++this.stepIndex;
    const prefixEnd = roles.findIndex((r) => r !== 'frozen-notape' && r !== 'skip');
    if (prefixEnd < 0) throw new Error('no block runs under the tape');

    // 1. frozen prefix, no tape
    const current: Tensor = inPhase('forward', () =>
      tf.tidy(() => {
        let x = this.data.input;
        for (let i = 0; i < prefixEnd; i++) {
          if (roles[i] === 'skip') continue;
          x = this.runBlockPlain(graph.blocks[i]!, x, roles[i]!, false, new Set(), seedBase);
        }
        return x;
      }),
    );

    // 2. taped part
    const trainVars = new Set<Variable>();
    roles.forEach((r, i) => {
      if (r === 'train') for (const op of graph.blocks[i]!.ops) for (const w of this.ops.get(op.name)!.weights) trainVars.add(w);
    });
    const varList = [...trainVars];
    if (varList.length === 0) throw new Error('no trainable weights in this stage');
    const { value, grads } = tf.variableGrads(() => {
      const onPath = new Set<number>();
      let lastOut: number | null = null;
      let x = current;
      for (let i = prefixEnd; i < graph.blocks.length; i++) {
        if (roles[i] === 'skip') continue;
        const block = graph.blocks[i]!;
        // after skipped blocks the input is the last executed block's output: carry its gradient path
        if (lastOut !== null && onPath.has(lastOut)) onPath.add(block.input.id);
        const next =
          checkpoint && block.isLayer
            ? this.runBlockCheckpointed(block, x, roles[i]!, onPath, seedBase)
            : this.runBlockPlain(block, x, roles[i]!, true, onPath, seedBase);
        // a block's input dies after the block ran (what it saves is kept by tfjs), the frozen prefix's
        // output included; the batch belongs to the executor
        if (x !== this.data.input) x.dispose();
        x = next;
        lastOut = block.output.id;
      }
      hooks.onForwardEnd?.();
      return x as import('@tensorflow/tfjs-core').Scalar;
    }, varList);
    const loss = value.dataSync()[0]!; // the loss is a scalar

    // 3. SGD update
    inPhase('optimizer', () =>
      tf.tidy(() => {
        for (const v of varList) {
          const g = grads[v.name];
          if (g) v.assign(tf.sub(v, tf.mul(g, this.lr)));
        }
      }),
    );
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  }

  private weightTrains(role: BlockRole, st: OpState): boolean[] {
    return st.weights.map(() => role === 'train');
  }

  /** Run a block op by op; `taped`: each op is a customGrad node. Returns the block output [b, n]. */
  private runBlockPlain(block: Block, input: Tensor, role: BlockRole, taped: boolean, onPath: Set<number>, seedBase: number): Tensor {
    const live = new BlockValues(block, input);
    const values = live.values;
    let out: Tensor = input;
    for (const op of block.ops) {
      const st = this.ops.get(op.name)!;
      const ins = op.inputs.filter((t) => t.name !== 'labels').map((t) => values.get(t.id)!);
      const inOn = op.inputs.filter((t) => t.name !== 'labels').map((t) => onPath.has(t.id));
      const wTrain = this.weightTrains(role, st);
      const y = taped ? this.tapedOp(st, ins, inOn, wTrain, seedBase) : this.plainOp(st, ins, seedBase);
      if (taped && (inOn.some(Boolean) || wTrain.some(Boolean))) onPath.add(op.output.id);
      values.set(op.output.id, y);
      out = y;
      live.consumed(op.inputs);
    }
    const last = block.ops[block.ops.length - 1];
    if (!last) throw new Error(`block ${block.name} has no ops to run`);
    if (onPath.has(last.output.id)) onPath.add(block.output.id);
    return out;
  }

  private args(st: OpState, ins: Tensor[], seedBase: number) {
    return { tf: this.tf, op: st.op as never, b: this.b, inputs: ins, weights: st.weights, seed: seedBase + st.index, labels: this.data.labels };
  }

  /** Forward without keeping anything (frozen prefix, checkpoint forward). */
  private plainOp(st: OpState, ins: Tensor[], seedBase: number): Tensor {
    const { tf } = this;
    return inPhase(forwardPhase(), () =>
      tf.tidy(() => {
        const r = st.impl.forward(this.args(st, ins, seedBase));
        return r.out;
      }),
    );
  }

  /** One customGrad node: differentiable inputs are those on the gradient path and trainable weights. */
  private tapedOp(st: OpState, ins: Tensor[], inOn: boolean[], wTrain: boolean[], seedBase: number): Tensor {
    const { tf } = this;
    const di = ins.map((_, i) => i).filter((i) => inOn[i]);
    const dw = st.weights.map((_, j) => j).filter((j) => wTrain[j]);
    if (di.length + dw.length === 0) return this.plainOp(st, ins, seedBase);
    const base = { ...this.args(st, ins, seedBase), weightTrains: wTrain };
    const f = tf.customGrad<Tensor>((...args: unknown[]) => {
      const save = args[args.length - 1] as (ts: Tensor[]) => void;
      const r = inPhase(forwardPhase(), () => st.impl.forward(base));
      save(r.saved);
      return {
        value: r.out,
        gradFunc: (dy: Tensor, saved: Tensor[]) =>
          tf.tidy(() => {
            const g = st.impl.backward({ ...base, dy, saved, needInput: inOn, needWeight: wTrain });
            // tfjs frees saved tensors only when backward ends; free ours as soon as this op is done
            for (const s of saved) s.dispose();
            return [...di.map((i) => g.inputs[i]!), ...dw.map((j) => g.weights[j]!)];
          }),
      };
    });
    return f(...di.map((i) => ins[i]!), ...dw.map((j) => st.weights[j]!));
  }

  /** A checkpointed block: one customGrad keeping the block input; backward recomputes and back-propagates. */
  private runBlockCheckpointed(block: Block, input: Tensor, role: BlockRole, onPath: Set<number>, seedBase: number): Tensor {
    const { tf } = this;
    const inputOn = onPath.has(block.input.id);
    const wts: Variable[] = [];
    if (role === 'train') for (const op of block.ops) for (const w of this.ops.get(op.name)!.weights) if (!wts.includes(w)) wts.push(w);
    if (!inputOn && wts.length === 0) return this.runBlockPlain(block, input, role, true, onPath, seedBase);
    const f = tf.customGrad<Tensor>((...args: unknown[]) => {
      const save = args[args.length - 1] as (ts: Tensor[]) => void;
      const out = this.runBlockPlain(block, input, role, false, new Set(), seedBase);
      save([input]);
      return {
        value: out,
        gradFunc: (dy: Tensor, saved: Tensor[]) =>
          tf.tidy(() => {
            const blockInput = saved[0]!; // saved above
            const g = this.blockBackward(block, blockInput, role, inputOn, dy, seedBase);
            blockInput.dispose();
            const res: Tensor[] = [];
            if (inputOn) res.push(g.input ?? tf.zerosLike(blockInput));
            for (const w of wts) res.push(g.weights.get(w) ?? tf.zerosLike(w));
            return res;
          }),
      };
    });
    const y = f(...(inputOn ? [input] : []), ...wts);
    onPath.add(block.output.id);
    return y;
  }

  /**
   * Recompute a block's forward, then back-propagate through it, with the semantics of the tape path: each
   * op's forward runs in its own scope and keeps clones of what it saves (only when it runs a backward),
   * recomputed values are freed after their last consumer, each op's saved tensors are freed when its
   * backward ran, and a second gradient contribution is accumulated as tape.ts does (new sum, old sum
   * disposed, the contribution kept). Everything local dies when the caller's scope (the block's gradFunc
   * tidy) ends; only the input and weight gradients are returned.
   */
  private blockBackward(block: Block, input: Tensor, role: BlockRole, inputOn: boolean, dy: Tensor, seedBase: number) {
    const { tf } = this;
    const live = new BlockValues(block, input);
    const values = live.values;
    const onPath = new Set<number>(inputOn ? [block.input.id] : []);
    const kept: { st: OpState; ins: Tensor[]; inOn: boolean[]; wTrain: boolean[]; saved: Tensor[] }[] = [];
    inPhase('recompute', () => {
      for (const op of block.ops) {
        const st = this.ops.get(op.name)!;
        const ins = op.inputs.filter((t) => t.name !== 'labels').map((t) => values.get(t.id)!);
        const inOn = op.inputs.filter((t) => t.name !== 'labels').map((t) => onPath.has(t.id));
        const wTrain = this.weightTrains(role, st);
        const backward = inOn.some(Boolean) || wTrain.some(Boolean);
        const [out, ...saved] = tf.tidy(() => {
          const r = st.impl.forward({ ...this.args(st, ins, seedBase), weightTrains: wTrain });
          return backward ? [r.out, ...r.saved.map((t) => tf.clone(t))] : [r.out];
        });
        if (backward) onPath.add(op.output.id);
        values.set(op.output.id, out);
        kept.push({ st, ins, inOn, wTrain, saved });
        live.consumed(op.inputs);
      }
      // the recomputed block output is not needed (its gradient arrived as dy)
      values.get(block.output.id)?.dispose();
      values.delete(block.output.id);
    });
    const grads = new Map<number, Tensor>([[block.output.id, dy]]);
    const wgrads = new Map<Variable, Tensor>();
    const accumulate = <K>(m: Map<K, Tensor>, k: K, d: Tensor) => {
      const prev = m.get(k);
      if (!prev) return void m.set(k, d);
      m.set(k, tf.add(prev, d));
      prev.dispose();
    };
    for (let i = kept.length - 1; i >= 0; i--) {
      const { st, ins, inOn, wTrain, saved } = kept[i]!;
      const g = grads.get(st.op.output.id);
      if (!g || !(inOn.some(Boolean) || wTrain.some(Boolean))) continue;
      const slots: number[] = [];
      const outs = tf.tidy(() => {
        const r = st.impl.backward({ ...this.args(st, ins, seedBase), dy: g, saved, needInput: inOn, needWeight: wTrain });
        for (const s of saved) s.dispose();
        const all = [...r.inputs, ...r.weights];
        all.forEach((t, k) => t && slots.push(k));
        return all.filter((t): t is Tensor => t !== null);
      });
      const inputsT = st.op.inputs.filter((t) => t.name !== 'labels');
      outs.forEach((d, j) => {
        // slots holds the index in [...inputs, ...weights] of each returned gradient, one per element of outs
        const k = slots[j]!;
        if (k < inputsT.length) accumulate(grads, inputsT[k]!.id, d);
        else accumulate(wgrads, st.weights[k - inputsT.length]!, d);
      });
    }
    return { input: inputOn ? grads.get(block.input.id) : undefined, weights: wgrads };
  }
}
