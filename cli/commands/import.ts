// segplan import: a Hugging Face config.json (file, folder or hub id) to a segplan model spec (written with -o, or printed).
import { existsSync } from 'node:fs';
import type { LoadedModel } from '../../src/model/load.js';
import type { Command } from '../command.js';
import { note, print, warn } from '../out.js';
import { defaultedKeysWarning } from '../warnings.js';

/** A config.json file, a folder holding one, or (when no such file exists) a Hugging Face hub id. */
async function importConfig(ref: string): Promise<LoadedModel> {
  const { parseHubId } = await import('../hub/hub-id.js');
  const hub = existsSync(ref) ? undefined : parseHubId(ref);
  if (hub) return (await import('../hub/load-hub-model.js')).loadHubModel(hub);
  const [{ readJsonFile }, { importHfConfig }, { configFileOf }] = await Promise.all([
    import('../../src/model/read-json.js'),
    import('../../src/model/hf/index.js'),
    import('../../src/model/load.js'),
  ]);
  const file = configFileOf(ref);
  const defaulted: string[] = [];
  const spec = importHfConfig(readJsonFile(file), file, defaulted);
  return { spec, file, ...(defaulted.length > 0 ? { defaulted } : {}) };
}

export const command: Command = {
  spec: {
    name: 'import',
    summary: 'Turn a Hugging Face config.json into a segplan model spec.',
    positionals: [{ name: 'config.json', help: 'a Hugging Face config.json, a folder holding one, or a hub id org/name[@revision]', required: true }],
    flags: [
      { name: 'output', short: 'o', kind: 'string', value: 'FILE', help: 'write the spec to FILE (default: print it)' },
      { name: 'json', kind: 'boolean', default: false, help: 'print {spec, params} (params.total etc.) as JSON' },
      { name: 'force', kind: 'boolean', default: false, help: 'overwrite an existing -o file' },
    ],
    notes: ['example: segplan import Llama-2-7b-hf/config.json -o my-llama.json'],
  },
  async run(args) {
    const file = args.positionals[0]!;
    const out = args.flags.output as string | undefined;
    const force = args.flags.force === true;
    const { refuseExisting, writeFileAtomic } = await import('../atomic-write.js');
    if (out !== undefined) await refuseExisting([out], force);
    const { spec, file: read, defaulted } = await importConfig(file);
    if (defaulted) warn(defaultedKeysWarning(read, defaulted));
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    if (out !== undefined) writeFileAtomic(out, text, force);
    if (args.flags.json === true) {
      const { paramCounts } = await import('../param-counts.js');
      print(JSON.stringify({ spec, params: await paramCounts(spec), ...(out !== undefined ? { written: out } : {}) }, null, 2));
    } else if (out === undefined) {
      print(text);
    } else {
      note(`wrote ${out}`);
    }
    return 0;
  },
};
