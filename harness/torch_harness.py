#!/usr/bin/env python3
"""segplan's PyTorch harness: runs training steps of the cases segplan sends and measures them.

    python3 torch_harness.py cases.json > measured.json      (or '-' to read the cases from standard input)

Needs only torch (and torchvision for ResNet and ViT). It runs without Node, so a GPU machine with PyTorch can
measure an exported suite (`segplan validate --backend torch --export cases.json`) and hand the result back
(`segplan validate --import measured.json`). Each case: one warm-up step, one step measured for memory, one
for saved tensors and FLOPs, one timed. Progress goes to standard error, the measurements to standard output."""

import contextlib
import gc
import inspect
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import torch
    import torch.utils.checkpoint
except ImportError:
    sys.stderr.write("segplan-harness: PyTorch is not installed for %s\n" % sys.executable)
    sys.exit(3)

from torch_measure import ContractionFlops, PeakMemory, device_microseconds, saved_tensors, storage_key, unique_bytes  # noqa: E402
from torch_models import add_lora, build  # noqa: E402

PROTOCOL = 1
DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}


def _params(blocks):
    seen = {}
    for _, blk in blocks:
        for p in blk.parameters():
            seen[id(p)] = p
    return list(seen.values())


def _optimizer(name, params):
    if not params:
        return None
    if name == "sgd":
        return torch.optim.SGD(params, lr=1e-3, momentum=0.9)
    if name in ("adamw", "adamw-foreach"):
        return torch.optim.AdamW(params, lr=1e-4, foreach=True)
    if name == "adamw-loop":
        return torch.optim.AdamW(params, lr=1e-4, foreach=False)
    if name == "adamw-fused":
        # one kernel per step: torch >= 2.0 on CUDA (>= 2.4 on the CPU); torch 1.13's AdamW has no `fused`
        if "fused" not in inspect.signature(torch.optim.AdamW).parameters:
            raise RuntimeError("torch %s has no fused AdamW: torch.optim.AdamW(fused=True) needs torch >= 2.0 (CUDA)" % torch.__version__)
        return torch.optim.AdamW(params, lr=1e-4, fused=True)
    raise ValueError("unknown optimizer %r" % name)


def _batch(case, device):
    spec = case["model"]["spec"]
    b = case["microBatch"]
    g = torch.Generator().manual_seed(1)
    if spec["family"] in ("resnet", "convnext", "vit"):
        x = torch.randn(b, spec["channels"], spec["imageSize"], spec["imageSize"], generator=g)
        y = torch.randint(0, spec["numClasses"], (b,), generator=g)
    else:
        s = case["seqLen"]
        x = torch.randint(0, spec["vocabSize"], (b, s), generator=g)
        classes = spec["vocabSize"] if spec["family"] == "decoder" else (spec.get("numLabels") or 2)
        y = torch.randint(0, classes, (b, s) if spec["family"] == "decoder" else (b,), generator=g)
    return x.to(device), y.to(device)


def _loss(logits, labels):
    # as Hugging Face's losses: logits up-cast to fp32, mean cross-entropy over the rows
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), labels.reshape(-1))


OUTPUT_CHUNKS = 8  # torchtune's CEWithChunkedOutputLoss default (num_output_chunks)


def _chunked_loss(chunks, labels):
    """torchtune's CEWithChunkedOutputLoss: each chunk of tokens' logits up-cast and summed on its own, then the
    mean over all rows (chunks: the LM head's output per chunk of tokens, as torchtune's model computes them)."""
    total = 0
    for logits, target in zip(chunks, labels.chunk(len(chunks), dim=1)):
        flat = logits.reshape(-1, logits.shape[-1]).float()
        total = total + torch.nn.functional.cross_entropy(flat, target.reshape(-1), reduction="sum")
    return total / labels.numel()


