// PlanResult for --json: the engine's object, with byte counts as exact integers (a byte is not divisible;
// the engine's formulas may carry fractions from factors such as 1.5). Nothing else is changed.
import type { MemoryBreakdown, PlanResult } from '../plan/types.js';

const BYTE_FIELDS: Array<keyof MemoryBreakdown> = [
  'peakBytes',
  'allocatedBytes',
  'reservedBytes',
  'heldBytes',
  'weights',
  'gradients',
  'optimizer',
  'activations',
  'transient',
  'gather',
  'buffers',
  'overhead',
  'hostBytes',
];

export function planJson(r: PlanResult): PlanResult {
  return {
    ...r,
    peakBytes: Math.ceil(r.peakBytes),
    allocatedBytes: Math.ceil(r.allocatedBytes),
    heldBytes: Math.ceil(r.heldBytes),
    settings: {
      ...r.settings,
      gpuMemoryBytes: Math.floor(r.settings.gpuMemoryBytes),
      hostMemoryBytes: Math.floor(r.settings.hostMemoryBytes),
    },
    stages: r.stages.map((st) => {
      const memory = { ...st.memory };
      for (const k of BYTE_FIELDS) memory[k] = Math.ceil(memory[k]);
      return { ...st, memory };
    }),
  };
}
