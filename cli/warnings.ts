// Input that is legal but suspicious: the plan is computed, and one warning line on standard error says what to
// check. (Each distinct warning is printed once per command, however many plans a sweep makes.)
import type { PlanRequest } from '../src/plan/types.js';
import type { ScheduleName, StrategyName } from '../src/vocabulary.js';
import { strategyAxes } from '../src/strategy/strategy.js';
import { DEFAULT_FLASH_KERNEL, FLASH_KERNEL_WORDS } from '../src/time/attention-efficiency.js';
import { attentionTiming } from '../src/time/efficiency.js';
import type { Parsed } from './args.js';
import { parameterByFlag, type JobParameter } from '../src/job/parameters.js';
import { SEGPROP_FLAGS, TRAINING_FLAGS } from './plan-flags.js';

/**
 * Warnings about one request: a sequence beyond the positions a rotary model was trained with; a flash kernel chosen
 * for unfused attention, or one with no published speed on the GPU.
 */
export function requestWarnings(req: PlanRequest): string[] {
  const m = req.model;
  const out: string[] = [];
  // learned positions and encoders are refused by the engine; rotary positions run, but beyond the trained length
  if (m.family === 'decoder' && m.positions === 'rotary' && req.seqLen > m.maxPositions) {
    out.push(
      `--seq-len ${req.seqLen} is beyond ${m.name}'s ${m.maxPositions} positions (max_position_embeddings): ` +
        'rotary positions run past them, but the model was not trained there; memory and time are planned as asked',
    );
  }
  // the default kernel is not the user's choice: only a kernel asked for is worth a word
  const kernel = req.flashKernel;
  if (kernel !== undefined && kernel !== DEFAULT_FLASH_KERNEL) {
    // where the engine takes the attention speed from (a calibration's measurement stands in for any published figure)
    const timing = attentionTiming(req.gpu.id, req.precision, kernel, req.calibration);
    if (req.attention !== 'flash')
      out.push(`--flash-kernel ${kernel} is ignored: it chooses the kernel of --attention flash, and attention is ${req.attention}`);
    else if (timing === 'dense-peak')
      out.push(`--flash-kernel ${kernel} is ignored: its published speeds are 16-bit, and under --precision fp32 every kernel runs at the dense fp32 peak`);
    else if (timing === 'large-gemm') {
      out.push(
        `--flash-kernel ${kernel}: ${FLASH_KERNEL_WORDS[kernel]} has no published speed on ${req.gpu.id}; attention is timed at the large-GEMM rate (a lower bound)`,
      );
    }
  }
  return out;
}

/** The schedules with flags of their own: the flags only their plans read, and the schedule's name in words. */
const LAYOUT_FLAGS: readonly { schedule: ScheduleName; title: string; reads: (p: JobParameter) => boolean }[] = [
  { schedule: 'segprop', title: 'SegProp', reads: (p) => p.segpropOnly === true },
  { schedule: 'badam', title: 'BAdam', reads: (p) => p.field.startsWith('badam.') },
  { schedule: 'lisa', title: 'LISA', reads: (p) => p.field.startsWith('lisa.') },
];

/** A schedule's own flags (SegProp's with `--steps-per-stage`) the user typed or swept while no plan has that schedule. */
export function ignoredFlagWarnings(args: Parsed, strategies: StrategyName[], varied: string[] = []): string[] {
  if (varied.includes('schedule')) return [];
  const schedule = args.flags.schedule as ScheduleName | undefined;
  const planned = new Set(strategies.map((strategy) => strategyAxes({ strategy, ...(schedule ? { schedule } : {}) }).schedule));
  const out: string[] = [];
  for (const layout of LAYOUT_FLAGS) {
    if (planned.has(layout.schedule)) continue;
    // in the order --help lists them
    const names = [...SEGPROP_FLAGS, ...TRAINING_FLAGS].map((f) => f.name).filter((n) => layout.reads(parameterByFlag(n)!));
    const typed = names.filter((n) => args.given.has(n)).map((n) => `--${n}`);
    const swept = names.filter((n) => varied.includes(n)).map((n) => `--vary ${n}`);
    const ignored = [...typed, ...swept];
    if (ignored.length === 0) continue;
    out.push(
      `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored: ${ignored.length === 1 ? 'it applies' : 'they apply'} to ${layout.title} only, and ${strategies.join(', ')} ${strategies.length === 1 ? 'is' : 'are'} planned`,
    );
  }
  return out;
}

/** A Hugging Face config without some of the keys that set the model's size. */
export function defaultedKeysWarning(file: string, keys: string[]): string {
  return `${file}: ${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'} missing; the architecture's default${keys.length === 1 ? ' is' : 's are'} assumed (check that this is the model you mean)`;
}
