// segplan models: the built-in model catalog (models/*.json).
import type { ModelSpec } from '../../src/model/types.js';
import type { Command } from '../command.js';
import { renderTable } from '../format/terminal-table.js';
import { print } from '../out.js';
import { paramCounts } from '../param-counts.js';

function depth(spec: ModelSpec): string {
  switch (spec.family) {
    case 'resnet':
    case 'convnext':
    case 'swin':
      return `${spec.layers.reduce((a, b) => a + b, 0)} blocks`;
    case 'generic':
      return `${spec.blocks.length} blocks`;
    case 'encoder-decoder':
      return `${spec.numLayers}+${spec.numDecoderLayers} layers`;
    default:
      return `${spec.numLayers} layers`;
  }
}

function width(spec: ModelSpec): string {
  return 'hiddenSize' in spec
    ? String(spec.hiddenSize)
    : spec.family === 'resnet'
      ? `base ${spec.baseWidth}`
      : spec.family === 'convnext'
        ? spec.widths.join('/')
        : spec.family === 'swin'
          ? spec.layers.map((_, i) => spec.embedDim * 2 ** i).join('/')
          : '—';
}

export const command: Command = {
  spec: {
    name: 'models',
    summary: 'List the built-in models with their parameter counts.',
    positionals: [],
    flags: [{ name: 'json', kind: 'boolean', default: false, help: 'print name, family, parameter counts and spec of each model as JSON' }],
  },
  async run(args) {
    const { catalogNames } = await import('../../src/model/catalog.js');
    const { loadModel } = await import('../../src/model/load.js');
    const entries = [];
    for (const name of catalogNames()) {
      const { spec } = loadModel(name);
      entries.push({ name, spec, params: await paramCounts(spec) });
    }
    if (args.flags.json === true) {
      print(
        JSON.stringify(
          entries.map((e) => ({ name: e.name, family: e.spec.family, params: e.params, spec: e.spec })),
          null,
          2,
        ),
      );
      return 0;
    }
    const { count, params } = await import('../../src/report/units.js');
    print(
      renderTable({
        title: 'Models (segplan models --json for the specs)',
        columns: [
          { header: 'name' },
          { header: 'family' },
          { header: 'depth', align: 'right' },
          { header: 'width', align: 'right' },
          { header: 'params', align: 'right' },
          { header: 'exact', align: 'right' },
          { header: 'active / token', align: 'right' },
        ],
        rows: entries.map((e) => [
          e.name,
          e.spec.family,
          depth(e.spec),
          width(e.spec),
          params(e.params.total),
          count(e.params.total),
          e.params.active === e.params.total ? 'all' : params(e.params.active),
        ]),
      }),
    );
    return 0;
  },
};
