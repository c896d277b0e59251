#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample` output: where CPU samples land, by library family
(inclusive: a sample counts once for every family on its stack) and by top frame (self time)."""
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
    ("Spring Framework / Boot", "org.springframework."),
    ("Tomcat", "org.apache."),
]


def samples(path):
    stack, inside = [], False
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            text = line.strip()
            if text.startswith("stackTrace = ["):
                stack, inside = [], True
            elif inside and text == "]":
                inside = False
                yield stack
            elif inside and text and text != "...":
                stack.append(re.sub(r"\s+line:.*$", "", text))


def main():
    total = 0
    inclusive = collections.Counter()
    top = collections.Counter()
    for stack in samples(sys.argv[1]):
        total += 1
        if stack:
            top[stack[0]] += 1
        for name, prefix in FAMILIES:
            if any(frame.startswith(prefix) for frame in stack):
                inclusive[name] += 1
    print(f"JFR execution samples: {total} (all threads, stack depth 64)\n")
    print("| Code on the stack (inclusive) | Samples | Share |")
    print("|---|---:|---:|")
    for name, _ in FAMILIES:
        if total:
            print(f"| {name} | {inclusive[name]} | {100.0 * inclusive[name] / total:.1f} % |")
    print("\n| Top frame (self) | Samples | Share |")
    print("|---|---:|---:|")
    for frame, count in top.most_common(15):
        print(f"| `{frame[:110]}` | {count} | {100.0 * count / total:.1f} % |")


if __name__ == "__main__":
    main()
