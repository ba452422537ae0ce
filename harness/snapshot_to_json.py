#!/usr/bin/env python3
"""A PyTorch CUDA memory snapshot, summarised as JSON for `segplan compare-snapshot`.

    # in the training job, around one step:
    torch.cuda.memory._record_memory_history()
    ... one training step ...
    torch.cuda.memory._dump_snapshot("snapshot.pickle")
    # then, anywhere with Python (no torch needed):
    python3 snapshot_to_json.py snapshot.pickle > snapshot.json

Reads the allocator's event history (`device_traces`) and its segments: the bytes allocated when the history
starts, after every allocation and free, their peak with the stack frames of the allocation that reached it,
and the bytes the caching allocator holds (reserved). Only open snapshots you made yourself: they are pickles."""

import json
import pickle
import sys

PROTOCOL = 1


def frames_of(entry, limit=6):
    out = []
    for f in entry.get("frames") or []:
        name = "%s:%s %s" % (f.get("filename", "?"), f.get("line", "?"), f.get("name", "?"))
        # the allocator's own C++ frames say nothing about the model
        if f.get("filename", "").endswith((".cpp", ".h", ".cc")) or "??" in name:
            continue
        out.append(name)
        if len(out) == limit:
            break
    return out


def summarise(snap, device=0):
    segments = [s for s in snap.get("segments", []) if s.get("device", 0) == device]
    reserved = sum(s.get("total_size", 0) for s in segments)
    allocated_now = sum(b.get("size", 0) for s in segments for b in s.get("blocks", []) if b.get("state") == "active_allocated")
    traces = snap.get("device_traces") or []
    trace = traces[device] if device < len(traces) else []
    # replay the history backwards from the state at the end to find the bytes allocated when it starts
    net = 0
    for e in trace:
        if e["action"] == "alloc":
            net += e["size"]
        elif e["action"] == "free_completed":
            net -= e["size"]
    start = allocated_now - net
    cur = start
    curve = [start]
    peak, peak_at, peak_entry = start, 0, None
    for e in trace:
        if e["action"] == "alloc":
            cur += e["size"]
        elif e["action"] == "free_completed":
            cur -= e["size"]
        else:
            continue
        curve.append(cur)
        if cur > peak:
            peak, peak_at, peak_entry = cur, len(curve) - 1, e
    return {
        "protocol": PROTOCOL,
        "kind": "cuda-memory-snapshot",
        "device": device,
        "events": len(curve) - 1,
        "allocatedAtStart": start,
        "allocatedAtEnd": allocated_now,
        "peakAllocated": peak,
        "peakEvent": peak_at,
        "peakFrames": frames_of(peak_entry) if peak_entry else [],
        "reservedBytes": reserved,
        "curve": curve,
    }


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: snapshot_to_json.py SNAPSHOT.pickle [DEVICE] > snapshot.json\n")
        return 2
    with open(argv[1], "rb") as f:
        snap = pickle.load(f)
    if not isinstance(snap, dict) or "segments" not in snap:
        sys.stderr.write("snapshot_to_json: %s is not a torch.cuda.memory snapshot (no 'segments')\n" % argv[1])
        return 2
    json.dump(summarise(snap, int(argv[2]) if len(argv) == 3 else 0), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
