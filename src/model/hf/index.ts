// importHfConfig: a Hugging Face config.json to a ModelSpec, by architectures[0] (else model_type).
import { SpecError } from '../../errors.js';
import type { ModelSpec } from '../types.js';
import { validateSpec } from '../validate.js';
import { mapBert } from './bert.js';
import { mapConvNext } from './convnext.js';
import { mapDeepseek } from './deepseek.js';
import { mapGemma } from './gemma.js';
import { mapGpt2 } from './gpt2.js';
import { mapLlama } from './llama.js';
import { mapMistral } from './mistral.js';
import { mapMixtral } from './mixtral.js';
import { mapPhi3 } from './phi3.js';
import { mapQwen2 } from './qwen2.js';
import { mapQwen2Moe } from './qwen2-moe.js';
import { HfReader, type HfJson } from './reader.js';
import { mapResNet } from './resnet.js';
import { mapSwin } from './swin.js';
import { mapT5 } from './t5.js';
import { mapVit } from './vit.js';

type Base = { name: string; source: string };
type Mapper = (r: HfReader, base: Base) => ModelSpec;

const MAPPERS: Record<string, Mapper> = {
  LlamaForCausalLM: mapLlama,
  MistralForCausalLM: mapMistral,
  Qwen2ForCausalLM: mapQwen2,
  MixtralForCausalLM: mapMixtral,
  Qwen2MoeForCausalLM: mapQwen2Moe,
  DeepseekForCausalLM: mapDeepseek,
  GemmaForCausalLM: mapGemma,
  Phi3ForCausalLM: mapPhi3,
  GPT2LMHeadModel: mapGpt2,
  BertModel: (r, b) => mapBert(r, b, 'BertModel'),
  BertForMaskedLM: (r, b) => mapBert(r, b, 'BertForMaskedLM'),
  BertForSequenceClassification: (r, b) => mapBert(r, b, 'BertForSequenceClassification'),
  ViTModel: (r, b) => mapVit(r, b, 'ViTModel'),
  ViTForImageClassification: (r, b) => mapVit(r, b, 'ViTForImageClassification'),
  ResNetForImageClassification: mapResNet,
  ConvNextForImageClassification: mapConvNext,
  SwinForImageClassification: mapSwin,
  T5ForConditionalGeneration: mapT5,
  T5WithLMHeadModel: mapT5,
};

/** Architecture assumed when a config has no `architectures` list: the base model of each model_type. */
const BY_MODEL_TYPE: Record<string, string> = {
  llama: 'LlamaForCausalLM',
  mistral: 'MistralForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
  mixtral: 'MixtralForCausalLM',
  qwen2_moe: 'Qwen2MoeForCausalLM',
  deepseek: 'DeepseekForCausalLM',
  gemma: 'GemmaForCausalLM',
  phi3: 'Phi3ForCausalLM',
  gpt2: 'GPT2LMHeadModel',
  bert: 'BertModel',
  vit: 'ViTModel',
  resnet: 'ResNetForImageClassification',
  convnext: 'ConvNextForImageClassification',
  swin: 'SwinForImageClassification',
  t5: 'T5ForConditionalGeneration',
};

export function supportedArchitectures(): string[] {
  return Object.keys(MAPPERS);
}

/** True when parsed JSON looks like a Hugging Face config rather than a segplan spec. */
export function isHfConfig(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !('family' in json) && ('architectures' in json || 'model_type' in json);
}

function architecture(json: HfJson, file: string): string {
  const archs = json.architectures;
  if (archs !== undefined && archs !== null) {
    if (!Array.isArray(archs) || archs.length === 0 || typeof archs[0] !== 'string') {
      throw new SpecError(file, '/architectures', 'must be a non-empty list of architecture names');
    }
    if (!Object.hasOwn(MAPPERS, archs[0])) {
      throw new SpecError(file, '/architectures', `unsupported architecture "${archs[0]}" (supported: ${supportedArchitectures().join(', ')})`);
    }
    return archs[0];
  }
  const type = json.model_type;
  if (typeof type === 'string' && Object.hasOwn(BY_MODEL_TYPE, type)) return BY_MODEL_TYPE[type]!;
  throw new SpecError(
    file,
    '/model_type',
    `unsupported model_type ${JSON.stringify(type)} and no "architectures" (supported model types: ${Object.keys(BY_MODEL_TYPE).join(', ')})`,
  );
}

/**
 * Map a parsed config.json to a validated ModelSpec; `file` names the config in errors, `origin` (default: the
 * file) says where it came from in `source`. Size keys the config lacks (read as the architecture's defaults)
 * are added to `defaulted` when given.
 */
export function importHfConfig(json: unknown, file: string, defaulted?: string[], origin = `Hugging Face config ${file}`): ModelSpec {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SpecError(file, '', 'a Hugging Face config must be a JSON object');
  }
  const arch = architecture(json as HfJson, file);
  const r = new HfReader(json as HfJson, file);
  const spec = MAPPERS[arch]!(r, { name: r.name(), source: `${origin} (${arch})` });
  defaulted?.push(...r.defaulted);
  return validateSpec(spec, file);
}
