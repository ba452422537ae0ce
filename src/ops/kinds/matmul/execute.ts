// The activation × activation matmul is not run by the validation executor: no graph the suite builds has one
// (attention is its own kind), so there is nothing to measure it against.

import type { NotExecuted } from '../../execute.js';

export const matmulImpl: NotExecuted = {
  notExecuted: 'no validated model has an activation × activation matmul outside attention',
};
