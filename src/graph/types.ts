// The op graph: a model spec unrolled into ordered blocks of ops, with tensor sizes per sample.
//
// Every size is given per sample of the micro-batch: the batch dimension is factored out, so a tensor
// of the real step holds `perSample * b + fixed` elements and an op costs `flops * b` FLOPs. This is what
// makes every memory term linear in b (see src/memory) and lets sweeps precompute coefficients once.

/** What a tensor holds, which decides its bytes per element under a precision policy. */
export type TensorRole =
  /** activations in the compute dtype (2 bytes in bf16, 4 in fp32) */
  | 'act'
  /** dropout keep-masks: 1 byte per element (PyTorch bool) */
  | 'mask'
  /** fp32 statistics (norm mean / rstd, attention log-sum-exp) */
  | 'f32'
  /** integer ids (token ids, labels): 8 bytes (int64) in PyTorch */
  | 'index';

export interface Tensor {
  /** unique within a graph; ops that share a tensor reference the same id (saved once) */
  id: number;
  /** elements per sample of the micro-batch */
  perSample: number;
  /** elements independent of the micro-batch (e.g. BatchNorm statistics) */
  fixed?: number;
  role: TensorRole;
  /** human name, e.g. "layers.3.attn.q" */
  name: string;
  /**
   * ops of later blocks read it too (an encoder-decoder's encoder output, a stack's relative position bias): the
   * block that makes it holds it, once, until that block's backward; a block that only reads it neither holds
   * nor frees it (src/memory/block-summary.ts)
   */
  readLater?: true;
}

// ---- op attributes, one interface per op kind; sizes per sample ----

export interface LinearAttrs {
  /** rows of the input matrix per sample (tokens, or 1 for a pooled vector) */
  rows: number;
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  /**
   * the weight belongs to another op (an LM head tied to the token embedding): `params` counts only the
   * bias, but the weight gradient is still computed here and accumulated into the shared weight
   */
  tiedWeight?: boolean;
  /**
   * a bank of `count` expert matrices (mixture of experts): each of the `rows` input rows is processed by `topK`
   * of them, so the op computes rows·topK products and holds count weight matrices; the output has rows·topK rows
   */
  experts?: { count: number; topK: number };
  /** a LoRA adapter matrix (A or B) beside a frozen projection: in an adapted block, only these train */
  adapter?: true;
  /** the weight is stored quantized (QLoRA's NF4, LLM.int8) and dequantized to the compute dtype when used */
  quant?: WeightQuant;
}

/** Quantized storage of a frozen weight matrix (src/adapter/quantized.ts gives its bytes). */
export type WeightQuant = 'nf4' | 'int8';

/** Activation x activation matmul without weights, batched: (m x k) @ (k x n), `count` times per sample. */
export interface MatmulAttrs {
  count: number;
  m: number;
  k: number;
  n: number;
}

/** Scaled dot-product attention with softmax (and optional dropout on the probabilities). */
export interface AttentionAttrs {
  heads: number;
  kvHeads: number;
  queryLen: number;
  keyLen: number;
  headDim: number;
  causal: boolean;
  /** the kernel skips the masked upper triangle (causal only): the two matmuls cost half */
  skipMasked: boolean;
  /**
   * sliding-window attention (Mistral): each query attends to at most the last `window` keys; a kernel that
   * skips masked tiles then computes only that band
   */
  window?: number;
  /** T5: the scores are not scaled by 1/sqrt(d) */
  unscaled?: true;
  /**
   * tensors added to the scores (absent: none): a relative position bias (T5, Swin; a fourth input when it is a
   * graph tensor), the attention mask Hugging Face adds in T5's cross-attention, Swin's shifted-window mask
   */
  scoreAdds?: number;
  dropout: number;
}

export interface Conv2dAttrs {
  inChannels: number;
  outChannels: number;
  kernelH: number;
  kernelW: number;
  stride: number;
  padding: number;
  groups: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  bias: boolean;
}

export interface EmbeddingAttrs {
  /** lookups per sample */
  tokens: number;
  numEmbeddings: number;
  dim: number;
  /**
   * the table belongs to another embedding op (T5's decoder reads the encoder's shared table): `params` counts
   * nothing, but the weight gradient's scatter-add still runs here, into the shared table
   */
  tiedWeight?: true;
}

/** A learned tensor added or concatenated to the activations (positional table, class token). */
export interface ParameterAttrs {
  /** parameter elements */
  size: number;
  /** output elements per sample */
  outElements: number;
  /** add: summed onto the input (positional table; `outElements` adds); concat: prepended (class token) */
  combine: 'add' | 'concat';
}

export interface NormAttrs {
  /** normalised vectors per sample (tokens; for BatchNorm the spatial positions) */
  rows: number;
  /** features normalised over (LayerNorm/RMSNorm) or channels (BatchNorm) */
  features: number;
  affine: boolean;
  /** LayerNorm/BatchNorm shift; RMSNorm has none */
  bias: boolean;
}

export interface ElementwiseAttrs {
  /** elements per sample */
  elements: number;
}

export interface ActivationAttrs extends ElementwiseAttrs {
  fn: 'relu' | 'gelu' | 'gelu_tanh' | 'silu' | 'tanh';
}

