#!/usr/bin/python3
# compare-peer.py — our engine against the PyTorch peer, same sizes, same thread count, one run
#
# Copyright 2026 The NTK Lab authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: compare-peer.py BENCH-ENGINE PEER_TORCH.PY [--threads 2]
# Runs bench-engine (ntk-small, step) and peer_torch.py (ntk, step) back to back and prints one
# JSON line with the times and the speed-ups peer/ours against the targets. A missing
# peer (file or python3-torch) is reported in the JSON, with our own times still given.
import json, os, subprocess, sys

THREADS = 2
if "--threads" in sys.argv:
    THREADS = int(sys.argv[sys.argv.index("--threads") + 1])
bench, peer = sys.argv[1], sys.argv[2]
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
env = dict(os.environ, OPENBLAS_NUM_THREADS=str(THREADS), OMP_NUM_THREADS=str(THREADS))

SIZES = {
    "ntk": {"ours": "ntk-small", "n": 256, "width": 512, "depth": 3, "target": 100.0},
    "step": {"ours": "step", "n": 1024, "width": 4096, "depth": 3, "target": 1.5},
}

def json_lines(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out

report = {"bench": "compare-peer", "threads": THREADS, "peer": os.path.abspath(peer)}

r = subprocess.run([bench, "--only", "ntk-small,step", "--threads", str(THREADS)],
                   capture_output=True, text=True, env=env)
ours = {d["bench"]: d for d in json_lines(r.stdout)}
if r.returncode != 0:
    report["error"] = "bench-engine failed: " + r.stderr.strip()[-500:]
    print(json.dumps(report))
    sys.exit(1)

peer_status = "ok"
if not os.path.exists(peer):
    peer_status = "missing: %s not found" % peer
else:
    chk = subprocess.run([python, "-c", "import torch, functorch"], capture_output=True, text=True)
    if chk.returncode != 0:
        peer_status = "missing: %s cannot import torch/functorch (install python3-torch)" % python
report["peer_status"] = peer_status

all_met = True
for what, s in SIZES.items():
    entry = {"n": s["n"], "width": s["width"], "depth": s["depth"],
             "ours_seconds": ours.get(s["ours"], {}).get("seconds"), "target_speedup": s["target"]}
    if peer_status == "ok":
        p = subprocess.run([python, peer, what, "--n", str(s["n"]), "--width", str(s["width"]),
                            "--depth", str(s["depth"]), "--threads", str(THREADS)],
                           capture_output=True, text=True, env=env)
        lines = json_lines(p.stdout)
        if p.returncode != 0 or not lines:
            entry["peer_error"] = p.stderr.strip()[-500:]
            all_met = False
        else:
            entry["peer_seconds"] = lines[-1]["seconds"]
            if entry["ours_seconds"]:
                entry["speedup"] = round(entry["peer_seconds"] / entry["ours_seconds"], 2)
                entry["target_met"] = entry["speedup"] >= s["target"]
                all_met = all_met and entry["target_met"]
    else:
        all_met = False
    report[what] = entry
for key in ("fraction_of_roofline", "paired_fraction_of_roofline"):
    if key in ours.get("step", {}):
        report["step"][key] = ours["step"][key]
report["all_targets_met"] = all_met
print(json.dumps(report))
