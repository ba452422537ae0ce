// loadModel: a catalog name, a segplan spec file or a Hugging Face config.json, to a validated spec.
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { catalogNames, catalogPath, catalogSpec } from './catalog.js';
import { importHfConfig, isHfConfig } from './hf/index.js';
import { readJsonFile } from './read-json.js';
import { closest } from './suggest.js';
import type { ModelSpec } from './types.js';
import { validateSpec } from './validate.js';

export interface LoadedModel {
  spec: ModelSpec;
  /** the file the spec was read from */
  file: string;
  /** size keys a Hugging Face config lacks, read as its architecture's defaults */
  defaulted?: string[];
}

/** A bare word (no path separator, no .json) is a catalog name; anything else is a file path. */
function looksLikeName(ref: string): boolean {
  return !/[\\/]/.test(ref) && !/\.json$/i.test(ref);
}

export function loadModel(ref: string): LoadedModel {
  const fromCatalog = looksLikeName(ref) ? catalogPath(ref) : undefined;
  if (fromCatalog !== undefined) return { spec: catalogSpec(ref)!, file: fromCatalog };
  if (looksLikeName(ref) && !existsSync(ref)) {
    const names = catalogNames();
    const near = closest(ref, names);
    const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : `known models: ${names.join(', ')}`;
    throw new UserError(`unknown model "${ref}": ${hint} (or give a spec file or a Hugging Face config.json)`);
  }
  const json = readJsonFile(ref);
  const defaulted: string[] = [];
  const spec = isHfConfig(json) ? importHfConfig(json, ref, defaulted) : validateSpec(json, ref);
  return { spec, file: ref, ...(defaulted.length > 0 ? { defaulted } : {}) };
}