class Runner:
    def __init__(self, case, device):
        self.case = case
        self.device = device
        torch.manual_seed(0)
        self.blocks = build(case["model"])
        names = [n for n, _ in self.blocks]
        wanted = [b["name"] for b in case["blocks"] if b["name"] != "loss"]
        if names != wanted:
            raise ValueError("the torch model's blocks %s differ from the plan's %s" % (names, wanted))
        self.roles = {b["name"]: b for b in case["blocks"]}
        self.lora = case.get("lora")
        if self.lora:
            add_lora(self.blocks, self.lora)
        # pure 16-bit (`bf16`): weights, gradients, optimizer state and activations in bf16
        dtype = DTYPES.get(case["precision"], torch.float32)
        for name, blk in self.blocks:
            blk.to(device=device, dtype=dtype).train()
        for p in _params(self.blocks):
            p.requires_grad_(False)
        for name, blk in self.blocks:
            if self.roles[name]["role"] == "train":
                # with LoRA only the adapters of a training block train (PEFT freezes the rest of the model)
                for pname, p in blk.named_parameters():
                    if not self.lora or "lora_" in pname:
                        p.requires_grad_(True)
        self.trainable = [p for p in _params(self.blocks) if p.requires_grad]
        self.opt = _optimizer(case["optimizer"], self.trainable)
        self.x, self.y = _batch(case, device)
        if self.x.is_floating_point():
            self.x = self.x.to(dtype)
        self.flops = None
        self.saved = None

    def _run(self, blk):
        def run(x):
            if self.flops is not None and self.flops.phase == "backward":
                self.flops.phase = "recompute"
                try:
                    return blk(x)
                finally:
                    self.flops.phase = "backward"
            return blk(x)

        return run

    def forward(self):
        x = self.x
        head = self.blocks[-1][0]
        # checkpointEvery n: only layers n, 2n, ... (counted from 1 over every body layer) are checkpointed, as
        # torchtitan's selective_ac_option n counts the layers it wraps
        every = self.case.get("checkpointEvery", 1)
        layer = 0
        for name, blk in self.blocks:
            r = self.roles[name]
            if r.get("layer"):
                layer += 1
            if r["role"] == "skip":
                continue
            if name == head and self.case.get("loss") == "chunked":
                # torchtune's model: the output projection per chunk of tokens, then the chunked loss
                return _chunked_loss([blk(c) for c in x.chunk(OUTPUT_CHUNKS, dim=1)], self.y)
            if r["role"] == "frozen-notape":
                with torch.no_grad():
                    x = blk(x)
            elif self.case["checkpoint"] and r.get("layer") and layer % every == 0:
                if self.saved is not None:
                    self.saved.append(x)  # the checkpoint keeps its input
                x = torch.utils.checkpoint.checkpoint(self._run(blk), x, use_reentrant=False)
            else:
                x = blk(x)
            if self.lora and name == "embedding" and r["role"] == "train":
                # PEFT + transformers' gradient checkpointing: enable_input_require_grads()
                x.requires_grad_(True)
        return _loss(x, self.y)

    def autocast(self):
        """The region the forward runs in: torch.autocast for the amp- recipes, nothing otherwise."""
        precision = self.case["precision"]
        if precision.startswith("amp-"):
            return torch.autocast(device_type=self.device, dtype=DTYPES[precision[4:]])
        return contextlib.nullcontext()

    def backward(self):
        with self.autocast():
            loss = self.forward()
        if self.flops is not None:
            self.flops.phase = "backward"
        loss.backward()
        del loss

    def step(self):
        self.backward()
        if self.flops is not None:
            self.flops.phase = "optimizer"
        if self.opt is not None:
            self.opt.step()
            self.opt.zero_grad(set_to_none=True)

    def persistent(self):
        """Tensors alive between steps: parameters, buffers, optimizer state, the batch."""
        ts = [p for _, blk in self.blocks for p in blk.parameters()]
        ts += [b for _, blk in self.blocks for b in blk.buffers()]
        if self.opt is not None:
            for st in self.opt.state.values():
                ts += [v for v in st.values() if torch.is_tensor(v)]
        return ts + [self.x, self.y]

    def sync(self):
        if self.device == "cuda":
            torch.cuda.synchronize()


def optimizer_step_transient(r, device):
    """Bytes opt.step() allocates beyond what is live when it starts (its temporaries), from one more step whose
    optimizer step alone is measured; None without an optimizer."""
    if r.opt is None:
        return None
    r.backward()
    live, _ = unique_bytes(r.persistent() + [p.grad for p in r.trainable])
    mem = PeakMemory(device)
    with mem.region(live):
        r.opt.step()
    r.opt.zero_grad(set_to_none=True)
    return mem.peak - mem.start


def step_seconds(r, n):
    """Wall seconds of n steps, each timed on its own between synchronisations (the median is the case's time)."""
    out = []
    for _ in range(n):
        r.sync()
        t0 = time.perf_counter()
        r.step()
        r.sync()
        out.append(time.perf_counter() - t0)
    return out


def kernel_profile(r):
    """The GPU kernels of one step, from torch.profiler: each kernel name with its calls and device time, and the
    step's wall time under the profiler. An error (no CUPTI, say) is reported in place of the kernels."""
    try:
        from torch.profiler import ProfilerActivity, profile

        r.sync()
        with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA], record_shapes=True) as prof:
            t0 = time.perf_counter()
            r.step()
            r.sync()
            wall = time.perf_counter() - t0
        rows = []
        for e in prof.key_averages():
            us = device_microseconds(e)
            if us:
                rows.append({"name": e.key[:200], "deviceType": str(getattr(e, "device_type", "")), "calls": e.count, "microseconds": us})
        rows.sort(key=lambda k: -k["microseconds"])
        # the aten ops that launched them, by input shapes: each op's own kernels' device time (what a bytes count
        # per op and shape can be set against)
        ops = []
        for e in prof.key_averages(group_by_input_shape=True):
            us = device_microseconds(e)
            if us and e.key.startswith("aten::"):
                ops.append({"name": e.key, "inputShapes": [list(x) if isinstance(x, (list, tuple)) else x for x in (e.input_shapes or [])],
                            "calls": e.count, "microseconds": us})
        ops.sort(key=lambda k: -k["microseconds"])
        return {"wallSeconds": wall, "kernels": rows, "ops": ops}
    except Exception as e:  # the measurement of time still stands without the breakdown
        return {"error": "%s: %s" % (type(e).__name__, e)}


