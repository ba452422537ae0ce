// The mixture-of-experts combine is not run by the validation executor: the TensorFlow.js suite has no
// mixture-of-experts model (its tfjs memory is modelled like PyTorch's, index.ts).

import type { NotExecuted } from '../../execute.js';

export const moeCombineImpl: NotExecuted = {
  notExecuted: 'the TensorFlow.js validation runs no mixture-of-experts model',
};
