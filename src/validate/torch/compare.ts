// Predicted vs measured for the PyTorch cases: the engine plans each case's stage (same graph, roles,
// checkpointing, optimizer) with the PyTorch runtime profile of the device that ran it, and the harness's
// measurements (harness/torch_harness.py) are set beside the prediction.

import { countParams } from '../../cost/params.js';
import { trainableTensors } from '../../precision/param-tensors.js';
import { precisionPolicy } from '../../precision/precision.js';
import { stageRuns } from '../../strategy/stage-runs.js';
import type { PhaseTotals } from '../measure/flops.js';
import { predict, type Prediction } from '../predict.js';
import { torchRuntimeProfile, type TorchDevice } from './profile.js';
import { caseRecipe } from './recipe.js';
import { caseGraph, type TorchCase } from './suite.js';
import { relativeDifference } from '../relative.js';
import { gpuByDeviceName } from '../../hardware/lookup.js';
import type { Calibration } from '../../time/calibration.js';
import { attentionKernelOf, type KernelCategory, type KernelProfile, kernelSecondsByCategory } from './kernel-categories.js';
import { type PlannedStepTime, plannedStepTime } from './step-time.js';

/** What the harness reports for one case (harness/torch_harness.py, `measure`). */
export interface TorchMeasured {
  params: number;
  trainableParams: number;
  paramBytes: number;
  optimizerStateBytes: number;
  batchBytes: number;
  /** bytes alive when the measured step starts (parameters, buffers, optimizer state, batch) */
  liveAtStepStart: number;
  /** CUDA: torch.cuda.memory_allocated() then: those tensors plus the runtime's own allocations (cuBLAS workspaces); absent: CPU or an older harness */
  allocatedAtStepStart?: number;
  /** peak of live bytes over the step: allocator events (CPU) or max_memory_allocated (CUDA) */
  peakBytes: number;
  /** CUDA's max_memory_reserved; null on CPU */
  reservedBytes: number | null;
  /** unique storages autograd saved for backward (parameters and the batch excluded) */
  savedBytes: number;
  flops: PhaseTotals;
  /** wall seconds of a step between synchronisations: the median of `stepSecondsEach` when several were timed */
  stepSeconds: number;
  stepSecondsEach?: number[];
  /** CUDA: the kernels of one more step under torch.profiler (or why they could not be read) */
  kernels?: KernelProfile | { error: string };
  /** bytes opt.step() allocated beyond what was live when it started (null: no optimizer; absent: older harness) */
  optimizerStepTransient?: number | null;
}

/**
 * What the runtime itself holds in CUDA's caching allocator (cuBLAS's and cuBLASLt's workspaces, kept per handle and
 * stream once a GEMM ran), measured when the step starts: the allocator's count less the step's live tensors. The
 * engine plans tensors; the comparison sets its peak beside the measured peak less this. 0 on the CPU.
 */
export function runtimeAllocatedBytes(m: TorchMeasured): number {
  return m.allocatedAtStepStart === undefined ? 0 : Math.max(0, m.allocatedAtStepStart - m.liveAtStepStart);
}

/** The measured peak of tensors: the allocator's peak less the runtime's own allocations. */
export function tensorPeakBytes(m: TorchMeasured): number {
  return m.peakBytes - runtimeAllocatedBytes(m);
}

/** A planned step time beside the measured one: its components before overlap (src/time/step-time.ts), kept in a report. */
export type PlannedTime = Pick<PlannedStepTime, 'seconds' | 'compute' | 'kernels' | 'memory' | 'optimizer' | 'basis'>;

/** Step time of a case timed over several steps on a catalog GPU: measured, and planned with the default figures and with a calibration. */
export interface TorchStepTime {
  gpu: string;
  /** the median step of `steps` timed */
  measured: number;
  steps: number;
  /** the measured step's kernels by category (device seconds) and its wall time under the profiler */
  kernels: (Record<KernelCategory, number> & { wallSeconds: number }) | null;
  planned: PlannedTime;
  calibrated: PlannedTime | null;
  /** (planned − measured) / measured */
  errors: { planned: number; calibrated: number | null };
}

export interface TorchEnvironment {
  torch: string;
  torchvision: string | null;
  device: TorchDevice;
  threads: number;
  gpu?: string;
}

