// A PyTorch case's recipe in the engine's terms: the optimizer as the torch version that ran it implements it,
// the precision, the checkpointed layers and the attention kernel (SDPA: the fused kernel the engine calls flash).
import { optimizerPolicy, type OptimizerPolicy } from '../../precision/optimizer.js';
import type { CaseRecipe } from '../predict.js';
import type { AttentionImpl } from '../../vocabulary.js';
import type { TorchRuntime } from './profile.js';
import type { TorchCase } from './suite.js';

function optimizerOf(c: TorchCase): OptimizerPolicy {
  if (c.optimizer === 'sgd') return optimizerPolicy('sgd');
  return optimizerPolicy('adamw', c.optimizer === 'adamw-loop' ? 'loop' : c.optimizer === 'adamw-fused' ? 'fused' : 'foreach');
}

export function caseRecipe(c: TorchCase, profile: TorchRuntime): CaseRecipe & { optimizer: OptimizerPolicy; attention: AttentionImpl } {
  return {
    optimizer: profile.optimizer(optimizerOf(c)),
    precision: c.precision,
    ...(c.checkpointEvery ? { checkpointEvery: c.checkpointEvery } : {}),
    attention: c.model.attention === 'sdpa' ? 'flash' : 'math',
  };
}
