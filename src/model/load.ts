// loadModel: a catalog name, a segplan spec file or a Hugging Face config.json, to a validated spec.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/** A folder is a model checkout (a Hugging Face snapshot): its config.json; anything else is itself. */
export function configFileOf(ref: string): string {
  return existsSync(ref) && statSync(ref).isDirectory() ? join(ref, 'config.json') : ref;
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
  const file = configFileOf(ref);
  const json = readJsonFile(file);
  const defaulted: string[] = [];
  const spec = isHfConfig(json) ? importHfConfig(json, file, defaulted) : validateSpec(json, file);
  return { spec, file, ...(defaulted.length > 0 ? { defaulted } : {}) };
}
