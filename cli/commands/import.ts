// segplan import: a Hugging Face config.json to a segplan model spec (written with -o, or printed).
import type { Command } from '../command.js';
import { note, print, warn } from '../out.js';
import { defaultedKeysWarning } from '../warnings.js';

export const command: Command = {
  spec: {
    name: 'import',
    summary: 'Turn a Hugging Face config.json into a segplan model spec.',
    positionals: [{ name: 'config.json', help: 'a Hugging Face config.json', required: true }],
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
    const [{ readJsonFile }, { importHfConfig }] = await Promise.all([
      import('../../src/spec/read-json.js'),
      import('../../src/spec/hf/index.js'),
    ]);
    const defaulted: string[] = [];
    const spec = importHfConfig(readJsonFile(file), file, defaulted);
    if (defaulted.length > 0) warn(defaultedKeysWarning(file, defaulted));
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
