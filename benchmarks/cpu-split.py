#!/usr/bin/env python3
"""Splits async-profiler's collapsed CPU samples (recorded with `threads`, 1 ms interval) per request.

    cpu-split.py <collapsed> <requests> [<baseline collapsed> <baseline requests>]

Prints the CPU per request (µs) of each thread group, then, for the request threads (Tomcat's `exec` pool), the
samples by the innermost library on the stack, the own work of each servlet filter (without the rest of the chain),
and the largest observation and tracing entry points. With a baseline (the bare build), each row shows both and the
difference. A sample stands for 1 ms of CPU.
"""
import collections
import re
import sys

LIBRARIES = [
    ("starter (dev.platform)", r"dev/platform/(?!benchmarks)"),
    ("benchmark service", r"dev/platform/benchmarks"),
    ("Micrometer tracing", r"io/micrometer/tracing"),
    ("OpenTelemetry", r"io/opentelemetry"),
    ("Micrometer observation", r"io/micrometer/observation"),
    ("Micrometer meters", r"io/micrometer/(core|common)"),
    ("Prometheus client", r"io/prometheus"),
    ("Boot tracing", r"org/springframework/boot/micrometer"),
    ("Logback, SLF4J, logstash", r"ch/qos/logback|net/logstash|org/slf4j"),
    ("Jackson", r"tools/jackson|com/fasterxml"),
    ("Spring", r"org/springframework"),
    ("Tomcat", r"org/apache"),
]

ENTRY_POINTS = [
    "PropagatingReceiverTracingObservationHandler.onStart",
    "PropagatingReceiverTracingObservationHandler.onStop",
    "TracingObservationHandler.onScopeOpened",
    "TracingObservationHandler.onScopeClosed",
    "OtelCurrentTraceContext.maybeScope",
    "CompositeTextMapPropagator.extract",
    "BaggageTextMapPropagator.extract",
    "DefaultMeterObservationHandler.onStart",
    "DefaultMeterObservationHandler.onStop",
    "JwtTokenVerifier.verify",
    "VerificationCache.keyOf",
    "JwtAuthorizationInterceptor.preHandle",
    "BenchController.trivial",
    "BenchController.work",
]

REQUEST_THREAD = re.compile(r"-exec-")


def frames_of(stack):
    return [re.sub(r"_\[[a-z0-9]\]$", "", frame) for frame in stack.split(";")]


def split(path, requests):
    per_thread = collections.Counter()
    library = collections.Counter()
    filters = collections.Counter()
    entries = collections.Counter()
    with open(path) as lines:
        for line in lines:
            stack, count = line.rsplit(" ", 1)
            count = int(count)
            frames = frames_of(stack)
            per_thread[re.sub(r"\d+", "N", frames[0].split(" tid=")[0].strip("["))] += count
            if not REQUEST_THREAD.search(frames[0]):
                continue
            owner = "JDK, JVM and kernel"
            for frame in reversed(frames[1:]):
                hit = next((name for name, pattern in LIBRARIES if re.match(pattern, frame)), None)
                if hit:
                    owner = hit
                    break
            library[owner] += count
            for i, frame in enumerate(frames):
                if frame.endswith(".doFilterInternal"):
                    if not any("FilterChain.doFilter" in later for later in frames[i + 1:]):
                        filters[frame.split("/")[-1]] += count
            seen = set()
            for frame in frames:
                for entry in ENTRY_POINTS:
                    if frame.endswith(entry) and entry not in seen:
                        seen.add(entry)
                        entries[entry] += count
    scale = 1000.0 / requests
    return {name: {k: v * scale for k, v in table.items()}
            for name, table in (("threads", per_thread), ("library", library), ("filters", filters),
                                ("entries", entries))}


def show(title, tables, key):
    print(f"\n{title}")
    rows = set().union(*(t[key] for t in tables))
    ordered = sorted(rows, key=lambda r: -max(t[key].get(r, 0) for t in tables))
    for row in ordered:
        values = [t[key].get(row, 0) for t in tables]
        if max(values) < 0.05:
            continue
        cells = " ".join(f"{v:9.2f}" for v in values)
        diff = f" {values[0] - values[1]:+9.2f}" if len(values) == 2 else ""
        print(f"  {row[:60]:60s} {cells}{diff}")


def main():
    if len(sys.argv) not in (3, 5):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    tables = [split(sys.argv[1], int(sys.argv[2]))]
    header = "profile"
    if len(sys.argv) == 5:
        tables.append(split(sys.argv[3], int(sys.argv[4])))
        header = "profile, baseline, difference"
    print(f"CPU per request (µs): {header}")
    show("Threads", tables, "threads")
    show("Request threads, by the innermost library on the stack", tables, "library")
    show("Servlet filters' own work (without the rest of the chain)", tables, "filters")
    show("Entry points on the request threads (inclusive)", tables, "entries")


if __name__ == "__main__":
    main()
