// Hardware as the engine sees it: plain numbers in base units (bytes, FLOP/s, bytes/s).
// Every link bandwidth here is PER DIRECTION (see docs/hardware.md): the catalog's NVLink figures are the
// vendor's two-direction totals and are halved when compiled.

/** Dense peak rates in FLOP/s. `bf16` is absent on GPUs without BF16 (V100), `fp8` on GPUs without FP8 tensor cores; see peak-flops.ts. */
export interface GpuFlops {
  bf16?: number;
  fp16: number;
  fp32: number;
  fp8?: number;
}

export type KernelStack = 'cuda' | 'rocm';

export interface Gpu {
  id: string;
  name: string;
  /** Device memory as the runtime reports it (nvidia-smi total), or the nominal capacity (see memoryNote). */
  memoryBytes: number;
  memoryNote?: string;
  flops: GpuFlops;
  /** Device memory (HBM or GDDR) bandwidth, bytes/s. */
  hbmBytesPerSec: number;
  /** GPU-to-GPU fabric (NVLink, Infinity Fabric) per direction, bytes/s; absent for PCIe cards. */
  nvlinkBytesPerSec?: number;
  nvlinkNote?: string;
  /** streaming multiprocessors: GEMM tiles run on them in waves (src/time/gemm-efficiency.ts); absent where not sourced */
  sms?: number;
  smsSource?: string;
  /** the name the driver reports (nvidia-smi, torch.cuda.get_device_name): matches a measurement to this GPU */
  deviceName?: string;
  deviceNameSource?: string;
  /** whose kernels PyTorch runs on it: CUDA's (absent) or ROCm's (AMD); measured CUDA kernel figures apply to CUDA GPUs only */
  kernelStack?: KernelStack;
  pcieGen: number;
  pcieLanes: number;
  /** Host link per direction, bytes/s. */
  pcieBytesPerSec: number;
  source: string;
  notes?: string[];
  /** a published rental price, for cost estimates; absent where none was found (then --price is required) */
  price?: GpuPrice;
}

/** What one GPU-hour was published to cost, when, and where. */
export interface GpuPrice {
  usdPerGpuHour: number;
  /** YYYY-MM-DD: the day the price was published or verified */
  date: string;
  source: string;
}

/** How GPUs inside one node reach each other. `auto`: the GPU's fabric when it has one, else PCIe. */
export type IntraNodeLink = 'nvlink' | 'pcie' | 'auto';

/** A named server type from models/hardware/clusters.json. */
export interface NodeType {
  id: string;
  name: string;
  /** GPU id this node type is built around; absent for a generic node type. */
  gpu?: string;
  gpusPerNode: number;
  intraNode: IntraNodeLink;
  hostMemoryBytes: number;
  hostMemoryBytesPerSec: number;
  /** All compute NICs of one node together, per direction, bytes/s. */
  interNodeBytesPerSec: number;
  interNodeNote?: string;
  hostCores?: number;
  source: string;
  notes?: string[];
}

/** A concrete job layout: `nodes` × `gpusPerNode` GPUs of one kind. Host figures are per node. */
export interface Cluster {
  gpu: Gpu;
  gpusPerNode: number;
  nodes: number;
  /** Node type the host figures come from. */
  nodeType: string;
  hostMemoryBytes: number;
  hostMemoryBytesPerSec: number;
  /** Per node, per direction. */
  interNodeBytesPerSec: number;
  /** GPU-to-GPU inside a node, per direction: NVLink when the node has it, else PCIe. */
  intraNodeBytesPerSec: number;
  intraNodeLink: 'nvlink' | 'pcie';
  hostCores?: number;
  /** Plain-language remarks the CLI can show (generic host figures, …). */
  notes: string[];
}
