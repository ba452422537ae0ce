#!/usr/bin/env bash
# Everything segplan measures on a GPU machine, in one run (needs PyTorch with CUDA; no Node):
#   1. the machine's state (nvidia-smi), 2. a calibration file (harness/calibrate.py), 3. the gpu suite's training
#   steps (step time, kernels by name, memory), 4. the full suite's small cases on CUDA (memory).
# Export the cases first where segplan is installed:
#   segplan validate --backend torch-cuda --suite gpu --export CASES_DIR/cases-gpu.json
#   segplan validate --backend torch-cuda --suite full --export CASES_DIR/cases-full.json
# then here: harness/gpu_evidence.sh CASES_DIR OUT_DIR SEGPLAN_GPU_ID, and back where segplan is:
#   segplan validate --import OUT_DIR/measured-gpu.json --calibration OUT_DIR/calibration.json --report
# Each step has its own time limit, so a slow step still leaves the later ones their turn.
set -u
cases=$1 out=$2 gpu=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
export PYTHONUNBUFFERED=1
log=$out/log.txt # every step's messages, in order
nvidia-smi --query-gpu=name,driver_version,power.limit,power.max_limit,clocks.max.sm,clocks.sm,memory.total,temperature.gpu --format=csv >>"$log" 2>&1
python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, torch.cuda.get_device_name())' >>"$log" 2>&1
step() { # name seconds command...
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS
  echo "== $name" >>"$log"
  timeout "$limit" "$@" 2>>"$log"
  echo "== $name: exit $? after $((SECONDS - t0)) s" >>"$log"
}
step calibrate 170 python3 "$here/calibrate.py" -o "$out/calibration.json" --segplan-gpu "$gpu"
step measured-gpu 200 sh -c "python3 '$here/torch_harness.py' '$cases/cases-gpu.json' >'$out/measured-gpu.json'"
step measured-full 100 sh -c "python3 '$here/torch_harness.py' '$cases/cases-full.json' >'$out/measured-full.json'"
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu --format=csv >>"$log" 2>&1
grep -v '^case ' "$log" | tail -n 40
