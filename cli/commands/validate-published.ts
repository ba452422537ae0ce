// `segplan validate --suite published`: planned tokens/s/GPU against published training runs
// (src/validate/published; the table: docs/published-throughput.json, docs/published-throughput.md).
import { UserError } from '../../src/errors.js';
import type { Parsed } from '../args.js';
import { renderTable } from '../format/terminal-table.js';
import { note, print } from '../out.js';
import { atomicWriter, refuseExisting } from '../atomic-write.js';
import { VALIDATION_REPORT_FILES } from './validate.js';
import { relativeError } from '../../src/words.js';

export async function runPublishedSuite(args: Parsed): Promise<number> {
  const caseName = typeof args.flags.case === 'string' ? args.flags.case : undefined;
  // the report holds every row: a part of the table would read as the whole
  if (args.flags.report === true && caseName !== undefined) throw new UserError('--report writes every row of the published suite: drop --case');
  if (args.flags.report === true) await refuseExisting([...VALIDATION_REPORT_FILES], args.flags.force === true);
  const { loadPublishedTable } = await import('../../src/validate/published/table.js');
  const { publishedSummary, runPublished } = await import('../../src/validate/published/run.js');
  const run = runPublished(loadPublishedTable());
  if (args.flags.report === true) {
    const { publishedReport } = await import('../../src/validate/published/report.js');
    const { writePublishedReport } = await import('../../src/validate/report.js');
    const w = writePublishedReport(publishedReport(run), 'reports', atomicWriter(args.flags.force === true));
    note(`wrote ${w.md} and ${w.json}`);
  }
  const results = caseName ? run.results.filter((r) => r.id.includes(caseName)) : run.results;
  const summary = publishedSummary({ results, skipped: run.skipped });
  if (args.flags.json === true) {
    print(JSON.stringify({ suite: 'published', summary, results, skipped: run.skipped }, null, 2));
    return 0;
  }
  const { spreadLine, statsLine: line } = await import('../../src/validate/published/report.js');
  const { publishedAccuracy } = await import('../../src/validate/published/accuracy.js');
  print(
    renderTable({
      title: `Planned vs published training throughput (${results.length} rows planned, ${run.skipped.length} not expressible)`,
      columns: [
        { header: 'row' },
        { header: 'held out' },
        { header: 'tok/s/GPU published', align: 'right' },
        { header: 'planned', align: 'right' },
        { header: 'err', align: 'right' },
      ],
      rows: results.map((r) => [r.id, r.heldOut ? 'yes' : '', String(r.measured), r.predicted.toFixed(0), relativeError(r.error)]),
      notes: [
        line('all', summary.all),
        line('held out', summary.heldOut),
        ...Object.entries(summary.bySource).map(([s, x]) => line(s, x)),
        // the whole suite's spread: what a plan prints (a --case selection would be another spread)
        ...(caseName ? [] : publishedAccuracy(run).byGpu.map((g) => `spread on ${spreadLine(g)} (a plan on that GPU prints this range)`)),
        "Settings a source does not state come from the row's own assumptions (--json lists them per row); rows needing what segplan does not model are skipped (--json says why).",
      ],
    }),
  );
  return 0;
}
