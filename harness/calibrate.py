"""Measures what segplan's time model needs on this machine's GPU and network, and writes a calibration file
(docs/calibration.schema.json) for `segplan plan --calibration FILE`. Runs without Node; needs PyTorch.

    python harness/calibrate.py -o calibration.json [--segplan-gpu a100-80gb]
    torchrun --nproc-per-node 8 harness/calibrate.py -o calibration.json    # adds NCCL bus bandwidth and latency

What it measures (each the figure segplan uses in place of a published one; docs/time.md):
  matmulFlopsPerSec        the sustained rate of one large 16-bit GEMM (8192^3, random inputs) run back to back
                           for --sustain seconds: the median over the last third of the run, when the GPU holds
                           the clock its power limit allows, as through a training step; every window of the run
                           (with the SM clock and power draw where NVML answers) is kept in matmulWindows
  gemmPoints               16-bit GEMMs of several shapes, each the mean of 20 calls after one, measured right after
                           the sustained run (so at the clock it left): the shapes Azure's A100 benchmark publishes
                           and those of a 1B-parameter decoder's training step
  attentionFlopsPerSec     causal scaled_dot_product_attention (flash backend, or with --attention-backend default the
                           one PyTorch picks itself), forward and backward apart, FLOPs
                           counted as segplan counts them: 2 matmuls forward, 5 backward, the masked half skipped
                           (the 4,096-token, head dimension 128 point of attentionPoints)
  attentionPoints          the same kernel's forward + backward FLOP/s at the shapes FlashAttention-2's release
                           benchmark publishes (512 to 16k tokens, head dimension 64 and 128, with and without
                           the causal mask, 16k tokens per batch, hidden size 2048): segplan's curve by shape
  hbmBytesPerSec           a device-to-device copy of a large tensor: bytes read + written per second
  memoryKernels            PyTorch's memory-bound kernels (LayerNorm, Hugging Face's RMSNorm and rotary embedding,
                           GELU/SiLU/ReLU/tanh, a product, the loss's up-cast path; bf16 and fp32) timed forward and
                           backward by harness/kernel_traffic.py, beside a copy timed the same way: bytes/s by case
  kernelLaunchSeconds      wall time per tiny eager op in a long loop: the host's cost to issue one kernel
  busBytesPerSec,          under torchrun: all_reduce of 1 GiB (busbw = 2(n-1)/n * bytes / time, nccl-tests'
  collectiveLatencySeconds definition) and of 8 bytes (its time)

Without CUDA it only exercises its code path on the CPU with small sizes (fp32), and marks the file as measured
on "cpu" (segplanGpu "cpu"), so that segplan refuses it for a GPU plan.
"""

import argparse
import datetime
import json
import os
import sys
import time

import torch
import torch.nn.functional as F


def timed(fn, device, repeats, warmup=1):
    """Seconds per call of fn: `warmup` calls, then the mean of `repeats` calls between synchronisations."""
    for _ in range(warmup):
        fn()
    sync(device)
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    sync(device)
    return (time.perf_counter() - start) / repeats


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def gemm_points(device, dtype, shapes, repeats):
    points = []
    for m, n, k in shapes:
        a = torch.randn(m, k, device=device, dtype=dtype)
        b = torch.randn(k, n, device=device, dtype=dtype)
        seconds = timed(lambda: torch.matmul(a, b), device, repeats)
        points.append({"m": m, "n": n, "k": k, "flopsPerSec": 2 * m * n * k / seconds})
        del a, b
    return points


def nvml_reader():
    """(SM clock MHz, power W) of GPU 0 through NVML, or None where NVML is not installed or does not answer."""
    try:
        import pynvml

        pynvml.nvmlInit()
        handle = pynvml.nvmlDeviceGetHandleByIndex(int(os.environ.get("LOCAL_RANK", "0")))

        def read():
            clock = pynvml.nvmlDeviceGetClockInfo(handle, pynvml.NVML_CLOCK_SM)
            return clock, pynvml.nvmlDeviceGetPowerUsage(handle) / 1000

        read()
        return read
    except Exception:  # no pynvml, no driver access: the windows carry rates only
        return None


