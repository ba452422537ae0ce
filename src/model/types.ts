// The model spec: a faithful, framework-free description of a network's architecture.
// One interface per family; the JSON Schema in models/schema/model.schema.json mirrors these types.

export type Activation = 'relu' | 'gelu' | 'gelu_tanh' | 'silu' | 'tanh';
export type NormKind = 'layernorm' | 'rmsnorm';

/** Dropout probabilities; 0 means the op is not there (and keeps no mask). */
export interface DropoutSpec {
  /** after the token/patch embedding */
  embedding: number;
  /** on the attention probabilities */
  attention: number;
  /** on each residual branch output (after the attention projection and after the MLP) */
  residual: number;
}

interface SpecBase {
  /** short id, e.g. "llama-2-7b" */
  name: string;
  /** where the numbers come from (paper, model card, config file) */
  source?: string;
}

/** Decoder-only transformer LM (Llama, Mistral, Qwen2, Gemma, Phi-3, GPT-2). Pre-norm blocks. */
export interface DecoderSpec extends SpecBase {
  family: 'decoder';
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  /** key/value heads: = numHeads for MHA, 1 for MQA, in between for GQA */
  numKvHeads: number;
  /** per-head size; defaults to hiddenSize / numHeads (Gemma sets it explicitly) */
  headDim?: number;
  intermediateSize: number;
  /** gated = SwiGLU/GeGLU (gate, up, down projections); plain = fc1, fc2 */
  mlp: 'gated' | 'plain';
  activation: Activation;
  norm: NormKind;
  bias: {
    /** q, k, v projections (Qwen2, GPT-2) */
    qkv: boolean;
    /** attention output projection */
    attnOut: boolean;
    /** MLP projections */
    mlp: boolean;
    /** norm shift (LayerNorm beta); RMSNorm has none */
    norm: boolean;
    lmHead: boolean;
  };
  tiedEmbeddings: boolean;
  positions: 'rotary' | 'learned';
  vocabSize: number;
  maxPositions: number;
  dropout: DropoutSpec;
  /** mixture-of-experts MLP in every layer (Mixtral, Qwen2-MoE) instead of the dense one */
  moe?: MoeSpec;
  /** sliding-window attention (Mistral): each token attends to at most this many tokens, itself included */
  slidingWindow?: number;
}

/**
 * A sparse mixture-of-experts MLP: a linear router scores `experts` gated MLPs per token, the top `topK` run
 * and their outputs are summed, weighted by the router's softmax probabilities.
 */
export interface MoeSpec {
  experts: number;
  topK: number;
  /** intermediate size of each routed expert's gated MLP */
  expertIntermediateSize: number;
  /** the top-k probabilities are renormalised to sum to 1 (Mixtral) or used as they are (Qwen2-MoE) */
  normalizeTopK: boolean;
  /** intermediate size of the shared expert(s) every token runs (Qwen2-MoE, DeepSeek-MoE); 0: none */
  sharedExpertIntermediateSize: number;
  /** the shared expert's output is scaled by sigmoid(linear(h → 1)) (Qwen2-MoE) or added as it is (DeepSeek-MoE) */
  sharedExpertGated: boolean;
  /** the first layers keep the dense MLP of `intermediateSize` (DeepSeek's first_k_dense_replace) */
  denseLayers: number;
}

/** BERT-style bidirectional encoder (post-norm blocks, LayerNorm after embeddings). */
export interface EncoderSpec extends SpecBase {
  family: 'encoder';
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  activation: Activation;
  vocabSize: number;
  maxPositions: number;
  /** token type (segment) embeddings; 0 = none */
  typeVocabSize: number;
  /** dense + tanh on the first token */
  pooler: boolean;
  /** task head: none (BertModel), mlm (BertForMaskedLM: transform + LayerNorm + tied decoder + bias), classifier */
  head: 'none' | 'mlm' | 'classifier';
  /** classes of the classifier head */
  numLabels?: number;
  dropout: DropoutSpec;
}

/** Vision Transformer (pre-norm blocks on patch tokens). */
export interface VitSpec extends SpecBase {
  family: 'vit';
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  activation: Activation;
  imageSize: number;
  patchSize: number;
  channels: number;
  classToken: boolean;
  qkvBias: boolean;
  /** dense + tanh pooler (ViTModel); ViTForImageClassification has none */
  pooler: boolean;
  /** classifier classes; 0 = no classifier */
  numClasses: number;
  dropout: DropoutSpec;
}

/** ResNet v1.5 (stride on the 3x3 conv of bottleneck blocks, as torchvision). */
export interface ResNetSpec extends SpecBase {
  family: 'resnet';
  block: 'basic' | 'bottleneck';
  /** blocks per stage, e.g. [3, 4, 6, 3] for ResNet-50 */
  layers: number[];
  /** imagenet: 7x7/2 conv + 3x3/2 max-pool; cifar: 3x3/1 conv, no max-pool */
  stem: 'imagenet' | 'cifar';
  /** channels of the first stage (64 in the papers); stage i has baseWidth * 2^i */
  baseWidth: number;
  numClasses: number;
  imageSize: number;
  channels: number;
}

/**
 * ConvNeXt (Liu et al. 2022) as torchvision builds it: a patchify stem (conv k = stride = patchSize, then a
 * LayerNorm over channels), stages of blocks [7x7 depthwise conv, LayerNorm, Linear 4x, GELU, Linear, layer
 * scale, stochastic depth, residual], a LayerNorm + 2x2 stride-2 conv between stages, global average pool,
 * LayerNorm and a linear classifier.
 */
