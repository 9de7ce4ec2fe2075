#!/usr/bin/python3
# compare-peer.py — our engine against the PyTorch peer, same sizes, same thread count, one run
#
# Copyright 2026 The NTK Lab authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: compare-peer.py BENCH-ENGINE PEER_TORCH.PY [--threads 2] [--rounds 3]
# Each round runs, per size, bench-engine (ntk-small or step) and right after it peer_torch.py
# (ntk or step) at the same sizes; the speed-up of a round is peer/ours from that adjacent pair,
# and the report gives the median over rounds, so a machine whose load changes minute to
# minute (a shared one) still yields a fair ratio. One JSON line. A missing peer (file or python3-torch) is reported
# in the JSON, with our own times still given, and the exit status is 0: a benchmark, not a test.
import json, os, statistics, subprocess, sys

def option(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default

THREADS = option("--threads", 2)
ROUNDS = max(1, option("--rounds", 3))
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

def load():
    try:
        return float(open("/proc/loadavg").read().split()[0])
    except (OSError, ValueError):
        return None

report = {"bench": "compare-peer", "threads": THREADS, "rounds": ROUNDS,
          "peer": os.path.abspath(peer), "load_before": load()}

peer_status = "ok"
if not os.path.exists(peer):
    peer_status = "missing: %s not found" % peer
else:
    chk = subprocess.run([python, "-c", "import torch, functorch"], capture_output=True, text=True)
    if chk.returncode != 0:
        peer_status = "missing: %s cannot import torch/functorch (install python3-torch)" % python
report["peer_status"] = peer_status

rounds = {what: [] for what in SIZES}
for r in range(ROUNDS if peer_status == "ok" else 1):
    # ours, then the peer, per size: the two times of a pair are taken a few seconds apart
    for what, s in SIZES.items():
        res = subprocess.run([bench, "--only", s["ours"], "--no-roofline", "--threads", str(THREADS)],
                             capture_output=True, text=True, env=env)
        if res.returncode != 0:
            report["error"] = "bench-engine failed: " + res.stderr.strip()[-500:]
            print(json.dumps(report))
            sys.exit(1)
        ours = {d["bench"]: d for d in json_lines(res.stdout)}
        entry = {"ours_seconds": ours.get(s["ours"], {}).get("seconds")}
        if peer_status == "ok":
            p = subprocess.run([python, peer, what, "--n", str(s["n"]), "--width", str(s["width"]),
                                "--depth", str(s["depth"]), "--threads", str(THREADS)],
                               capture_output=True, text=True, env=env)
            lines = json_lines(p.stdout)
            if p.returncode != 0 or not lines:
                entry["peer_error"] = p.stderr.strip()[-500:]
            else:
                entry["peer_seconds"] = lines[-1]["seconds"]
                if entry["ours_seconds"]:
                    entry["speedup"] = entry["peer_seconds"] / entry["ours_seconds"]
        rounds[what].append(entry)

all_met = peer_status == "ok"
for what, s in SIZES.items():
    entries = rounds[what]
    ours_t = [e["ours_seconds"] for e in entries if e.get("ours_seconds")]
    peer_t = [e["peer_seconds"] for e in entries if "peer_seconds" in e]
    ups = [e["speedup"] for e in entries if "speedup" in e]
    out = {"n": s["n"], "width": s["width"], "depth": s["depth"], "target_speedup": s["target"],
           "ours_seconds": round(statistics.median(ours_t), 6) if ours_t else None}
    if peer_t:
        out["peer_seconds"] = round(statistics.median(peer_t), 6)
    if ups:
        out["speedup"] = round(statistics.median(ups), 2)
        out["speedup_per_round"] = [round(u, 2) for u in ups]
        out["target_met"] = out["speedup"] >= s["target"]
    errors = [e["peer_error"] for e in entries if "peer_error" in e]
    if errors:
        out["peer_error"] = errors[-1]
    all_met = all_met and out.get("target_met", False)
    report[what] = out
report["load_after"] = load()
report["all_targets_met"] = all_met
print(json.dumps(report))
