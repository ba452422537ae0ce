// validate --suite published: every expressible row of the published-throughput table is planned with the
// row's own settings; the suite reports the error, it does not assert accuracy (the time model is not yet
// judged against these rows: issue 17).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadPublishedTable } from '../../src/validate/published/table.js';
import { type PublishedReport, renderPublishedSection } from '../../src/validate/published/report.js';
import { publishedRequest, publishedSummary, runPublished } from '../../src/validate/published/run.js';
import { segplan, stderrLines } from '../cli/run.js';

const table = loadPublishedTable();

describe('validate --suite published', () => {
  const run = runPublished(table);

  it('plans >= 20 rows from >= 3 sources, each with a finite positive prediction, and says why it skips the rest', () => {
    expect(run.results.length).toBeGreaterThanOrEqual(20);
    expect(new Set(run.results.map((r) => r.source)).size).toBeGreaterThanOrEqual(3);
    for (const r of run.results) expect({ id: r.id, ok: Number.isFinite(r.predicted) && r.predicted > 0 }).toEqual({ id: r.id, ok: true });
    expect(run.results.length + run.skipped.length).toBe(table.rows.length);
    for (const s of run.skipped) expect(s.why.length).toBeGreaterThan(0);
  });

  it("keeps each row's held-out flag and its published number untouched", () => {
    const byId = new Map(table.rows.map((r) => [r.id, r]));
    for (const r of run.results) {
      const row = byId.get(r.id)!;
      expect(r.heldOut).toBe(row.heldOut);
      expect(r.measured).toBe(row.measured.tokensPerSecPerGpu);
    }
    const s = publishedSummary(run);
    expect(s.heldOut.rows).toBe(run.results.filter((r) => r.heldOut).length);
  });

  it("uses a row's assumption only where its source is silent, and plans the published settings otherwise", () => {
    for (const row of table.rows) {
      const r = publishedRequest(row, table);
      if ('why' in r) continue;
      expect(r.request.microBatch).toBe(row.microBatch);
      expect(r.request.gpus).toBe(row.hardware.gpus);
      if (row.seqLen !== null) expect(r.request.seqLen).toBe(row.seqLen);
      else expect(r.assumed.some((a) => a.startsWith(`sequence ${row.assumptions.seqLen!.value}`))).toBe(true);
    }
  });

  it("plans each row with its run's attention kernel, and skips a kernel with no published speed on the row's GPU", () => {
    for (const row of table.rows) {
      const r = publishedRequest(row, table);
      const stated = row.assumptions.attentionKernel?.value;
      if ('why' in r) {
        // MosaicML's H100 runs with attn_impl triton: FlashAttention in Triton has no published H100 figure
        if (row.waitsFor.length === 0 && stated === 'triton' && row.hardware.segplanGpu === 'h100-sxm') expect(r.why).toMatch(/no published speed/);
        continue;
      }
      expect(r.request.flashKernel, row.id).toBe(stated ?? 'fa2');
      expect(
        r.assumed.some((a) => a.startsWith('attention kernel ')),
        row.id,
      ).toBe(true);
    }
    // the sweep scripts behind MosaicML's tables: attn_impl triton by default; the large-scale sweep passes flash
    // (FlashAttention-2) for 1b, 3b, 7b and 70b
    const mpt = table.rows.filter((r) => r.source.id === 'llm-foundry-mpt-benchmarks');
    expect(mpt.every((r) => r.assumptions.attentionKernel !== undefined)).toBe(true);
    const fa2 = mpt.filter((r) => r.assumptions.attentionKernel!.value === 'fa2').map((r) => r.model);
    expect(new Set(fa2)).toEqual(new Set(['mpt-1b-benchmark', 'mpt-3b-benchmark', 'mpt-7b-benchmark', 'mpt-70b-benchmark']));
    expect(fa2).toHaveLength(12);
  });

  it("plans each row with its run's loss kernel and norm code, as the source's model code says", () => {
    for (const row of table.rows) {
      const r = publishedRequest(row, table);
      if ('why' in r) continue;
      expect(r.request.loss ?? 'plain', row.id).toBe(row.assumptions.loss?.value ?? 'plain');
      expect(r.request.runtime, row.id).toBe(row.assumptions.modelCode?.value ?? 'pytorch');
      if (row.assumptions.loss) expect(r.assumed.some((a) => a.startsWith('loss '))).toBe(true);
      if (row.assumptions.modelCode) expect(r.assumed.some((a) => a.startsWith('model code '))).toBe(true);
    }
    // every MosaicML table's model code defaults loss_fn to fused_crossentropy
    const mpt = table.rows.filter((r) => r.source.id === 'llm-foundry-mpt-benchmarks');
    expect(mpt.every((r) => r.assumptions.loss?.value === 'fused')).toBe(true);
    // the op-by-op RMSNorm: fms-fsdp without torch.compile, torchtitan's 70B configs (norm_type "rmsnorm")
    const eager = table.rows.filter((r) => r.assumptions.modelCode?.value === 'pytorch-hf-eager').map((r) => r.id);
    expect(eager.filter((id) => id.startsWith('fms-fsdp-compile'))).toEqual([]);
    expect(table.rows.filter((r) => r.source.id === 'fms-fsdp-readme-2024-03').every((r) => eager.includes(r.id))).toBe(true);
    expect(eager.filter((id) => id.startsWith('torchtitan')).every((id) => id.includes('70b'))).toBe(true);
  });

  it('prints the comparison with the error over all rows, the held-out rows and each source', async () => {
    const r = await segplan(['validate', '--suite', 'published', '--case', 'fms-fsdp']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^held out: \d+ rows, mean absolute error/m);
    // four rows at full shard, two with HSDP (hybrid sharding)
    expect(r.stdout).toMatch(/^fms-fsdp-readme-2024-03: 6 rows/m);
    // the report holds every row: a part of the table is refused in one line
    const rep = await segplan(['validate', '--suite', 'published', '--report', '--case', 'fms-fsdp']);
    expect(rep.code).toBe(2);
    expect(stderrLines(rep)).toEqual(['segplan: error: --report writes every row of the published suite: drop --case']);
  });

  it('reports/validation.md holds the comparison of this engine: regenerate it with validate --suite published --report --force', () => {
    const report = JSON.parse(readFileSync(new URL('../../reports/validation.json', import.meta.url), 'utf8')) as { published?: PublishedReport };
    expect(report.published).toBeDefined();
    const written = new Map(report.published!.results.map((r) => [r.id, r.predicted]));
    expect([...written.keys()]).toEqual(run.results.map((r) => r.id));
    for (const r of run.results) expect(Math.abs(written.get(r.id)! / r.predicted - 1), r.id).toBeLessThan(1e-9);
    expect(report.published!.skipped).toEqual(run.skipped);
    const md = readFileSync(new URL('../../reports/validation.md', import.meta.url), 'utf8');
    expect(md).toContain(renderPublishedSection(report.published!).join('\n'));
  });
});
