#!/usr/bin/env python3
"""Summarises `jfr print` output of jdk.ExecutionSample (CPU) or jdk.ObjectAllocationSample (allocation)
events: where samples land by library family (inclusive: a sample counts once for every family on its stack)
and by top frame (self). Allocation samples are weighted by their bytes.

    profile-summary.py <jfr-print-output> [cpu|alloc]
"""
import collections
import re
import sys

FAMILIES = [
    ("platform starter (dev.platform)", "dev.platform."),
    ("OpenTelemetry SDK / exporter", "io.opentelemetry."),
    ("Micrometer (metrics, observation, tracing bridge)", "io.micrometer."),
    ("Prometheus client", "io.prometheus."),
    ("Logback", "ch.qos.logback."),
    ("logstash-logback-encoder (JSON logs)", "net.logstash."),
    ("Jackson", "tools.jackson."),
    ("java-jwt", "com.auth0."),
    ("Resilience4j", "io.github.resilience4j."),
    ("java.util.regex", "java.util.regex."),
    ("Spring Framework / Boot", "org.springframework."),
    ("Tomcat", "org.apache."),
]

UNITS = {"bytes": 1, "byte": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def events(path):
    stack, inside, weight = [], False, 1.0
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            text = line.strip()
            match = re.match(r"weight = ([0-9.,]+) (\w+)", text)
            if match:
                weight = float(match.group(1).replace(",", "")) * UNITS.get(match.group(2), 1)
            elif text.startswith("stackTrace = ["):
                stack, inside = [], True
            elif inside and text == "]":
                inside = False
                yield stack, weight
                weight = 1.0
            elif inside and text and text != "...":
                stack.append(re.sub(r"\s+line:.*$", "", text))


def main():
    kind = sys.argv[2] if len(sys.argv) > 2 else "cpu"
    total, count = 0.0, 0
    inclusive = collections.Counter()
    top = collections.Counter()
    for stack, weight in events(sys.argv[1]):
        weight = weight if kind == "alloc" else 1.0
        total += weight
        count += 1
        if stack:
            top[stack[0]] += weight
        for name, prefix in FAMILIES:
            if any(frame.startswith(prefix) for frame in stack):
                inclusive[name] += weight
    what = "allocation samples (weighted by bytes)" if kind == "alloc" else "CPU execution samples"
    print(f"JFR {what}: {count} events, all threads, stack depth 64\n")
    print("| Code on the stack (inclusive) | Share |")
    print("|---|---:|")
    for name, _ in FAMILIES:
        if total:
            print(f"| {name} | {100.0 * inclusive[name] / total:.1f} % |")
    print("\n| Top frame (self) | Share |")
    print("|---|---:|")
    for frame, weight in top.most_common(15):
        print(f"| `{frame[:110]}` | {100.0 * weight / total:.1f} % |")


if __name__ == "__main__":
    main()