def measure(case, device):
    r = Runner(case, device)
    params = _params(r.blocks)
    r.step()  # warm-up: optimizer state, first-touch allocations
    live, _ = unique_bytes(r.persistent())
    mem = PeakMemory(device)
    with mem.region(live):
        r.step()
    _, persistent_ptrs = unique_bytes(r.persistent())
    weight_shapes = {tuple(p.shape) for p in r.trainable} | {tuple(reversed(p.shape)) for p in r.trainable if p.dim() == 2}
    r.flops = ContractionFlops(weight_shapes)
    saved = []
    r.saved = saved
    with r.flops:
        with saved_tensors(saved), r.autocast():
            loss = r.forward()
        saved_bytes = sum(n for ptr, n in dict(storage_key(t) for t in saved).items() if ptr and ptr not in persistent_ptrs)
        r.saved = None
        del saved
        r.flops.phase = "backward"
        loss.backward()
        r.flops.phase = "optimizer"
        if r.opt is not None:
            r.opt.step()
            r.opt.zero_grad(set_to_none=True)
        del loss
    flops = r.flops.totals
    r.flops = None
    steps = step_seconds(r, case.get("timedSteps", 1))
    kernels = kernel_profile(r) if case.get("profileKernels") and device == "cuda" else None
    state = [v for st in (r.opt.state.values() if r.opt else []) for v in st.values() if torch.is_tensor(v)]
    step_transient = optimizer_step_transient(r, device)
    extra = {"snapshot": mem.snapshot_summary()} if case.get("trace") else {}
    return {
        **extra,
        "name": case["name"],
        "measured": {
            "params": sum(p.numel() for p in params),
            "trainableParams": sum(p.numel() for p in r.trainable),
            "paramBytes": unique_bytes(params)[0],
            "optimizerStateBytes": unique_bytes(state)[0],
            "batchBytes": unique_bytes([r.x, r.y])[0],
            "liveAtStepStart": live,
            # what the allocator held when the measured step started: the live tensors above plus what the runtime
            # keeps in the caching allocator (cuBLAS / cuBLASLt workspaces); the CPU's profiler counts tensors only
            **({"allocatedAtStepStart": mem.start} if device == "cuda" else {}),
            "peakBytes": mem.peak,
            "reservedBytes": mem.reserved,
            "savedBytes": saved_bytes,
            "flops": {**flops, "total": sum(flops[k] for k in ("forward", "inputGrad", "weightGrad", "recompute"))},
            "stepSeconds": sorted(steps)[len(steps) // 2],
            **({"stepSecondsEach": steps} if len(steps) > 1 else {}),
            **({"kernels": kernels} if kernels is not None else {}),
            "optimizerStepTransient": step_transient,
        },
    }


def environment(device):
    env = {"torch": torch.__version__, "device": device, "threads": torch.get_num_threads()}
    try:
        import torchvision

        env["torchvision"] = torchvision.__version__
    except ImportError:
        env["torchvision"] = None
    if device == "cuda":
        env["gpu"] = torch.cuda.get_device_name(0)
    return env


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: torch_harness.py CASES.json|-  > measured.json\n")
        return 2
    src = sys.stdin if argv[1] == "-" else open(argv[1], encoding="utf-8")
    doc = json.load(src)
    if doc.get("protocol") != PROTOCOL:
        sys.stderr.write("segplan-harness: cases file of protocol %r, this harness speaks %d\n" % (doc.get("protocol"), PROTOCOL))
        return 2
    device = doc.get("device", "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        sys.stderr.write("segplan-harness: CUDA is not available to torch %s\n" % torch.__version__)
        return 3
    if doc.get("threads"):
        torch.set_num_threads(int(doc["threads"]))
    results = []
    cases = doc["cases"]
    for i, case in enumerate(cases):
        sys.stderr.write("case %d/%d %s\n" % (i + 1, len(cases), case["name"]))
        sys.stderr.flush()
        try:
            out = measure(case, device)
        except Exception as e:  # a case that cannot run is reported, the others still run
            out = {"name": case["name"], "error": "%s: %s" % (type(e).__name__, e)}
        # the next case starts on an empty GPU: this one's model, optimizer and cached blocks go first
        gc.collect()
        if device == "cuda":
            torch.cuda.empty_cache()
        results.append({**out, "case": case})
    json.dump({"protocol": PROTOCOL, "environment": environment(device), "results": results}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
