#!/usr/bin/env python3
"""Turns one benchmarks/run result folder into markdown: min/median/max per variant, ratios against bare per
round (then min/median/max of those), JMH iterations, and the issue's targets met or missed (on the median)."""
import collections
import json
import os
import statistics
import sys

OUT = sys.argv[1]


def mmm(values, digits=2):
    if not values:
        return "–"
    fmt = f"{{:.{digits}f}}"
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def load():
    data = collections.defaultdict(dict)  # (variant, metric) -> {round: value}
    path = os.path.join(OUT, "raw.tsv")
    if not os.path.exists(path):
        return None
    with open(path) as lines:
        for line in lines:
            round_, variant, metric, value = line.rstrip("\n").split("\t")
            if value == "":
                continue
            data[(variant, metric)][int(round_)] = float(value)
    return data


def per_round(data, metric, variant, op):
    bare, other = data.get(("bare", metric), {}), data.get((variant, metric), {})
    return [op(other[r], bare[r]) for r in sorted(bare) if r in other and bare[r] != 0]


VERDICTS = []


def verdict(name, value, ok, detail, undecided=False):
    VERDICTS.append((name, value, "**undecided**" if undecided else ("met" if ok else "**missed**"), detail))


def load_section(data):
    print("## Load benchmark\n")
    print("Each cell is min / median / max over the rounds. Variants ran interleaved (bare, starter, agent, bare, ...).\n")
    metrics = [
        ("startup_ms", "Startup to first served request (ms)", 0),
        ("startup_idle_ms", "Startup on an idle machine, every launch of the startup part (ms)", 0),
        ("heap_after_warmup_mb", "Live heap after warm-up and a full GC (MiB)", 1),
        ("threads", "Threads after warm-up", 0),
        ("threads_background", "Threads after warm-up, without Tomcat's request threads and HttpClient's workers (jstack)", 0),
        ("warmup_s_trivial", "Warm-up until the JIT settled, /trivial (s)", 0),
        ("warmup_s_work", "Warm-up until the JIT settled, /work (s)", 0),
        ("saturation_rps_trivial", "Saturation, /trivial (req/s, wrk)", 0),
        ("saturation_rps_work", "Saturation, /work (req/s, wrk)", 0),
        ("jit_ms_saturation_trivial", "JIT compiler CPU during the /trivial saturation run (ms)", 0),
        ("jit_ms_saturation_work", "JIT compiler CPU during the /work saturation run (ms)", 0),
        ("fixed_rate_trivial", "Fixed rate, /trivial (req/s; half of bare's saturation)", 0),
        ("fixed_achieved_rps_trivial", "Achieved rate, /trivial", 0),
        ("p50_us_trivial", "p50 at fixed rate, /trivial (µs)", 0),
        ("p99_us_trivial", "p99 at fixed rate, /trivial (µs)", 0),
        ("fixed_rate_work", "Fixed rate, /work (req/s; half of bare's saturation)", 0),
        ("fixed_achieved_rps_work", "Achieved rate, /work", 0),
        ("p50_us_work", "p50 at fixed rate, /work (µs)", 0),
        ("p99_us_work", "p99 at fixed rate, /work (µs)", 0),
        ("fixed_errors_trivial", "Errors at fixed rate, /trivial", 0),
        ("fixed_errors_work", "Errors at fixed rate, /work", 0),
        ("cpu_us_per_request_saturation_trivial", "Service CPU per request at saturation, /trivial (µs)", 1),
        ("cpu_us_per_request_saturation_work", "Service CPU per request at saturation, /work (µs)", 1),
        ("cpu_us_per_request_fixed_trivial", "Service CPU per request at the fixed rate, /trivial (µs)", 1),
        ("cpu_us_per_request_fixed_work", "Service CPU per request at the fixed rate, /work (µs)", 1),
        ("alloc_kb_per_request_trivial", "Allocation per request, /trivial (KiB)", 1),
        ("alloc_kb_per_request_work", "Allocation per request, /work (KiB)", 1),
        ("loadavg", "Machine load average when the variant started", 1),
    ]
    print("| Metric | bare | starter | agent |")
    print("|---|---|---|---|")
    for metric, label, digits in metrics:
        cells = [mmm(list(data.get((v, metric), {}).values()), digits) for v in ("bare", "starter", "agent")]
        print(f"| {label} | " + " | ".join(cells) + " |")

    ratio = lambda a, b: a / b
    delta = lambda a, b: a - b
    print("\n### Against bare, per round (min / median / max)\n")
    print("| Figure | starter | agent |")
    print("|---|---|---|")
    rows = [
        ("Throughput ratio, /trivial", "saturation_rps_trivial", ratio, 3),
        ("Throughput ratio, /work", "saturation_rps_work", ratio, 3),
        ("p50 added at fixed rate, /trivial (µs)", "p50_us_trivial", delta, 0),
        ("p99 added at fixed rate, /trivial (µs)", "p99_us_trivial", delta, 0),
        ("p50 added at fixed rate, /work (µs)", "p50_us_work", delta, 0),
        ("p99 added at fixed rate, /work (µs)", "p99_us_work", delta, 0),
        ("Startup ratio", "startup_ms", ratio, 2),
        ("Startup added (ms)", "startup_ms", delta, 0),
        ("Startup ratio, idle machine (per launch)", "startup_idle_ms", ratio, 2),
        ("Startup added, idle machine (ms, per launch)", "startup_idle_ms", delta, 0),
        ("Heap ratio", "heap_after_warmup_mb", ratio, 2),
        ("Threads added", "threads", delta, 0),
        ("Threads added, without the request-sized pools", "threads_background", delta, 0),
        ("CPU per request ratio at saturation, /trivial", "cpu_us_per_request_saturation_trivial", ratio, 2),
        ("CPU per request ratio at saturation, /work", "cpu_us_per_request_saturation_work", ratio, 2),
        ("CPU per request added at the fixed rate, /trivial (µs)", "cpu_us_per_request_fixed_trivial", delta, 1),
        ("CPU per request added at the fixed rate, /work (µs)", "cpu_us_per_request_fixed_work", delta, 1),
        ("Allocation ratio, /trivial", "alloc_kb_per_request_trivial", ratio, 2),
        ("Allocation ratio, /work", "alloc_kb_per_request_work", ratio, 2),
    ]
    medians = {}
    for label, metric, op, digits in rows:
        cells = []
        for variant in ("starter", "agent"):
            values = per_round(data, metric, variant, op)
            medians[(label, variant)] = statistics.median(values) if values else None
            cells.append(mmm(values, digits))
        print(f"| {label} | " + " | ".join(cells) + " |")

    def target(name, label, limit, higher_is_better, unit=""):
        value = medians.get((label, "starter"))
        if value is None:
            return
        ok = value >= limit if higher_is_better else value <= limit
        gap = value - limit
        detail = f"target {'>=' if higher_is_better else '<='} {limit}{unit}"
        if not ok:
            detail += f"; off by {abs(gap):.3g}{unit}"
        verdict(name, f"{value:.3g}{unit}", ok, detail)

    target("Throughput starter/bare, /trivial", "Throughput ratio, /trivial", 0.90, True)
    target("Throughput starter/bare, /work", "Throughput ratio, /work", 0.95, True)
    for endpoint in ("trivial", "work"):
        label = f"Throughput ratio, /{endpoint}"
        s, a = medians.get((label, "starter")), medians.get((label, "agent"))
        if s is not None and a is not None:
            verdict(f"Throughput starter above agent, /{endpoint}", f"{s:.3f} vs {a:.3f}", s > a,
                    "target: starter ratio > agent ratio")
    target("p99 added at fixed rate, /trivial", "p99 added at fixed rate, /trivial (µs)", 500, False, " µs")
    target("p99 added at fixed rate, /work", "p99 added at fixed rate, /work (µs)", 500, False, " µs")
    target("Startup starter/bare", "Startup ratio", 1.25, False)
    target("Startup added", "Startup added (ms)", 500, False, " ms")
    target("Startup starter/bare, idle machine", "Startup ratio, idle machine (per launch)", 1.25, False)
    target("Startup added, idle machine", "Startup added, idle machine (ms, per launch)", 500, False, " ms")
    target("Threads added (all threads)", "Threads added", 6, False)
    target("Threads added (without the request-sized pools)", "Threads added, without the request-sized pools", 6, False)
    print()


