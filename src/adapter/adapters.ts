// The adapter axis of a strategy: what trains inside a training block. One row per adapter; the names a
// request may give (ADAPTER_NAMES in strategy.ts) come from this table.
//
//   none    every weight of a training block trains (full fine-tuning)
//   lora    low-rank adapters beside frozen projections (Hu et al. 2021, PEFT); the frozen base keeps the
//           recipe's weight dtype
//   qlora   LoRA over a base whose linear layers are stored in 4-bit NF4 with double-quantized block constants
//           (Dettmers et al. 2023); embeddings, norms and the LM head stay in the recipe's weight dtype, as
//           bitsandbytes and PEFT leave them
// A request's --base-dtype (recipe, nf4, int8: LLM.int8) replaces the adapter's base storage.

import type { WeightQuant } from '../graph/types.js';
import type { AdapterName } from '../vocabulary.js';

export interface AdapterPolicy {
  name: AdapterName;
  /** low-rank adapters train beside frozen base weights (false: the block's own weights train) */
  lowRank: boolean;
  /** how the base's linear layers (all of them in the layer blocks) are stored; undefined: the recipe's weight dtype */
  baseQuant?: WeightQuant;
}

export const ADAPTERS: Readonly<Record<AdapterName, AdapterPolicy>> = {
  none: { name: 'none', lowRank: false },
  lora: { name: 'lora', lowRank: true },
  qlora: { name: 'qlora', lowRank: true, baseQuant: 'nf4' },
};
