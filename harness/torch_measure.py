"""What one training step does, measured: the peak of live bytes from the allocator, the bytes autograd saves
for backward (unique storages), the FLOPs of the contractions each phase executes, and the device time of
profiled kernels."""

from contextlib import contextmanager

import torch
from torch.utils._python_dispatch import TorchDispatchMode


def storage_key(t):
    s = t.storage()
    return s.data_ptr(), s.size() * s.element_size()


def unique_bytes(tensors):
    seen = {}
    for t in tensors:
        if t is None or not torch.is_tensor(t):
            continue
        ptr, n = storage_key(t)
        if ptr:
            seen[ptr] = max(seen.get(ptr, 0), n)
    return sum(seen.values()), set(seen)


def device_microseconds(event):
    """The device time a profiler row's own kernels took (torch >= 2.4 names it self_device_time_total, older
    versions self_cuda_time_total); 0 for a row that ran none."""
    us = getattr(event, "self_device_time_total", None)
    if us is None:
        us = getattr(event, "self_cuda_time_total", 0)
    return us or 0


# ---------------------------------------------------------------- peak of live bytes
class PeakMemory:
    """Live bytes over a region, from the allocator. CUDA: the caching allocator's own counters. CPU: the
    profiler's allocation and free events (in order), added to the bytes alive when the region starts."""

    def __init__(self, device):
        self.device = device

    @contextmanager
    def region(self, live_at_start):
        if self.device == "cuda":
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            start = torch.cuda.memory_allocated()
            yield
            torch.cuda.synchronize()
            self.peak = torch.cuda.max_memory_allocated()
            self.reserved = torch.cuda.max_memory_reserved()
            self.start = start
            return
        from torch.profiler import ProfilerActivity, profile

        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            yield
        cur = peak = 0
        self.curve = [live_at_start]
        for e in _memory_events(prof):
            cur += e
            peak = max(peak, cur)
            self.curve.append(live_at_start + cur)
        self.start = live_at_start
        self.peak = live_at_start + peak
        self.reserved = None

    def snapshot_summary(self):
        """The step as harness/snapshot_to_json.py summarises a CUDA snapshot (CPU: allocator events)."""
        curve = getattr(self, "curve", [self.start, self.peak])
        return {
            "protocol": 1, "kind": "cuda-memory-snapshot", "device": 0, "events": len(curve) - 1,
            "allocatedAtStart": curve[0], "allocatedAtEnd": curve[-1], "peakAllocated": self.peak,
            "peakEvent": curve.index(self.peak), "peakFrames": [], "reservedBytes": self.reserved or 0, "curve": curve,
        }


def _memory_events(prof):
    # torch 1.13 .. 2.x: the kineto results list allocation (+) and free (-) events in order
    for e in prof.profiler.kineto_results.events():
        if e.name() == "[memory]" and e.device_type() == torch.autograd.DeviceType.CPU:
            yield e.nbytes()


# ---------------------------------------------------------------- saved for backward
@contextmanager
def saved_tensors(record):
    """Every tensor autograd packs for backward in this region (the engine's 'saved' bytes)."""

    def pack(t):
        record.append(t)
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        yield


# ---------------------------------------------------------------- contraction FLOPs by phase
def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _conv_flops(x_shape, w_shape, out_shape, transposed):
    # 2 per multiply-add: every output element takes (in_channels / groups) * kernel elements
    return 2 * _numel(out_shape if not transposed else x_shape) * _numel(w_shape[1:])


class ContractionFlops(TorchDispatchMode):
    """FLOPs (2 per multiply-add) of mm, addmm, bmm, baddbmm and convolutions, by phase. In backward a
    contraction whose result has the shape of a trainable weight is a weight gradient; the others are input
    gradients. A block's forward re-run during backward (checkpointing) counts as recompute."""

    def __init__(self, weight_shapes):
        super().__init__()
        self.phase = "forward"
        self.weight_shapes = weight_shapes
        self.totals = {"forward": 0, "inputGrad": 0, "weightGrad": 0, "recompute": 0}

    def _add(self, flops, is_weight_grad=False):
        if self.phase == "backward":
            self.totals["weightGrad" if is_weight_grad else "inputGrad"] += flops
        else:
            self.totals[self.phase] += flops

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if args and isinstance(args[0], (int, float)) and func.overloadpacket.__name__ == "detach":
            # torch 1.13 hands a saved wrapped-number tensor (x / 4.0) to the mode as a Python number
            return torch.tensor(args[0])
        out = func(*args, **(kwargs or {}))
        if isinstance(out, (int, float)) and func.overloadpacket.__name__ == "detach":
            return torch.tensor(out)
        name = func.overloadpacket.__name__
        if name in ("mm", "addmm", "bmm", "baddbmm"):
            a, b = (args[0], args[1]) if name in ("mm", "bmm") else (args[1], args[2])
            flops = 2 * _numel(a.shape) * b.shape[-1]
            self._add(flops, tuple(out.shape) in self.weight_shapes)
        elif name == "convolution":
            self._add(_conv_flops(args[0].shape, args[1].shape, out.shape, args[6]))
        elif name == "convolution_backward":
            grad_out, x, w = args[0], args[1], args[2]
            mask = args[-1]
            f = _conv_flops(x.shape, w.shape, grad_out.shape, False)
            if mask[0]:
                self._add(f, False)
            if mask[1]:
                self._add(f, True)
        elif name == "_scaled_dot_product_flash_attention" or name == "_scaled_dot_product_efficient_attention":
            q, k = args[0], args[1]
            self._add(2 * 2 * _numel(q.shape) * k.shape[-2])
        return out