def jmh_section():
    path = os.path.join(OUT, "jmh.json")
    if not os.path.exists(path):
        return
    with open(path) as source:
        results = json.load(source)
    print("## Component benchmarks (JMH)\n")
    print("Average time per operation; min / median / max over all measurement iterations (all forks).\n")
    print("| Benchmark | Unit | min / median / max | JMH score ± error (99.9 %) | Allocated per op (B, -prof gc) |")
    print("|---|---|---|---|---|")
    medians = {}
    for result in results:
        name = result["benchmark"].replace("dev.platform.benchmarks.jmh.", "")
        # A run comparing a setting (-p properties=...) lists each value as a benchmark of its own.
        params = {k: v for k, v in (result.get("params") or {}).items() if v != "none"}
        if params:
            name += " [" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"
        metric = result["primaryMetric"]
        raw = [v for fork in metric["rawData"] for v in fork]
        medians[name] = (statistics.median(raw), metric["scoreUnit"], [statistics.median(fork) for fork in metric["rawData"]])
        error = metric.get("scoreError")
        error = "NaN" if error is None or error != error else f"{error:.3f}"
        secondary = result.get("secondaryMetrics", {})
        norm = secondary.get("gc.alloc.rate.norm") or secondary.get("\u00b7gc.alloc.rate.norm")
        alloc = f"{norm['score']:.0f}" if norm else "–"
        print(f"| {name} | {metric['scoreUnit']} | {mmm(raw, 3)} | {metric['score']:.3f} ± {error} | {alloc} |")
    print()
    cached = medians.get("JwtVerifyBenchmark.verifyCached")
    cold = medians.get("JwtVerifyBenchmark.verifyCold")
    raw = medians.get("JwtVerifyBenchmark.jdkSignatureVerify")
    reused = medians.get("JwtVerifyBenchmark.jdkSignatureVerifyReused")
    if cached:
        verdict("Cached JWT verify", f"{cached[0]:.3f} µs", cached[0] <= 2.0,
                "target <= 2 µs" + ("" if cached[0] <= 2.0 else f"; off by {cached[0] - 2.0:.3f} µs"))
    for floor, label in ((raw, "raw JDK verify"), (reused, "JDK verify on a reused Signature (stricter floor)")):
        if cold and floor:
            r = cold[0] / floor[0]
            # Fork by fork (JMH forks are separate JVMs): when their ratios fall on both sides of the limit, the
            # median's side of it is chance, and the verdict says so.
            forks = [c / f for c, f in zip(cold[2], floor[2])]
            straddles = len(forks) > 1 and min(forks) <= 1.1 < max(forks)
            detail = "target <= 1.1" + ("" if r <= 1.1 else f"; off by {r - 1.1:.3f}")
            detail += "; per fork " + ", ".join(f"{f:.3f}" for f in forks)
            verdict(f"Cold JWT verify / {label}", f"{r:.3f}", r <= 1.1, detail, undecided=straddles)

def main():
    with open(os.path.join(OUT, "machine.txt")) as machine:
        print("```\n" + machine.read().rstrip() + "\n```\n")
    data = load()
    if data:
        load_section(data)
    jmh_section()
    if VERDICTS:
        print("## Targets (issue 9), judged on the median\n")
        print("| Target | Starter (median) | Verdict | Detail |")
        print("|---|---|---|---|")
        for name, value, ok, detail in VERDICTS:
            print(f"| {name} | {value} | {ok} | {detail} |")
        print()
    profile = os.path.join(OUT, "profile.md")
    if os.path.exists(profile):
        print("## Profile: starter build, /trivial at saturation\n")
        with open(profile) as text:
            print(text.read())


if __name__ == "__main__":
    main()