export interface ConvNextSpec extends SpecBase {
  family: 'convnext';
  /** blocks per stage, e.g. [3, 3, 9, 3] for ConvNeXt-T */
  layers: number[];
  /** channels of each stage, e.g. [96, 192, 384, 768] */
  widths: number[];
  /** the stem's kernel and stride (4 in the paper) */
  patchSize: number;
  /**
   * the largest stochastic-depth probability (torchvision: 0.1 T, 0.4 S, 0.5 B); block j of n drops its
   * residual branch per sample with probability stochasticDepth·j/(n−1); 0: no stochastic depth
   */
  stochasticDepth: number;
  numClasses: number;
  imageSize: number;
  channels: number;
}

/**
 * T5-style encoder-decoder (Raffel et al. 2020; Hugging Face T5ForConditionalGeneration): a shared token
 * embedding; an encoder stack of pre-norm layers [T5 LayerNorm (RMS, no bias), self-attention, residual;
 * LayerNorm, FFN, residual]; a decoder stack whose layers add cross-attention over the encoder output between
 * causal self-attention and the FFN; a final LayerNorm per stack; the LM head. No bias anywhere. Attention scores
 * are not scaled by 1/sqrt(d): each stack adds a relative position bias, looked up once (its first layer owns the
 * numBuckets x heads table) and shared by every layer of the stack.
 */
export interface EncoderDecoderSpec extends SpecBase {
  family: 'encoder-decoder';
  /** d_model */
  hiddenSize: number;
  /** encoder layers (num_layers) */
  numLayers: number;
  /** decoder layers (num_decoder_layers) */
  numDecoderLayers: number;
  numHeads: number;
  /** d_kv: the per-head size (heads·headDim need not equal hiddenSize) */
  headDim: number;
  /** d_ff */
  intermediateSize: number;
  /** plain: wi, act, wo ("relu"); gated: act(wi_0)·wi_1, wo ("gated-gelu") */
  mlp: 'gated' | 'plain';
  activation: Activation;
  /** relative_attention_num_buckets */
  relativeBuckets: number;
  vocabSize: number;
  /** the LM head reads the shared embedding table, its input scaled by hiddenSize^-0.5 (T5 v1.0); false: its own matrix (v1.1, Flan-T5) */
  tiedEmbeddings: boolean;
  /** dropout_rate: embedding = after each stack's embedding and final norm, residual = each sub-layer output and the FFN's hidden layer */
  dropout: DropoutSpec;
}

/**
 * Swin Transformer (Liu et al. 2021) as torchvision builds it (swin_t/s/b, v1): a patchify stem (conv k = stride =
 * patchSize, LayerNorm), stages of pre-norm blocks [LayerNorm, window attention over windowSize² tokens with a
 * learned relative position bias per block, the windows shifted by half a window in every second block; LayerNorm,
 * MLP 4C with GELU; stochastic depth on both branches], patch merging (2×2 neighbourhoods to 4C, LayerNorm, Linear
 * 4C → 2C without bias) between stages, a final LayerNorm, global average pool and the classifier.
 */
export interface SwinSpec extends SpecBase {
  family: 'swin';
  /** blocks per stage, e.g. [2, 2, 6, 2] for Swin-T */
  layers: number[];
  /** attention heads of each stage, e.g. [3, 6, 12, 24] */
  heads: number[];
  /** channels of the first stage (96 for Swin-T); stage i has embedDim·2^i */
  embedDim: number;
  /** the stem's kernel and stride (4) */
  patchSize: number;
  /** tokens per window side (7) */
  windowSize: number;
  /** the largest stochastic-depth probability (torchvision: 0.2 T, 0.3 S, 0.5 B), ramped as ConvNeXt's */
  stochasticDepth: number;
  numClasses: number;
  imageSize: number;
  channels: number;
}

/** Anything else: an ordered list of simple layers on an image or a feature vector. */
export type GenericLayer =
  | { type: 'conv2d'; outChannels: number; kernel: number; stride?: number; padding?: number; bias?: boolean; groups?: number }
  | { type: 'linear'; outFeatures: number; bias?: boolean }
  | { type: 'batchnorm' }
  | { type: 'layernorm' }
  | { type: 'activation'; fn: Activation }
  | { type: 'maxpool'; kernel: number; stride?: number; padding?: number }
  | { type: 'avgpool'; kernel: number; stride?: number; padding?: number }
  | { type: 'global-avgpool' }
  | { type: 'flatten' }
  | { type: 'dropout'; p: number };

export interface GenericBlockSpec {
  name: string;
  layers: GenericLayer[];
  /** add the block input to its output (shapes must agree) */
  residual?: boolean;
}

export interface GenericSpec extends SpecBase {
  family: 'generic';
  input: { channels: number; height: number; width: number } | { features: number };
  blocks: GenericBlockSpec[];
  /** classes of the cross-entropy loss on the last output */
  numClasses: number;
}

export type ModelSpec = DecoderSpec | EncoderSpec | EncoderDecoderSpec | VitSpec | ResNetSpec | ConvNextSpec | SwinSpec | GenericSpec;
export type ModelFamily = ModelSpec['family'];
