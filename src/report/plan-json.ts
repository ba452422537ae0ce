// PlanResult for --json: the engine's object, with byte counts as exact integers (a byte is not divisible;
// the engine's formulas may carry fractions from factors such as 1.5). Nothing else is changed.
import type { MemoryBreakdown, PlanResult, StagePlan } from '../plan/types.js';
import type { BlockRole } from '../strategy/roles.js';
import { rolesOf } from '../strategy/stage-runs.js';

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

/** A stage as --json prints it: its role spans expanded to the role of every block, bytes as integers. */
export type StageJson = Omit<StagePlan, 'spans'> & { roles: BlockRole[] };
export type PlanJson = Omit<PlanResult, 'stages'> & { stages: StageJson[] };

/** The plan's own byte counts as --json prints them. */
function roundedTotals(r: PlanResult): Pick<PlanResult, 'peakBytes' | 'allocatedBytes' | 'heldBytes' | 'settings'> {
  return {
    peakBytes: Math.ceil(r.peakBytes),
    allocatedBytes: Math.ceil(r.allocatedBytes),
    heldBytes: Math.ceil(r.heldBytes),
    settings: {
      ...r.settings,
      gpuMemoryBytes: Math.floor(r.settings.gpuMemoryBytes),
      hostMemoryBytes: Math.floor(r.settings.hostMemoryBytes),
    },
  };
}

/** The plan's own fields as --json prints them, without its stages (CSV summary rows need no more). */
export function planTotalsJson(r: PlanResult): Omit<PlanResult, 'stages'> {
  const { stages: _stages, ...totals } = r;
  return { ...totals, ...roundedTotals(r) };
}

/** A stage's memory breakdown with its byte counts as integers. */
export function roundedMemory(st: StagePlan): MemoryBreakdown {
  const memory = { ...st.memory };
  for (const k of BYTE_FIELDS) memory[k] = Math.ceil(memory[k]);
  return memory;
}

function stageJson(st: StagePlan): StageJson {
  const { index, name, spans, ...rest } = st;
  // the spans cover every block in order, so the last one ends at the block count
  return { index, name, roles: rolesOf(spans, spans[spans.length - 1]?.to ?? 0), ...rest, memory: roundedMemory(st) };
}

/** (spreading the plan first keeps its keys in their order) */
export function planJson(r: PlanResult): PlanJson {
  return { ...r, ...roundedTotals(r), stages: r.stages.map(stageJson) };
}
