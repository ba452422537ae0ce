// A user's gpu.json → Gpu. Validation (ajv) and units (mathjs) are loaded only when this is called.
import type { Gpu } from './types.js';

/** Reads one GPU object (schema: $defs/gpu in models/hardware/gpus.schema.json); errors are one-line SpecErrors. */
export async function loadGpuFile(path: string): Promise<Gpu> {
  const { readGpuFile } = await import('./read-catalog.js');
  return readGpuFile(path);
}
