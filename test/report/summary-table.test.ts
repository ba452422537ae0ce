// A plan's summary: a plan that does not fit marks its "fits" row, and offloaded states show their PCIe bytes.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { gib } from '../../src/report/units.js';
import { summaryTable } from '../../src/report/views/plan-tables.js';
import { llama2_7b } from '../graph/specs.js';
import { request } from '../memory/helpers.js';

describe('the summary table of a plan', () => {
  it('marks the "fits" row of a plan that does not fit', () => {
    const t = summaryTable(plan(request(llama2_7b, { microBatch: 64 })));
    const marked = [...(t.warnRows ?? [])];
    expect(marked.map((i) => t.rows[i]![0])).toEqual(['fits']);
  });

  it('shows the bytes offloaded states cross PCIe in a step, and nothing when none are offloaded', () => {
    const offload = plan(request(llama2_7b, { strategy: 'fsdp-offload', gpus: 8, microBatch: 1 }));
    const row = summaryTable(offload).rows.find(([what]) => what === 'host-GPU copies');
    expect(row?.[1]).toContain(`${gib(offload.stages[0]!.pcieBytes)} per GPU per step`);
    expect(summaryTable(plan(request(llama2_7b, { strategy: 'fsdp', gpus: 8, microBatch: 1 }))).rows.some(([what]) => what === 'host-GPU copies')).toBe(false);
  });
});
