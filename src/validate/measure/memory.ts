// Physical memory of the backend: the bytes of the distinct data buffers it holds, tracked by wrapping
// the backend's data store (cpu: `backend.data`, wasm: `backend.dataIdMap`, both a tfjs DataStorage).
//
// Why the data store and not tf.memory(): tf.memory().numBytes and tf.profile().peakBytes add up tensor
// HANDLES — a reshape or a clone that shares its buffer counts twice — and never see buffers a kernel
// allocates internally (a transposed copy inside a reduction). Every buffer, shared or internal, passes
// through the data store exactly once while it is alive.

interface DataStore {
  set(id: object, value: unknown): void;
  delete(id: object): boolean;
}

interface CpuValue {
  values?: ArrayBufferView;
}

interface WasmValue {
  shape?: number[];
  dtype?: string;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

function bytesOf(value: unknown): number {
  const v = value as CpuValue & WasmValue;
  if (v.values && typeof v.values.byteLength === 'number') return v.values.byteLength;
  if (v.shape && v.dtype) return v.shape.reduce((a, b) => a * b, 1) * (BYTES[v.dtype] ?? 4);
  return 0;
}

export class PhysicalMemory {
  private readonly sizes = new Map<object, number>();
  private readonly store: DataStore;
  private readonly origSet: DataStore['set'];
  private readonly origDelete: DataStore['delete'];
  current = 0;
  peak = 0;

  constructor(backend: unknown) {
    const b = backend as { data?: DataStore; dataIdMap?: DataStore };
    const store = b.dataIdMap ?? b.data;
    if (!store || typeof store.set !== 'function') throw new Error('backend has no data store to track');
    this.store = store;
    this.origSet = store.set;
    this.origDelete = store.delete;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    store.set = function (id: object, value: unknown) {
      self.origSet.call(this, id, value);
      const bytes = bytesOf(value);
      self.current += bytes - (self.sizes.get(id) ?? 0);
      self.sizes.set(id, bytes);
      if (self.current > self.peak) self.peak = self.current;
    };
    store.delete = function (id: object) {
      const had = self.origDelete.call(this, id);
      const bytes = self.sizes.get(id);
      if (bytes !== undefined) {
        self.current -= bytes;
        self.sizes.delete(id);
      }
      return had;
    };
  }

  /** Start a new peak measurement from the current bytes. */
  resetPeak(): void {
    this.peak = this.current;
  }

  /** Buffers created before tracking started are unknown: call this first, on an idle backend. */
  get tracked(): number {
    return this.sizes.size;
  }

  restore(): void {
    this.store.set = this.origSet;
    this.store.delete = this.origDelete;
  }
}