export interface TorchCaseResult {
  name: string;
  backend: 'torch' | 'torch-cuda';
  case: TorchCase;
  /** null: measured only (the engine has no prediction for this recipe yet) */
  predicted: (Prediction & { params: number; optimizerStepTransient: number }) | null;
  measured: TorchMeasured;
  /** (predicted − measured) / measured (peak: the measured peak of tensors, tensorPeakBytes); null when not predicted */
  errors: {
    peakBytes: number;
    savedBytes: number;
    flopsExact: boolean;
    paramsEqual: boolean;
    /** of the optimizer step's temporaries; null when the case has no optimizer or the harness did not measure them */
    optimizerStepTransient: number | null;
  } | null;
  /** cases timed over several steps on a GPU the catalog knows (the gpu suite); absent otherwise */
  stepTime?: TorchStepTime;
}

export function predictTorchCase(c: TorchCase, torchVersion: string, device: TorchDevice): Prediction & { params: number; optimizerStepTransient: number } {
  const graph = caseGraph(c);
  const roles = c.blocks.map((b) => b.role);
  const profile = torchRuntimeProfile(torchVersion, c.model.spec, device);
  const recipe = caseRecipe(c, profile);
  const p = predict(graph, roles, c.checkpoint, c.microBatch, null, 0, profile, recipe);
  // the transient the timeline's optimizer event carries (one replicated GPU)
  const optimizerStepTransient = recipe.optimizer.stepTransientBytes(precisionPolicy(c.precision), trainableTensors(graph, stageRuns(graph, roles)));
  return { ...p, params: countParams(graph).total, optimizerStepTransient };
}

function plannedTime(t: PlannedStepTime): PlannedTime {
  return { seconds: t.seconds, compute: t.compute, kernels: t.kernels, memory: t.memory, optimizer: t.optimizer, basis: t.basis };
}

/** The step time of a case timed over several steps on a GPU the catalog names (null otherwise: the small suites' steps are launch-bound). */
function stepTimeOf(c: TorchCase, measured: TorchMeasured, env: TorchEnvironment, calibration?: Calibration): TorchStepTime | null {
  const gpu = env.device === 'cuda' && env.gpu !== undefined ? gpuByDeviceName(env.gpu) : undefined;
  if (gpu === undefined || (c.timedSteps ?? 1) < 2) return null;
  const k = measured.kernels;
  // the attention kernel SDPA picked, as the step's profile names it (PyTorch 2.11 on an H200: cuDNN's)
  const flashKernel = k && 'kernels' in k ? attentionKernelOf(k) : undefined;
  const planned = plannedTime(plannedStepTime(c, env.torch, gpu, undefined, flashKernel));
  const calibrated = calibration ? plannedTime(plannedStepTime(c, env.torch, gpu, calibration, flashKernel)) : null;
  return {
    gpu: gpu.id,
    measured: measured.stepSeconds,
    steps: measured.stepSecondsEach?.length ?? 1,
    kernels: k && 'kernels' in k ? { ...kernelSecondsByCategory(k), wallSeconds: k.wallSeconds } : null,
    planned,
    calibrated,
    errors: {
      planned: relativeDifference(planned.seconds, measured.stepSeconds),
      calibrated: calibrated ? relativeDifference(calibrated.seconds, measured.stepSeconds) : null,
    },
  };
}

/** `calibration`: measured on the GPU that ran the cases; planned step times are then also given with it. */
export function compareTorchCase(c: TorchCase, measuredAsRead: TorchMeasured, env: TorchEnvironment, calibration?: Calibration): TorchCaseResult {
  const backend = env.device === 'cuda' ? 'torch-cuda' : 'torch';
  // the profile's kernel list is summed by category in stepTime; the result keeps the sums, not the list
  const { kernels: _list, ...measured } = measuredAsRead;
  const stepTime = stepTimeOf(c, measuredAsRead, env, calibration);
  const timed = stepTime ? { stepTime } : {};
  if (!c.predicted) return { name: c.name, backend, case: c, predicted: null, measured, errors: null, ...timed };
  const predicted = predictTorchCase(c, env.torch, env.device);
  const pf = predicted.flops;
  const mf = measured.flops;
  return {
    ...timed,
    name: c.name,
    backend,
    case: c,
    predicted,
    measured,
    errors: {
      peakBytes: relativeDifference(predicted.peakBytes, tensorPeakBytes(measured)),
      savedBytes: relativeDifference(predicted.savedBytes, measured.savedBytes),
      flopsExact: pf.forward === mf.forward && pf.inputGrad === mf.inputGrad && pf.weightGrad === mf.weightGrad && pf.recompute === mf.recompute,
      paramsEqual: predicted.params === measured.params,
      optimizerStepTransient:
        measured.optimizerStepTransient == null ? null : relativeDifference(predicted.optimizerStepTransient, measured.optimizerStepTransient),
    },
  };
}
