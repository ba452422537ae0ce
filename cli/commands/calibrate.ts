// segplan calibrate: what a TensorFlow.js backend achieves on this machine (matmul and conv FLOP/s, memory
// bandwidth of an elementwise kernel, fixed cost of one kernel launch). `segplan validate` measures the same
// rates at the start of every run and predicts step times with them (src/validate/measure/calibrate.ts).
import type { Command } from '../command.js';
import { renderTable } from '../format/terminal-table.js';
import { print } from '../out.js';

export const command: Command = {
  spec: {
    name: 'calibrate',
    summary: 'Measure what a TensorFlow.js backend achieves here: matmul/conv FLOP/s, memory bandwidth, kernel overhead.',
    positionals: [],
    flags: [
      {
        name: 'backend',
        kind: 'string',
        default: 'cpu',
        choices: ['cpu', 'wasm', 'tensorflow', 'tensorflow-gpu'],
        help: 'TensorFlow.js backend (tensorflow/-gpu need @tensorflow/tfjs-node(-gpu))',
      },
      { name: 'json', kind: 'boolean', default: false, help: 'print the rates as JSON (FLOP/s, bytes/s, seconds)' },
    ],
  },
  async run(args) {
    const { useBackend } = await import('../../src/validate/backend.js');
    const { calibrate } = await import('../../src/validate/measure/calibrate.js');
    const backend = args.flags.backend as 'cpu' | 'wasm' | 'tensorflow' | 'tensorflow-gpu';
    const c = calibrate(await useBackend(backend));
    if (args.flags.json === true) {
      print(JSON.stringify({ backend, ...c }, null, 2));
      return 0;
    }
    print(
      renderTable({
        title: `TensorFlow.js ${backend} backend, measured here (median of 5 timed runs after a warm-up)`,
        columns: [{ header: 'rate' }, { header: 'value', align: 'right' }, { header: 'measured with' }],
        rows: [
          ['matmul', `${(c.matmulFlopsPerSec / 1e9).toFixed(2)} GFLOP/s`, '256 x 256 x 256 MatMul'],
          ['conv2d', `${(c.convFlopsPerSec / 1e9).toFixed(2)} GFLOP/s`, '3x3 conv, 4 x 32 x 32 x 32 -> 32 channels'],
          ['memory', `${(c.copyBytesPerSec / 1e9).toFixed(2)} GB/s`, 'elementwise add over 2^20 floats (read + write)'],
          ['kernel overhead', `${(c.kernelOverheadSec * 1e6).toFixed(1)} µs`, 'a chain of 400 adds on 4 floats'],
        ],
        notes: ['FLOP/s count 2 FLOPs per multiply-add.'],
      }),
    );
    return 0;
  },
};
