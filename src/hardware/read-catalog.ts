// Reads the hardware catalogs from JSON (models/hardware), with schema checks and mathjs unit parsing.
// Slow to import-and-run (ajv + mathjs): used by the catalog compiler and tests, not by the engine at run time,
// which uses the precompiled catalog.generated.ts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpecError, UserError } from '../errors.js';
import { gpuFromEntry, nodeTypeFromEntry, type GpuEntryJson, type NodeTypeEntryJson } from './parse-entries.js';
import { hardwareModelsDir } from './paths.js';
import type { Gpu, NodeType } from './types.js';
import { loadQuantityParser } from './units.js';
import { validateHardwareJson, type HardwareSchema } from './validate-json.js';

export interface HardwareCatalog {
  gpus: Gpu[];
  nodeTypes: NodeType[];
}

/** Reads and parses JSON; file errors and syntax errors become one-line UserErrors. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SpecError(file, '', `not valid JSON: ${(e as Error).message.replace(/\s+/g, ' ')}`);
  }
}

async function readValid(which: HardwareSchema, file: string): Promise<unknown> {
  const data = await readJsonFile(file);
  await validateHardwareJson(which, data, file);
  return data;
}

/** Parses a gpus.json-shaped file (default: the built-in one). */
export async function readGpuCatalog(file = join(hardwareModelsDir(), 'gpus.json')): Promise<Gpu[]> {
  const data = (await readValid('gpus', file)) as { gpus: GpuEntryJson[] };
  const q = await loadQuantityParser();
  const gpus = data.gpus.map((e, i) => gpuFromEntry(e, q, file, `/gpus/${i}`));
  rejectDuplicateIds(gpus, file, '/gpus');
  return gpus;
}

/** Parses a clusters.json-shaped file; node types must name GPUs from `gpus`. */
export async function readNodeTypes(gpus: Gpu[], file = join(hardwareModelsDir(), 'clusters.json')): Promise<NodeType[]> {
  const data = (await readValid('clusters', file)) as { nodeTypes: NodeTypeEntryJson[] };
  const q = await loadQuantityParser();
  const known = new Set(gpus.map((g) => g.id));
  const nodes = data.nodeTypes.map((e, i) => {
    if (e.gpu !== undefined && !known.has(e.gpu)) {
      throw new SpecError(file, `/nodeTypes/${i}/gpu`, `unknown GPU id ${JSON.stringify(e.gpu)}`);
    }
    return nodeTypeFromEntry(e, q, file, `/nodeTypes/${i}`);
  });
  rejectDuplicateIds(nodes, file, '/nodeTypes');
  return nodes;
}

/** A user's gpu.json: one GPU object (see $defs/gpu in gpus.schema.json). */
export async function readGpuFile(file: string): Promise<Gpu> {
  const data = (await readValid('gpu', file)) as GpuEntryJson;
  return gpuFromEntry(data, await loadQuantityParser(), file, '');
}

/** Both built-in catalogs. */
export async function readHardwareCatalog(): Promise<HardwareCatalog> {
  const gpus = await readGpuCatalog();
  return { gpus, nodeTypes: await readNodeTypes(gpus) };
}

function rejectDuplicateIds(items: { id: string }[], file: string, at: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      throw new SpecError(file, `${at}/${i}/id`, `duplicate id ${JSON.stringify(item.id)} (also at ${at}/${first})`);
    }
    seen.set(item.id, i);
  });
}
