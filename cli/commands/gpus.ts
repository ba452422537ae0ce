// segplan gpus: the built-in GPU catalog (figures and their sources in models/hardware/gpus.json).
import type { Command } from '../command.js';
import { renderTable } from '../format/terminal-table.js';
import { print } from '../out.js';

export const command: Command = {
  spec: {
    name: 'gpus',
    summary: 'List the built-in GPUs: memory, dense peak FLOP/s, memory and link bandwidth.',
    positionals: [],
    flags: [{ name: 'json', kind: 'boolean', default: false, help: 'print the catalog as JSON (base units: bytes, FLOP/s, bytes/s)' }],
  },
  async run(args) {
    const { GPUS } = await import('../../src/hardware/catalog.generated.js');
    if (args.flags.json === true) {
      print(JSON.stringify(GPUS, null, 2));
      return 0;
    }
    const { gib } = await import('../../src/report/units.js');
    const tf = (n: number | undefined) => (n === undefined ? '—' : (n / 1e12).toFixed(1));
    const gbs = (n: number | undefined) => (n === undefined ? '—' : (n / 1e9).toFixed(0));
    print(
      renderTable({
        title: 'GPUs (segplan gpus --json for exact figures and sources)',
        columns: [
          { header: 'id' },
          { header: 'name' },
          { header: 'memory', align: 'right' },
          { header: 'BF16 TFLOP/s', align: 'right' },
          { header: 'FP32 TFLOP/s', align: 'right' },
          { header: 'HBM GB/s', align: 'right' },
          { header: 'GPU link GB/s/dir', align: 'right' },
          { header: 'PCIe GB/s/dir', align: 'right' },
          { header: 'USD / GPU-hour', align: 'right' },
        ],
        rows: GPUS.map((g) => [
          g.id,
          g.name,
          gib(g.memoryBytes, 1),
          tf(g.flops.bf16),
          tf(g.flops.fp32),
          gbs(g.hbmBytesPerSec),
          gbs(g.nvlinkBytesPerSec),
          gbs(g.pcieBytesPerSec),
          g.price ? `${g.price.usdPerGpuHour} (${g.price.date})` : '—',
        ]),
        notes: [
          'Dense peaks (no sparsity). Link bandwidths are per direction.',
          'USD / GPU-hour: a published on-demand price and its date (sources in --json); — : none found, give --price.',
        ],
      }),
    );
    return 0;
  },
};
