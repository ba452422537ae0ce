// Where the dashboard gets model specs and GPUs from: the catalogs, plus files given on the command line and
// models the command line read already (a Hugging Face hub id, fetched at the edge: cli/resolve.ts).
// Lookups are memoised, so cycling back to a model does not re-read its file.
import { gpuById } from '../hardware/lookup.js';
import type { Gpu } from '../hardware/types.js';
import { loadModel } from '../model/load.js';
import type { ModelSpec } from '../model/types.js';

export interface Sources {
  /** a catalog name or a spec / config.json path; throws a UserError when it cannot be read */
  model(ref: string): ModelSpec;
  /** a catalog GPU id, or a key registered with `extraGpus` */
  gpu(id: string): Gpu;
}

export function catalogSources(extraGpus: ReadonlyMap<string, Gpu> = new Map(), extraModels: ReadonlyMap<string, ModelSpec> = new Map()): Sources {
  const models = new Map<string, ModelSpec>(extraModels);
  return {
    model(ref) {
      let spec = models.get(ref);
      if (!spec) {
        spec = loadModel(ref).spec;
        models.set(ref, spec);
      }
      return spec;
    },
    gpu(id) {
      return extraGpus.get(id) ?? gpuById(id);
    },
  };
}
