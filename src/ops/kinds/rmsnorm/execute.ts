// rmsnorm's TensorFlow.js implementation (validation executor): the shared normalisation (../norm-execute.ts).

import type { OpImpl } from '../../execute.js';
import { makeNorm } from '../norm-execute.js';

export const rmsnormImpl = makeNorm('rmsnorm') as OpImpl<'rmsnorm'>;
