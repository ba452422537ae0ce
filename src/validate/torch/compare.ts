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

/** What the harness reports for one case (harness/torch_harness.py, `measure`). */
export interface TorchMeasured {
  params: number;
  trainableParams: number;
  paramBytes: number;
  optimizerStateBytes: number;
  batchBytes: number;
  /** bytes alive when the measured step starts (parameters, buffers, optimizer state, batch) */
  liveAtStepStart: number;
  /** peak of live bytes over the step: allocator events (CPU) or max_memory_allocated (CUDA) */
  peakBytes: number;
  /** CUDA's max_memory_reserved; null on CPU */
  reservedBytes: number | null;
  /** unique storages autograd saved for backward (parameters and the batch excluded) */
  savedBytes: number;
  flops: PhaseTotals;
  stepSeconds: number;
  /** bytes opt.step() allocated beyond what was live when it started (null: no optimizer; absent: older harness) */
  optimizerStepTransient?: number | null;
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
  /** (predicted − measured) / measured; null when not predicted */
  errors: {
    peakBytes: number;
    savedBytes: number;
    flopsExact: boolean;
    paramsEqual: boolean;
    /** of the optimizer step's temporaries; null when the case has no optimizer or the harness did not measure them */
    optimizerStepTransient: number | null;
  } | null;
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

export function compareTorchCase(c: TorchCase, measured: TorchMeasured, env: TorchEnvironment): TorchCaseResult {
  const backend = env.device === 'cuda' ? 'torch-cuda' : 'torch';
  if (!c.predicted) return { name: c.name, backend, case: c, predicted: null, measured, errors: null };
  const predicted = predictTorchCase(c, env.torch, env.device);
  const pf = predicted.flops;
  const mf = measured.flops;
  return {
    name: c.name,
    backend,
    case: c,
    predicted,
    measured,
    errors: {
      peakBytes: relativeDifference(predicted.peakBytes, measured.peakBytes),
      savedBytes: relativeDifference(predicted.savedBytes, measured.savedBytes),
      flopsExact: pf.forward === mf.forward && pf.inputGrad === mf.inputGrad && pf.weightGrad === mf.weightGrad && pf.recompute === mf.recompute,
      paramsEqual: predicted.params === measured.params,
      optimizerStepTransient:
        measured.optimizerStepTransient == null ? null : relativeDifference(predicted.optimizerStepTransient, measured.optimizerStepTransient),
    },
  };
}