def sustained_matmul(device, dtype, size, seconds, window):
    """A size^3 GEMM on random inputs, back to back for `seconds`, timed in windows of about `window` seconds.
    Returns the median rate of the last third of the windows and every window (start time, FLOP/s, clock, power).
    Random inputs, not zeros: predictable data draws less power and runs at a higher clock."""
    a = torch.randn(size, size, device=device, dtype=dtype)
    b = torch.randn(size, size, device=device, dtype=dtype)
    out = torch.empty(size, size, device=device, dtype=dtype)
    flops = 2 * size**3
    per_call = timed(lambda: torch.matmul(a, b, out=out), device, 3)
    calls = max(1, int(window / per_call))
    read = nvml_reader() if device == "cuda" else None
    windows, start = [], time.perf_counter()
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        for _ in range(calls):
            torch.matmul(a, b, out=out)
        sync(device)
        t1 = time.perf_counter()
        w = {"atSeconds": round(t0 - start, 3), "flopsPerSec": calls * flops / (t1 - t0)}
        if read is not None:
            clock, watts = read()
            w.update(smClockMHz=clock, powerWatts=round(watts, 1))
        windows.append(w)
    del a, b, out
    last = sorted(w["flopsPerSec"] for w in windows[-max(1, len(windows) // 3):])
    return last[len(last) // 2], windows


def fused_attention(device, causal=True):
    """The fused kernel segplan's `flash` models (SDPA, flash backend); PyTorch < 2.0 has none: on the CPU an
    unfused stand-in keeps the code path exercised, on a GPU attention is not measured."""
    if hasattr(F, "scaled_dot_product_attention"):
        return lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    if device == "cuda":
        return None

    def unfused(q, k, v):
        s = q.shape[-2]
        scores = (q @ k.transpose(-2, -1)) / q.shape[-1] ** 0.5
        if causal:
            mask = torch.ones(s, s, dtype=torch.bool, device=q.device).triu(1)
            scores = scores.masked_fill(mask, float("-inf"))
        return torch.softmax(scores, dim=-1) @ v

    return unfused


def attention_times(device, dtype, batch, heads, seq, head_dim, repeats, causal=True, backend="flash"):
    """Seconds of one forward and one backward, and the FLOPs of one s×s×d matmul of all heads (causal: half)."""
    attend = fused_attention(device, causal)
    if attend is None:
        return None
    q, k, v = (torch.randn(batch, heads, seq, head_dim, device=device, dtype=dtype, requires_grad=True) for _ in range(3))
    # backend: "flash" (FlashAttention-2, the kernel segplan's `flash` publishes figures for) or "default" (the one
    # PyTorch picks by itself, as a training step gets it: cuDNN's fused attention on Hopper in recent PyTorch)
    context = contextlib_flash() if device == "cuda" and backend == "flash" else nullcontext()
    with context:
        # three warm-ups: with one, the first shape of a run (512 tokens, head dimension 64, causal) measured 33-39
        # TFLOP/s on an H200 in all three committed runs, against 150-220 at 1024 tokens (the kernel's first calls)
        forward = timed(lambda: attend(q, k, v), device, repeats, warmup=3)
        out = attend(q, k, v)
        grad = torch.randn_like(out)
        # the backward alone, over one retained graph (gradients accumulate into q, k, v: the same work)
        backward = timed(lambda: out.backward(grad, retain_graph=True), device, repeats)
    # one s×s×d matmul is 2·s²·d FLOPs per head; causal: half of them
    matmul = 2 * batch * heads * seq * seq * head_dim / (2 if causal else 1)
    return forward, backward, matmul


def attention_points(device, dtype, tokens, hidden, seqs, head_dims, repeats, one_shape, backend):
    """Forward + backward FLOP/s at each shape, as FlashAttention-2's release benchmark sets them up: a batch of
    `tokens` tokens (tokens // seq sequences) and `hidden` / head_dim heads; and, from the causal point at
    `one_shape` = (seq, head_dim), its forward and backward FLOP/s apart (attentionFlopsPerSec)."""
    points, rates = [], None
    for causal in (True, False):
        for head_dim in head_dims:
            for seq in seqs:
                times = attention_times(device, dtype, max(1, tokens // seq), hidden // head_dim, seq, head_dim, repeats, causal, backend)
                if times is None:
                    return None, None
                forward, backward, matmul = times
                points.append({"seqLen": seq, "headDim": head_dim, "causal": causal, "flopsPerSec": 7 * matmul / (forward + backward)})
                if causal and (seq, head_dim) == one_shape:
                    rates = {"forward": 2 * matmul / forward, "backward": 5 * matmul / backward}
    return points, rates


class nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def contextlib_flash():
    try:
        from torch.nn.attention import SDPBackend, sdpa_kernel

        return sdpa_kernel(SDPBackend.FLASH_ATTENTION)
    except ImportError:  # PyTorch < 2.3
        return torch.backends.cuda.sdp_kernel(enable_flash=True, enable_math=False, enable_mem_efficient=False)


def copy_bandwidth(device, elements, repeats):
    src = torch.empty(elements, device=device, dtype=torch.float32)
    dst = torch.empty_like(src)
    seconds = timed(lambda: dst.copy_(src), device, repeats)
    return 2 * src.numel() * src.element_size() / seconds


def memory_kernels():
    """PyTorch's memory-bound kernels (norms, rotary embedding, activations, a product, the loss) timed on the GPU by
    harness/kernel_traffic.py at a 1B model's sizes, with a plain copy timed the same way: bytes/s forward and
    backward by case, from which segplan takes each kernel's share of the copy rate."""
    try:
        from kernel_traffic import memory_kernel_cases

        cases = memory_kernel_cases(cuda=True)
    except Exception as e:  # an older PyTorch (no torch.device context before 2.0): the rest of the file stands
        print(f"memory-bound kernels not measured: {e}", file=sys.stderr)
        return None
    keep = ("forwardBytesPerSec", "backwardBytesPerSec")
    return {name: {k: v for k, v in case.items() if k in keep} for name, case in cases.items()}


def launch_seconds(device, ops):
    x = torch.zeros(1, device=device)
    return timed(lambda: [x.add_(1) for _ in range(ops)], device, 1) / ops


def nccl_figures(device, gigabytes):
    """busbw of a large all_reduce and the time of a tiny one, when started by torchrun with more than one rank."""
    import torch.distributed as dist

    if int(os.environ.get("WORLD_SIZE", "1")) < 2:
        return {}
    dist.init_process_group("nccl" if device == "cuda" else "gloo")
    if device == "cuda":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    n = dist.get_world_size()
    big = torch.empty(int(gigabytes * 2**30) // 4, device=device, dtype=torch.float32)
    tiny = torch.empty(2, device=device, dtype=torch.float32)
    seconds = timed(lambda: dist.all_reduce(big), device, 5)
    latency = timed(lambda: dist.all_reduce(tiny), device, 50)
    busbw = 2 * (n - 1) / n * big.numel() * 4 / seconds
    # one node when every rank is local (torchrun sets LOCAL_WORLD_SIZE)
    where = "intraNode" if int(os.environ.get("LOCAL_WORLD_SIZE", str(n))) == n else "interNode"
    return {"busBytesPerSec": {where: busbw}, "collectiveLatencySeconds": latency, "rank": dist.get_rank()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", default="calibration.json", help="file to write (default calibration.json)")
    parser.add_argument("--attention-backend", choices=["flash", "default"], default="flash",
                        help="SDPA backend the attention figures measure: flash (FlashAttention-2, default) or the one PyTorch picks itself")
    parser.add_argument("--sustain", type=float, help="seconds of the sustained GEMM run (default 60 on a GPU, 0.2 on the CPU)")
    parser.add_argument("--segplan-gpu", help="the segplan catalog id of this GPU (segplan gpus); a plan on another GPU then refuses the file")
    args = parser.parse_args()

    cuda = torch.cuda.is_available()
    device = "cuda" if cuda else "cpu"
    dtype = torch.bfloat16 if cuda else torch.float32
    if cuda:
        shapes = [
            # Azure's AI-benchmarking-guide GEMM shapes (published for the A100 and H100)
            (16384, 16384, 16384), (8192, 8192, 8192), (6144, 12288, 12288), (4096, 4096, 4096), (2048, 2048, 2048),
            (1024, 1024, 1024), (802816, 192, 768), (1024, 2145, 1024),
            # a 1B-parameter decoder's step (hidden 2048, MLP 5632, vocabulary 32000, 8192 tokens): forward and weight gradient
            (8192, 2048, 2048), (8192, 5632, 2048), (8192, 2048, 5632), (8192, 32000, 2048), (2048, 2048, 8192), (5632, 2048, 8192),
            (16384, 768, 768),
            # one large output (8192 x 8192, 15.5 waves of 128x256 tiles over 132 SMs) with K from 64 to 8192: the cost of
            # a tile's pipeline fill and epilogue against its main loop (src/time/gemm-efficiency.ts)
            (8192, 8192, 64), (8192, 8192, 128), (8192, 8192, 256), (8192, 8192, 512), (8192, 8192, 768), (8192, 8192, 1024),
            (8192, 8192, 2048), (8192, 8192, 4096),
            # GPT-2's vocabulary (50257, odd) against the same padded to a multiple of 64 (50304): an LM head's GEMM
            # whose leading dimension is not 16-byte aligned
            (8192, 50257, 1024), (8192, 50304, 1024),
        ]
        rates = dict(
            sustained=sustained_matmul(device, dtype, 8192, 60 if args.sustain is None else args.sustain, 0.5),
            gemm=gemm_points(device, dtype, shapes, 20),
            attention=attention_points(device, dtype, 16384, 2048, [512, 1024, 2048, 4096, 8192, 16384], [64, 128], 10, (4096, 128), args.attention_backend),
            hbm=copy_bandwidth(device, 2**28, 20),
            launch=launch_seconds(device, 2000),
            memory_kernels=memory_kernels(),
        )
    else:
        shapes = [(256, 256, 256), (128, 64, 64)]
        rates = dict(
            sustained=sustained_matmul(device, dtype, 256, 0.2 if args.sustain is None else args.sustain, 0.02),
            gemm=gemm_points(device, dtype, shapes, 2),
            attention=attention_points(device, dtype, 256, 64, [64, 128], [16, 32], 2, (128, 32), args.attention_backend),
            hbm=copy_bandwidth(device, 2**20, 2),
            launch=launch_seconds(device, 200),
        )
    network = nccl_figures(device, 1.0 if cuda else 0.001)
    if network.get("rank", 0) != 0:
        return
    name = torch.cuda.get_device_name() if cuda else "cpu"
    points, one_shape = rates["attention"]
    calibration = {
        "$schema": "https://segplan.dev/schema/calibration.schema.json",
        "gpu": name,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **({"segplanGpu": args.segplan_gpu} if args.segplan_gpu else {} if cuda else {"segplanGpu": "cpu"}),
        "method": (
            f"harness/calibrate.py, PyTorch {torch.__version__}, sustained GEMM over {len(rates['sustained'][1])} windows"
            + (f", CUDA {torch.version.cuda}" if cuda else ", CPU code path only (small sizes, fp32): not a GPU measurement")
            + ("" if points else "; attention not measured (no scaled_dot_product_attention in this PyTorch)")
            + ("; attention: SDPA's default backend" if points and args.attention_backend == "default" else "")
        ),
        "matmulFlopsPerSec": rates["sustained"][0],
        "matmulWindows": rates["sustained"][1],
        **({"attentionFlopsPerSec": one_shape, "attentionPoints": points} if points else {}),
        "hbmBytesPerSec": rates["hbm"],
        **({"memoryKernels": rates["memory_kernels"]} if rates.get("memory_kernels") else {}),
        "kernelLaunchSeconds": rates["launch"],
        **{k: v for k, v in network.items() if k != "rank"},
        "gemmPoints": rates["gemm"],
    }
    with open(args.output, "w") as f:
        json.dump(calibration, f, indent=2)
        f.write("\n")
    print(f"wrote {args.output}: {name}")


if __name__ == "__main__":
    main()
