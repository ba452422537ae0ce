// Where a plan's precision recipe has no exact setting in the exported framework, the export says so (as a
// comment, or on stderr beside a JSON file) instead of silently writing the nearest switch:
//   accelerate  mixed_precision bf16/fp16 is torch.autocast over fp32 weights (segplan's amp-bf16/amp-fp16);
//               fp8 is Transformer Engine over the weights as loaded (fp32 by default)
//   DeepSpeed   bf16/fp16 keep 16-bit weights with an fp32 master (bf16-mixed); no FP8 switch
//   torchtitan  FSDP2 MixedPrecisionPolicy over fp32 parameters (fsdp-bf16[-fp32reduce]); float8 is torchao's
//               Float8Linear, not Transformer Engine
import type { PrecisionName } from '../vocabulary.js';

export type ExportFormat = 'deepspeed' | 'accelerate' | 'torchtitan';

const MASTER = '16-bit weights with an fp32 master copy (Megatron-LM/DeepSpeed style)';

function accelerateNote(p: PrecisionName): string | undefined {
  switch (p) {
    case 'bf16-mixed':
    case 'bf16-mixed-fp32grads':
      return `precision ${p} has no exact accelerate equivalent: it keeps ${MASTER}, while the mixed_precision bf16 written here is torch.autocast over fp32 weights (segplan's amp-bf16, other memory); for ${p} use --format deepspeed, or plan --precision amp-bf16 for this file`;
    case 'bf16':
      return "precision bf16 (pure 16-bit, no master copy) has no accelerate switch: mixed_precision is 'no'; load the model in bfloat16 yourself (torch_dtype=torch.bfloat16)";
    case 'fp8':
      return "precision fp8 has no exact accelerate equivalent: accelerate's mixed_precision fp8 (Transformer Engine, TE's default recipe written here) keeps the weights in the dtype the model is loaded in (fp32 by default), while the plan counts bf16 weights with an fp32 master; the FP8 copies and scaling state are as planned";
    default:
      return undefined;
  }
}

function deepspeedNote(p: PrecisionName): string | undefined {
  if (p !== 'fp8') return undefined;
  return "precision fp8: DeepSpeed's config has no FP8 switch; its bf16 mode (written) holds the planned bf16 weights and fp32 master, and the linear layers must be Transformer Engine te.Linear run under te.fp8_autocast in the model code (accelerate's mixed_precision fp8 with DeepSpeed does this)";
}

function torchtitanNote(p: PrecisionName): string | undefined {
  switch (p) {
    case 'bf16-mixed':
      return `precision bf16-mixed has no exact torchtitan equivalent: torchtitan keeps fp32 parameters and computes in bf16 (segplan's fsdp-bf16-fp32reduce, written here), bf16-mixed keeps ${MASTER}; for bf16-mixed use --format deepspeed`;
    case 'fp8':
      return "precision fp8: torchtitan's float8 converter is torchao's Float8Linear (dynamic tensor-wise scaling, no amax history), not Transformer Engine: it keeps each linear's bf16 input for backward and leaves the output layer in bf16, and its parameters are fp32 (fsdp-bf16-fp32reduce's states), so its memory differs from the plan";
    default:
      return undefined;
  }
}

/** The note an export of a plan with precision `p` carries, if its format has no exact equivalent. */
export function precisionNotes(p: PrecisionName, format: ExportFormat): string[] {
  const note = format === 'accelerate' ? accelerateNote(p) : format === 'deepspeed' ? deepspeedNote(p) : torchtitanNote(p);
  return note === undefined ? [] : [note];
}