export interface DropoutAttrs extends ElementwiseAttrs {
  p: number;
}

export interface PoolAttrs {
  mode: 'max' | 'avg';
  channels: number;
  kernel: number;
  stride: number;
  padding: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
}

export interface GlobalPoolAttrs {
  channels: number;
  inH: number;
  inW: number;
}

/** Rotary position embedding applied to q or k. */
export interface RopeAttrs extends ElementwiseAttrs {
  headDim: number;
}

/** Mixture-of-experts routing: softmax over `experts` router logits per row, then the top `topK`. */
export interface RouterAttrs {
  rows: number;
  experts: number;
  topK: number;
  /** the top-k probabilities are divided by their sum */
  normalize: boolean;
}

/**
 * The output of a mixture-of-experts layer: per row, the sum of its topK expert outputs weighted by their router
 * probabilities, plus the shared expert's output: added as it is (`plain`) or gated by sigmoid of a scalar
 * logit (`gated`).
 */
export interface MoeCombineAttrs {
  rows: number;
  topK: number;
  features: number;
  shared: 'none' | 'plain' | 'gated';
}

/** A learned per-feature scale γ multiplying the activations (ConvNeXt's layer scale), `rows` vectors per sample. */
export interface LayerScaleAttrs {
  rows: number;
  features: number;
}

/**
 * Stochastic depth in torchvision's "row" mode: each sample's residual branch is dropped with probability `p`
 * (one keep-mask value per sample, scaled by 1/(1 − p)); `elements` per sample pass through it.
 */
export interface StochasticDepthAttrs extends ElementwiseAttrs {
  p: number;
}

/** Softmax cross-entropy over `classes` logits, `rows` per sample. */
export interface CrossEntropyAttrs {
  rows: number;
  classes: number;
  /** the rows are split into this many chunks of tokens, up-cast and differentiated one at a time (default 1) */
  chunks?: number;
  /** one fused kernel on the logits as they are (flash-attn's xentropy): no fp32 copy, a log-sum-exp per row kept */
  fused?: true;
}

export interface OpAttrsByKind {
  linear: LinearAttrs;
  matmul: MatmulAttrs;
  attention: AttentionAttrs;
  conv2d: Conv2dAttrs;
  embedding: EmbeddingAttrs;
  parameter: ParameterAttrs;
  layernorm: NormAttrs;
  rmsnorm: NormAttrs;
  batchnorm: NormAttrs;
  activation: ActivationAttrs;
  /** elementwise product (gated MLP) */
  mul: ElementwiseAttrs;
  /** residual (or any) elementwise sum of two tensors */
  add: ElementwiseAttrs;
  dropout: DropoutAttrs;
  pool: PoolAttrs;
  'global-avgpool': GlobalPoolAttrs;
  rope: RopeAttrs;
  'cross-entropy': CrossEntropyAttrs;
  router: RouterAttrs;
  'moe-combine': MoeCombineAttrs;
  'layer-scale': LayerScaleAttrs;
  'stochastic-depth': StochasticDepthAttrs;
}

export type OpKind = keyof OpAttrsByKind;

export interface Op<K extends OpKind = OpKind> {
  kind: K;
  /** e.g. "layers.3.mlp.up" */
  name: string;
  attrs: OpAttrsByKind[K];
  /** activation inputs (weights are not tensors of the graph; their size is the rule's `params`) */
  inputs: Tensor[];
  output: Tensor;
}

export type AnyOp = { [K in OpKind]: Op<K> }[OpKind];

export type BlockKind = 'embedding' | 'transformer' | 'stem' | 'resnet-block' | 'convnext-block' | 'generic' | 'final-norm' | 'pooler' | 'head' | 'loss';

/**
 * The unit that strategies segment, freeze and checkpoint. Blocks run in order; each takes the previous
 * block's output (the first takes the model input).
 */
export interface Block {
  index: number;
  name: string;
  kind: BlockKind;
  ops: AnyOp[];
  input: Tensor;
  output: Tensor;
  /** blocks with equal keys are identical in every cost (lets the engine compress runs of layers) */
  shapeKey: string;
  /** true for the repeated body layers (transformer layers, residual blocks) that SegProp segments */
  isLayer: boolean;
  /** an adapter (LoRA) is on: the block's base weights are frozen and only its adapter ops train */
  adapted?: true;
}

export interface GraphOptions {
  /** tokens per sample for sequence models (ignored by image models) */
  seqLen: number;
  /** count only the unmasked half of causal attention matmuls (kernels that skip masked tiles) */
  causalHalf?: boolean;
  /** decoder tokens per sample of an encoder-decoder (default: seqLen, the encoder's) */
  targetLen?: number;
  /** the language-model loss: all logits up-cast at once (default), chunked by tokens, or one fused kernel (src/graph/loss.ts) */
  loss?: import('../vocabulary.js').LossImpl;
}

export interface Graph {
  modelName: string;
  blocks: Block[];
  /** tokens per sample (sequence models) or 1 (image models): the "items" of throughput */
  tokensPerSample: number;
  /** the model input tensor (token ids or image) */
  input: Tensor;
  options: GraphOptions;
}
