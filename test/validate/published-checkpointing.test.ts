// How the published rows' checkpointing maps onto segplan's policies: torchtitan's op-level as `torchtitan-op`, every n-th layer as full
// checkpointing with checkpointEvery n when n is published, a source silent on the mode only through the row's
// stated assumption, and anything else skipped with why.
import { describe, expect, it } from 'vitest';
import { loadPublishedTable, type PublishedRow } from '../../src/validate/published/table.js';
import { publishedRequest } from '../../src/validate/published/run.js';

const table = loadPublishedTable();
const rowsOf = (kind: string) => table.rows.filter((r) => r.activationCheckpointing.kind === kind && r.waitsFor.length === 0 && r.hardware.segplanGpu);

describe("published rows' checkpointing", () => {
  it('plans torchtitan\'s "selective op" rows with torchtitan\'s op-level policy', () => {
    const rows = rowsOf('selective-op');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      const r = publishedRequest(row, table);
      if ('why' in r) throw new Error(`${row.id}: ${r.why}`);
      expect(r.request.checkpointing).toBe('torchtitan-op');
    }
  });

  it('skips every-n-th-layer rows whose n is not published, and plans one whose n is as checkpointEvery n', () => {
    const rows = rowsOf('selective-layer');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const r = publishedRequest(row, table);
      expect('why' in r && r.why).toMatch(/n is not published/);
      const withN: PublishedRow = { ...row, activationCheckpointing: { ...row.activationCheckpointing, everyNth: 2 } };
      const planned = publishedRequest(withN, table);
      if ('why' in planned) continue; // skipped for another reason (its sharding, its model)
      expect(planned.request.checkpointing).toBe('full');
      expect(planned.request.checkpointEvery).toBe(2);
    }
  });

  it("reads a silent source's mode from the row's assumption only, and lists it", () => {
    for (const row of table.rows.filter((r) => r.activationCheckpointing.kind === 'selective')) {
      const onH100 = { ...row, hardware: { ...row.hardware, segplanGpu: 'h100-sxm' }, waitsFor: [] };
      const r = publishedRequest(onH100, table);
      if (!row.assumptions.activationCheckpointing) {
        expect('why' in r).toBe(true);
        continue;
      }
      if ('why' in r) continue;
      expect(r.assumed.some((a) => a.startsWith(`checkpointing ${row.assumptions.activationCheckpointing!.value}`))).toBe(true);
    }
  });
});
