// Time-to-train and cost of a training budget at a plan's throughput:
//   seconds   = samples / (samples per second of the whole cluster)
//   GPU-hours = GPUs x seconds / 3600
//   cost      = price per GPU-hour x GPU-hours
// A token budget is whole samples of the plan's sequence length: ceil(tokens / tokens per sample).
import type { Gpu } from '../hardware/types.js';

/** How much training: tokens, samples, or epochs over a dataset of `datasetSize` samples (give one). */
export type TrainingBudget = { tokens: number } | { samples: number } | { epochs: number; datasetSize: number };

export interface TrainingRequest {
  budget: TrainingBudget;
  /** USD per GPU-hour; overrides the GPU catalog's reference price */
  usdPerGpuHour?: number;
}

export interface TrainingEstimate {
  /** the budget as given */
  budget: TrainingBudget;
  samples: number;
  tokens: number;
  /** wall-clock seconds at the plan's throughput (null when the plan has no throughput) */
  seconds: number | null;
  gpuHours: number | null;
  /** the price used, and where it came from ("--price", or the catalog's source and the price's date) */
  price: { usdPerGpuHour: number; source: string; date?: string } | null;
  costUsd: number | null;
}

function samplesOf(budget: TrainingBudget, tokensPerSample: number): number {
  if ('tokens' in budget) return Math.ceil(budget.tokens / tokensPerSample);
  if ('samples' in budget) return budget.samples;
  return budget.epochs * budget.datasetSize;
}

export function trainingEstimate(req: TrainingRequest, gpu: Gpu, gpus: number, tokensPerSample: number, samplesPerSecond: number): TrainingEstimate {
  const samples = samplesOf(req.budget, tokensPerSample);
  const seconds = samplesPerSecond > 0 && Number.isFinite(samplesPerSecond) ? samples / samplesPerSecond : null;
  const gpuHours = seconds === null ? null : (gpus * seconds) / 3600;
  const price =
    req.usdPerGpuHour !== undefined
      ? { usdPerGpuHour: req.usdPerGpuHour, source: '--price' }
      : gpu.price
        ? { usdPerGpuHour: gpu.price.usdPerGpuHour, source: gpu.price.source, date: gpu.price.date }
        : null;
  return {
    budget: req.budget,
    samples,
    tokens: samples * tokensPerSample,
    seconds,
    gpuHours,
    price,
    costUsd: price && gpuHours !== null ? price.usdPerGpuHour * gpuHours : null,
  };
}
