// The time of save_on_cpu's copies (torch.autograd.graph.save_on_cpu(pin_memory=True), src/runtime/save-on-cpu.ts).
//
// Not overlapped with compute: the pack hook copies each saved tensor into a pinned host buffer with `copy_`,
// which waits for the copy (device to host, on the current stream), and the unpack hook's `.to(device,
// non_blocking=True)` is issued on the compute stream, so the next kernel waits for it. Each direction therefore
// adds bytes / PCIe rate to its pass: down in forward, up in backward.

import type { Lin } from '../memory/lin.js';

/** Seconds of one direction's copies of `packed` bytes (per micro-batch: c + d·b) at `pcieBytesPerSec`. */
export function activationCopySeconds(packed: Lin, b: number, pcieBytesPerSec: number): number {
  return (packed.c + packed.d * b) / pcieBytesPerSec;
}
