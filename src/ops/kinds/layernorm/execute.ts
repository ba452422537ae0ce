// layernorm's TensorFlow.js implementation (validation executor): the shared normalisation (../norm-execute.ts).

import type { OpImpl } from '../../execute.js';
import { makeNorm } from '../norm-execute.js';

export const layernormImpl = makeNorm('layernorm') as OpImpl<'layernorm'>;
