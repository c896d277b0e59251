#!/usr/bin/env python3
"""End-to-end run of the demo system on real backends, without Docker (issue 8). See docs/e2e.md.

Provisions PostgreSQL, RabbitMQ, Jaeger v2, the OpenTelemetry Collector and Prometheus as plain processes on
127.0.0.1, starts the five demo services in their `stack` mode, plays the scenario, asserts, and stops every
process it started (each in its own process group, stopped by its PID) whatever happens.

Usage: e2e/run [all|validate|up]   (all: default; validate: the collector config check only;
                                    up: provision and start everything, print the URLs, wait for Ctrl-C)
"""
import datetime
import fcntl
import glob
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

E2E = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(E2E)
# Where the stack files and the demo jars come from: this checkout unless told otherwise (handy while the
# branches that bring them are still being written).
STACK = os.environ.get("E2E_STACK_DIR", ROOT)
DEMO = os.environ.get("E2E_DEMO_DIR", ROOT)
CACHE = os.path.join(E2E, ".cache")
BIN = os.path.join(CACHE, "bin")
RUN = os.path.join(CACHE, "run")
SERVICES = ["users", "orders", "payments", "shipping", "gateway"]


def port(name, default):
    return int(os.environ.get("E2E_" + name, default))


# Ports away from the ones ./run-demo, .ci/rabbitmq, the tests and the benchmarks use, and below Linux's
# ephemeral range (32768+), so a run can share the machine.
BASE = port("SERVICE_PORT_BASE", 21080)
PORTS = {
    **{s: BASE + i for i, s in enumerate(["gateway", "users", "orders", "payments", "shipping"])},
    "postgres": port("POSTGRES_PORT", 21432),
    "rabbitmq": port("RABBITMQ_PORT", 21672),
    "rabbitmq_dist": port("RABBITMQ_DIST_PORT", 21673),
    "collector_grpc": port("COLLECTOR_GRPC_PORT", 21317),
    "collector_http": port("COLLECTOR_HTTP_PORT", 21318),
    "collector_health": port("COLLECTOR_HEALTH_PORT", 21133),
    "collector_metrics": port("COLLECTOR_METRICS_PORT", 21888),
    "jaeger_grpc": port("JAEGER_OTLP_GRPC_PORT", 22317),
    "jaeger_http": port("JAEGER_OTLP_HTTP_PORT", 22318),
    "jaeger_query": port("JAEGER_QUERY_PORT", 22686),
    "jaeger_query_grpc": port("JAEGER_QUERY_GRPC_PORT", 22685),
    "jaeger_health": port("JAEGER_HEALTH_PORT", 22134),
    "prometheus": port("PROMETHEUS_PORT", 21090),
}
DB_PASSWORD = "e2e-{}"
JAEGER = "http://127.0.0.1:%d" % PORTS["jaeger_query"]
PROM = "http://127.0.0.1:%d" % PORTS["prometheus"]
GATEWAY = "http://127.0.0.1:%d" % PORTS["gateway"]


# Linux: each child gets SIGTERM when this process dies, even by SIGKILL, when no finally runs (prctl
# PR_SET_PDEATHSIG). Only the child itself: what it forks does not inherit it, hence also the pid file below.
LIBC = None
if sys.platform.startswith("linux"):
    import ctypes
    try:
        LIBC = ctypes.CDLL(None, use_errno=True)
    except OSError:
        pass
PR_SET_PDEATHSIG = 1


def die_with_parent(parent):
    """preexec_fn of every child (after start_new_session's setsid)."""
    def child():
        if LIBC is not None:
            LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody would send the signal
            os.kill(os.getpid(), signal.SIGTERM)
    return child


# The process groups a run started, with each leader's start time (so a reused pid is never taken for one):
# a run killed before its teardown leaves them there, and the next run of this checkout stops them first.
PIDS = os.path.join(RUN, "pids.json")


def start_time(pid):
    """The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def stop_leftovers():
    """Stops the process groups a killed earlier run of this checkout left behind; returns their names."""
    try:
        with open(PIDS) as f:
            left = json.load(f)
    except (OSError, ValueError):
        return []
    stopped = []
    for name, (pid, started) in sorted(left.items()):
        # A group's number stays taken while any member lives, even after its leader died (the usual leftover:
        # the leader got SIGTERM, what it forked did not). So: a living leader must be the one we started; without
        # one, the group is still ours if it has members at all (killpg fails otherwise).
        try:
            leader = start_time(pid)
            if leader is not None and (leader != started or os.getpgid(pid) != pid):
                continue
            os.killpg(pid, signal.SIGKILL)
            stopped.append("%s (process group %d)" % (name, pid))
        except (ProcessLookupError, PermissionError):
            pass
    os.remove(PIDS)
    return stopped


class Missing(Exception):
    """A prerequisite (a file another branch brings, a binary, a package) is not there."""


class Run:
    def __init__(self):
        self.procs = {}  # name -> Popen, each the leader of its own process group
        self.results = []  # (status, name, detail)
        self.t0 = time.time()
        self.facts = {}

    # --- reporting -----------------------------------------------------------------------------------------
    def log(self, msg):
        print("[%5.0fs] %s" % (time.time() - self.t0, msg), flush=True)

    def check(self, name, ok, detail=""):
        status = "PASS" if ok else "FAIL"
        self.results.append((status, name, detail))
        print("%s  %s%s" % (status, name, "  -- " + detail if detail else ""), flush=True)
        return ok

    def skip(self, name, why):
        self.results.append(("SKIP", name, why))
        print("SKIP  %s  -- %s" % (name, why), flush=True)

    # --- processes -----------------------------------------------------------------------------------------
    def start(self, name, argv, env=None, user=None, cwd=None):
        logf = open(os.path.join(RUN, name + ".log"), "ab")
        full_env = dict(os.environ)
        full_env.update(env or {})
        if user and os.geteuid() == 0:
            argv = ["runuser", "-u", user, "--"] + argv
        p = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT, env=full_env, cwd=cwd or RUN,
                             start_new_session=True, preexec_fn=die_with_parent(os.getpid()))
        self.procs[name] = p
        self.write_pids()
        self.log("started %s (pid %d), log %s" % (name, p.pid, os.path.relpath(logf.name, ROOT)))
        return p

    def write_pids(self):
        with open(PIDS + ".tmp", "w") as f:
            json.dump({n: (p.pid, start_time(p.pid)) for n, p in self.procs.items()}, f)
        os.replace(PIDS + ".tmp", PIDS)

    def stop(self, name, sig=signal.SIGTERM, grace=20):
        p = self.procs.get(name)
        if p is None:
            return
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        # The group may outlive its leader (runuser's child, erl's helpers): kill what is left of it.
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            pass
        # Forgotten only now: a run killed while stopping it still finds it in the pid file.
        del self.procs[name]
        self.write_pids()

    def teardown(self):
        order = ["gateway", "orders", "payments", "shipping", "users", "prometheus", "collector", "jaeger",
                 "rabbitmq", "postgres"]
        names = [n for n in order if n in self.procs] + [n for n in self.procs if n not in order]
        for n in names:
            # PostgreSQL: SIGINT is its fast shutdown; SIGTERM would wait for clients.
            self.stop(n, signal.SIGINT if n == "postgres" else signal.SIGTERM)
        if names:
            self.log("stopped " + ", ".join(names))
        pgdata = self.facts.get("pgroot")
        if pgdata:
            shutil.rmtree(pgdata, ignore_errors=True)

    def alive(self, name):
        p = self.procs.get(name)
        return p is not None and p.poll() is None

    def wait_for(self, what, probe, timeout, proc=None):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if proc and not self.alive(proc):
                raise Missing("%s exited while starting; end of e2e/.cache/run/%s.log:\n%s"
                              % (proc, proc, tail(os.path.join(RUN, proc + ".log"))))
            try:
                if probe():
                    return True
            except Exception:
                pass
            time.sleep(1)
        raise Missing("%s not ready after %ds%s" % (what, timeout, "; end of its log:\n" +
                      tail(os.path.join(RUN, proc + ".log")) if proc else ""))


# --- small helpers -----------------------------------------------------------------------------------------
def tail(path, n=25):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no log)"


def port_open(p, host="127.0.0.1"):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, p)) == 0


def http(method, url, body=None, headers=None, timeout=10):
    """Returns (status, headers, body as text); never raises for an HTTP status."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode(errors="replace")


def get_json(url, timeout=10):
    status, _, text = http("GET", url, timeout=timeout)
    if status != 200:
        raise RuntimeError("GET %s: HTTP %d %s" % (url, status, text[:200]))
    return json.loads(text)


def prom_query(expr, at=None):
    q = {"query": expr}
    if at:
        q["time"] = str(at)
    return get_json(PROM + "/api/v1/query?" + urllib.parse.urlencode(q))["data"]["result"]


def prom_range(expr, start, end, step=15):
    q = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    return get_json(PROM + "/api/v1/query_range?" + q)["data"]["result"]


def need_file(path, branch):
    if not os.path.exists(path):
        raise Missing("%s is missing (it comes from the %s branch)" % (os.path.relpath(path, ROOT), branch))
    return path


# --- provisioning ------------------------------------------------------------------------------------------
def build_tools(run):
    need_file(os.path.join(E2E, "tools"), "e2e")
    run.log("building or reusing the Go tools (e2e/build-tools)")
    r = subprocess.run([os.path.join(E2E, "build-tools")], cwd=ROOT)
    if r.returncode != 0:
        raise Missing("e2e/build-tools failed (see its output above)")


def ensure_packages(run):
    """Debian's PostgreSQL and RabbitMQ; installed when missing and we are root (CI on a fresh machine)."""
    missing = []
    if not glob.glob("/usr/lib/postgresql/*/bin/postgres"):
        missing.append("postgresql")
    if not os.path.exists("/usr/lib/rabbitmq/bin/rabbitmq-server"):
        missing.append("rabbitmq-server")
    if not missing:
        return
    if os.geteuid() != 0:
        raise Missing("Debian packages missing: %s (apt-get install them)" % " ".join(missing))
    run.log("installing " + " ".join(missing))
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    # Their init scripts are refused without a service manager (policy-rc.d); this script starts them itself.
    subprocess.run(["apt-get", "install", "-y", "-qq"] + missing,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if not glob.glob("/usr/lib/postgresql/*/bin/postgres") or \
            not os.path.exists("/usr/lib/rabbitmq/bin/rabbitmq-server"):
        raise Missing("could not install " + " ".join(missing))


def start_postgres(run):
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    root = tempfile.mkdtemp(prefix="platform-e2e-pg-")
    run.facts["pgroot"] = root
    data, sock = os.path.join(root, "data"), os.path.join(root, "sock")
    os.makedirs(sock)
    pwfile = os.path.join(root, "pw")
    with open(pwfile, "w") as f:
        f.write("e2e-postgres\n")
    user = None
    if os.geteuid() == 0:
        user = "postgres"  # initdb and postgres refuse to run as root
        shutil.chown(root, user)
        shutil.chown(sock, user)
        shutil.chown(pwfile, user)
    initdb = [bindir + "/initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile, "-A", "scram-sha-256",
              "-E", "UTF8", "--locale", "C"]
    r = subprocess.run((["runuser", "-u", user, "--"] if user else []) + initdb, capture_output=True, text=True)
    if r.returncode != 0:
        raise Missing("initdb failed: " + r.stderr[-800:])
    run.start("postgres", [bindir + "/postgres", "-D", data, "-p", str(PORTS["postgres"]), "-k", sock,
                           "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"], user=user)
    env = dict(os.environ, PGPASSWORD="e2e-postgres")
    psql = ["psql", "-h", "127.0.0.1", "-p", str(PORTS["postgres"]), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
            "-q"]
    run.wait_for("PostgreSQL", lambda: subprocess.run(psql + ["-c", "select 1"], env=env,
                                                        capture_output=True).returncode == 0, 60, "postgres")
    # One database and one user per service; PUBLIC loses CONNECT, so each user reaches only its own database.
    for s in ["users", "orders", "payments", "shipping"]:
        sql = ("create user {s} password '{pw}'; create database {s} owner {s}; "
               "revoke connect on database {s} from public;").format(s=s, pw=DB_PASSWORD.format(s))
        for stmt in sql.split("; "):
            subprocess.run(psql + ["-c", stmt.rstrip(";")], env=env, check=True, capture_output=True)
    run.log("PostgreSQL ready on 127.0.0.1:%d with databases users, orders, payments, shipping" % PORTS["postgres"])


def start_rabbitmq(run):
    home = os.path.join(RUN, "rabbitmq")
    os.makedirs(home, exist_ok=True)
    plugins = os.path.join(home, "enabled_plugins")
    with open(plugins, "w") as f:
        f.write("[].\n")
    env = {
        "HOME": home,
        # Node names are machine-wide (epmd): one per AMQP port, so checkouts with moved ports can run side by side.
        "RABBITMQ_NODENAME": "platform-e2e-%d@localhost" % PORTS["rabbitmq"],
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(PORTS["rabbitmq"]),
        "RABBITMQ_DIST_PORT": str(PORTS["rabbitmq_dist"]),
        "ERL_EPMD_ADDRESS": "127.0.0.1",
        "RABBITMQ_MNESIA_BASE": os.path.join(home, "mnesia"),
        "RABBITMQ_LOG_BASE": os.path.join(home, "log"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": plugins,
        "RABBITMQ_LOGS": "-",
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
    }
    shutil.rmtree(env["RABBITMQ_MNESIA_BASE"], ignore_errors=True)
    run.start("rabbitmq", ["/usr/lib/rabbitmq/bin/rabbitmq-server"], env=env)

    def amqp_ready():
        with socket.create_connection(("127.0.0.1", PORTS["rabbitmq"]), timeout=2) as s:
            s.sendall(b"AMQP\x00\x00\x09\x01")
            return s.recv(1)[:1] == b"\x01"  # a method frame: Connection.Start

    run.wait_for("RabbitMQ", amqp_ready, 120, "rabbitmq")
    run.log("RabbitMQ ready on 127.0.0.1:%d (guest/guest, loopback only)" % PORTS["rabbitmq"])


def collector_env():
    return {
        "OTELCOL_OTLP_GRPC_ENDPOINT": "127.0.0.1:%d" % PORTS["collector_grpc"],
        "OTELCOL_OTLP_HTTP_ENDPOINT": "127.0.0.1:%d" % PORTS["collector_http"],
        "OTELCOL_HEALTH_ENDPOINT": "127.0.0.1:%d" % PORTS["collector_health"],
        "OTELCOL_METRICS_HOST": "127.0.0.1",
        "OTELCOL_METRICS_PORT": str(PORTS["collector_metrics"]),
        "JAEGER_OTLP_GRPC_ENDPOINT": "127.0.0.1:%d" % PORTS["jaeger_grpc"],
        # Not used: the override puts a file exporter in Loki's place. Set so nothing resolves "loki".
        "LOKI_OTLP_ENDPOINT": "http://127.0.0.1:9/otlp",
        "E2E_COLLECTOR_LOGS_FILE": os.path.join(RUN, "collector-logs.jsonl"),
    }


def validate_collector(run):
    cfg = need_file(os.path.join(STACK, "otel-collector", "config.yaml"), "stack")
    exe = need_file(os.path.join(BIN, "otelcol"), "e2e (run e2e/build-tools)")
    r = subprocess.run([exe, "validate", "--config", "file:" + cfg], capture_output=True, text=True)
    run.check("collector validates otel-collector/config.yaml unchanged", r.returncode == 0,
              "exit %d %s" % (r.returncode, (r.stderr.strip().splitlines() or [""])[-1][:300]))
    r = subprocess.run([exe, "validate", "--config", "file:" + cfg, "--config",
                        "file:" + os.path.join(E2E, "config", "otelcol-e2e.yaml")],
                       capture_output=True, text=True, env=dict(os.environ, **collector_env()))
    if r.returncode != 0:
        raise Missing("the e2e override does not merge with otel-collector/config.yaml: " + r.stderr[-500:])


def start_jaeger(run):
    # compose's jaeger/config.yaml, unchanged: its addresses come from these variables (compose uses the defaults).
    cfg = need_file(os.path.join(STACK, "jaeger", "config.yaml"), "stack")
    env = {"JAEGER_LISTEN_HOST": "127.0.0.1",
           "JAEGER_QUERY_PORT": str(PORTS["jaeger_query"]),
           "JAEGER_QUERY_GRPC_PORT": str(PORTS["jaeger_query_grpc"]),
           "JAEGER_HEALTH_PORT": str(PORTS["jaeger_health"]),
           "JAEGER_OTLP_GRPC_PORT": str(PORTS["jaeger_grpc"]),
           "JAEGER_OTLP_HTTP_PORT": str(PORTS["jaeger_http"])}
    exe = need_file(os.path.join(BIN, "jaeger"), "e2e (run e2e/build-tools)")
    run.start("jaeger", [exe, "--config", "file:" + cfg], env=env)
    run.wait_for("Jaeger", lambda: http("GET", JAEGER + "/api/services", timeout=2)[0] == 200 and
                 port_open(PORTS["jaeger_grpc"]), 60, "jaeger")
    run.log("Jaeger ready: API %s (the module ships a placeholder instead of the UI), OTLP gRPC 127.0.0.1:%d"
            % (JAEGER, PORTS["jaeger_grpc"]))


def start_collector(run):
    cfg = need_file(os.path.join(STACK, "otel-collector", "config.yaml"), "stack")
    logs = os.path.join(RUN, "collector-logs.jsonl")
    if os.path.exists(logs):
        os.remove(logs)
    run.start("collector", [os.path.join(BIN, "otelcol"), "--config", "file:" + cfg, "--config",
                            "file:" + os.path.join(E2E, "config", "otelcol-e2e.yaml")], env=collector_env())
    run.wait_for("the collector", lambda: http("GET", "http://127.0.0.1:%d/" % PORTS["collector_health"],
                                               timeout=2)[0] == 200, 60, "collector")
    run.log("collector ready: OTLP 127.0.0.1:%d (gRPC) and :%d (HTTP), logs to %s"
            % (PORTS["collector_grpc"], PORTS["collector_http"], os.path.relpath(logs, ROOT)))


def prometheus_config():
    """prometheus/prometheus.yml with its targets moved to loopback and its rule files made absolute."""
    import yaml
    src = need_file(os.path.join(STACK, "prometheus", "prometheus.yml"), "stack")
    with open(src) as f:
        cfg = yaml.safe_load(f)
    where = {"%s:8080" % s: "127.0.0.1:%d" % PORTS[s] for s in SERVICES}
    where["otel-collector:8888"] = "127.0.0.1:%d" % PORTS["collector_metrics"]
    unknown, service_jobs = [], set()
    services = {where["%s:8080" % s] for s in SERVICES}
    for job in cfg.get("scrape_configs", []):
        for sc in job.get("static_configs", []):
            new = []
            for t in sc.get("targets", []):
                if t in where:
                    new.append(where[t])
                    if where[t] in services:
                        service_jobs.add(job["job_name"])
                else:
                    unknown.append(t)
            sc["targets"] = new
    cfg["rule_files"] = [r if os.path.isabs(r) else os.path.join(os.path.dirname(src), r)
                         for r in cfg.get("rule_files", [])]
    out = os.path.join(RUN, "prometheus.yml")
    with open(out, "w") as f:
        yaml.safe_dump(cfg, f, sort_keys=False)
    return out, sorted(where.values()), unknown, sorted(service_jobs)


def start_prometheus(run):
    exe = need_file(os.path.join(BIN, "prometheus"), "e2e (run e2e/build-tools)")
    cfg, targets, unknown, service_jobs = prometheus_config()
    if unknown:
        run.log("prometheus.yml has targets this run does not know (left out): " + ", ".join(unknown))
    run.facts["prom_targets"] = targets
    run.facts["service_jobs"] = service_jobs
    data = os.path.join(RUN, "prometheus-data")
    shutil.rmtree(data, ignore_errors=True)
    run.start("prometheus", [exe, "--config.file=" + cfg, "--storage.tsdb.path=" + data,
                             "--web.listen-address=127.0.0.1:%d" % PORTS["prometheus"],
                             "--enable-feature=exemplar-storage"],
              # Its times (lastScrape, alerts' activeAt) in UTC whatever the machine's zone; they carry the offset
              # anyway and are parsed with it (rfc3339).
              env={"TZ": "UTC"})
    run.wait_for("Prometheus", lambda: http("GET", PROM + "/-/ready", timeout=2)[0] == 200, 60, "prometheus")
    rules = get_json(PROM + "/api/v1/rules")["data"]["groups"]
    run.log("Prometheus ready on %s, %d rule groups loaded" % (PROM, len(rules)))


def demo_jars(run):
    rev = None
    with open(os.path.join(DEMO, "pom.xml")) as f:
        m = re.search(r"<revision>([^<]+)</revision>", f.read())
        rev = m.group(1) if m else None
    jars = {s: os.path.join(DEMO, "demo-services", s, "target", "demo-%s-%s-exec.jar" % (s, rev))
            for s in SERVICES}
    for s in SERVICES:
        need_file(os.path.join(DEMO, "demo-services", s, "pom.xml"), "demo")
    stale = [s for s in SERVICES if not os.path.exists(jars[s])]
    if DEMO != ROOT:
        # Another checkout's jars are used as they are: building there would write into someone else's tree.
        if stale:
            raise Missing("no jar for %s under %s/demo-services/*/target" % (", ".join(stale), DEMO))
        return jars
    # Reproducible builds date the jars 00:00, so their mtimes say nothing: a stamp written after our build does.
    stamp = os.path.join(CACHE, "demo-jars.stamp")
    if not stale and not os.path.exists(stamp):
        stale = ["no build stamp"]
    if not stale and os.environ.get("E2E_REBUILD") != "1":
        built = os.path.getmtime(stamp)
        srcs = ["pom.xml", "platform-bom", "platform-autoconfigure/src", "platform-autoconfigure/pom.xml",
                "platform-starter/pom.xml", "demo-services"]
        for s in srcs:
            for dirpath, dirs, files in os.walk(os.path.join(DEMO, s)):
                dirs[:] = [d for d in dirs if d != "target"]
                # Dot files (.flattened-pom.xml) are build output.
                if any(os.path.getmtime(os.path.join(dirpath, f)) > built for f in files if not f.startswith(".")):
                    stale = ["sources changed"]
                    break
            if stale:
                break
    if stale or os.environ.get("E2E_REBUILD") == "1":
        run.log("building the demo jars (./mvnw package, tests skipped)")
        modules = ",".join("demo-services/" + s for s in SERVICES)
        started = time.time()
        # package, not install: ~/.m2 is shared with other checkouts of the same SNAPSHOT version.
        r = subprocess.run(["nice", "-n", "10", "./mvnw", "-q", "-B", "-ntp", "package", "-Dmaven.test.skip=true",
                            "-pl", modules, "-am"], cwd=DEMO)
        if r.returncode != 0:
            raise Missing("building the demo services failed")
        with open(stamp, "w") as f:
            f.write("built\n")
        os.utime(stamp, (started, started))
    return jars


def service_env(s):
    urls = {"%s_SERVICE_URL" % o.upper(): "http://127.0.0.1:%d" % PORTS[o] for o in SERVICES if o != "gateway"}
    env = {
        "SERVER_PORT": str(PORTS[s]),
        "SPRING_PROFILES_ACTIVE": "stack",
        "SPRING_RABBITMQ_HOST": "127.0.0.1",
        "SPRING_RABBITMQ_PORT": str(PORTS["rabbitmq"]),
        "SPRING_RABBITMQ_USERNAME": "guest",
        "SPRING_RABBITMQ_PASSWORD": "guest",
        "PLATFORM_EVENTS_EMBEDDED_BROKER_ENABLED": "false",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:%d" % PORTS["collector_http"],
        "PLATFORM_LOGGING_OTLP_ENABLED": "true",
        "PLATFORM_ENVIRONMENT": "e2e",
        "PLATFORM_SECURITY_JWT_JWKS_URI": "http://127.0.0.1:%d/.well-known/jwks.json" % PORTS["users"],
        **urls,
    }
    if s != "gateway":
        env.update({
            "SPRING_DATASOURCE_URL": "jdbc:postgresql://127.0.0.1:%d/%s" % (PORTS["postgres"], s),
            "SPRING_DATASOURCE_USERNAME": s,
            "SPRING_DATASOURCE_PASSWORD": DB_PASSWORD.format(s),
        })
    if s == "users":
        env.pop("PLATFORM_SECURITY_JWT_JWKS_URI")  # users verifies its own tokens with its public key
        # The login block the scenario provokes lasts past its next request on a slow machine (1 s by default).
        env["USERS_LOGINTHROTTLE_FIRSTBLOCK"] = "30s"
    return env


def compose_jvm():
    """The demo services' memory limit and JVM options, read from compose.yaml (x-demo-service's mem_limit and
    x-demo-env's JAVA_TOOL_OPTIONS), so that this run sizes each JVM as a container of compose would."""
    text = open(os.path.join(STACK, "compose.yaml"), encoding="utf-8").read()
    limit = re.search(r"^x-demo-service:.*?^  mem_limit: (\d+)m$", text, re.M | re.S)
    options = re.search(r"^x-demo-env:.*?^  JAVA_TOOL_OPTIONS: ([^\n]+)$", text, re.M | re.S)
    if not limit or not options:
        raise Missing("compose.yaml: x-demo-service's mem_limit (in m) or x-demo-env's JAVA_TOOL_OPTIONS not found")
    return int(limit.group(1)), options.group(1).split()


MEM_LIMIT_MIB, COMPOSE_JAVA_OPTIONS = None, None


def java_opts():
    global MEM_LIMIT_MIB, COMPOSE_JAVA_OPTIONS
    if MEM_LIMIT_MIB is None:
        MEM_LIMIT_MIB, COMPOSE_JAVA_OPTIONS = compose_jvm()
    # -XX:MaxRAM stands for the container's limit (the heap is a share of it); a JVM in a container that small
    # picks the serial collector by itself, here it is told to.
    return ["-XX:MaxRAM=%dm" % MEM_LIMIT_MIB, "-XX:+UseSerialGC"] + COMPOSE_JAVA_OPTIONS


def start_service(run, jars, s):
    run.start(s, ["java"] + java_opts() + os.environ.get("E2E_JAVA_OPTS", "").split() + ["-jar", jars[s]],
              env=service_env(s))


def wait_healthy(run, services, timeout=300):
    for s in services:
        run.wait_for(s, lambda s=s: http("GET", "http://127.0.0.1:%d/actuator/health" % PORTS[s],
                                         timeout=3)[0] == 200, timeout, s)
    run.log("healthy: " + ", ".join(services))


# --- the scenario ------------------------------------------------------------------------------------------
class Client:
    def __init__(self):
        self.token = None

    def call(self, method, path, body=None, headers=None, timeout=15):
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        status, rh, text = http(method, GATEWAY + path, body, h, timeout)
        try:
            data = json.loads(text) if text else None
        except ValueError:
            data = None
        return status, data, (rh.get("X-Trace-Id") if rh else None), text


ITEMS = [{"sku": "BOOK-1", "quantity": 2, "unitPrice": 12.50}, {"sku": "PEN-7", "quantity": 1, "unitPrice": 3.20}]


def place_order(c, payment, address):
    status, data, trace, text = c.call("POST", "/api/orders",
                                       {"items": ITEMS, "paymentMethod": payment, "shippingAddress": address})
    if status != 201 or not data or not data.get("id"):
        raise AssertionError("order not accepted: HTTP %d %s" % (status, text[:300]))
    return data["id"], trace


def wait_status(c, order_id, wanted, timeout=90):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        status, data, _, _ = c.call("GET", "/api/orders/%s" % order_id)
        if status == 200 and data:
            last = data
            if data.get("status") in wanted:
                return data
        time.sleep(1)
    return last


def scenario(run, jars):
    c = Client()
    email = "e2e-%d@example.com" % int(time.time())
    status, _, _, text = c.call("POST", "/api/auth/register",
                                {"email": email, "password": "correct-horse-battery", "name": "E2E Customer"})
    if status not in (200, 201):
        raise AssertionError("register: HTTP %d %s" % (status, text[:300]))
    status, data, _, text = c.call("POST", "/api/auth/login", {"email": email, "password": "correct-horse-battery"})
    c.token = (data or {}).get("access_token")
    if not c.token:
        raise AssertionError("login: HTTP %d %s" % (status, text[:300]))
    run.client = c
    # Password guessing on PostgreSQL: five failures, then the address is blocked (the same for an unknown one).
    guessed = "e2e-guess-%d@example.com" % int(time.time())
    statuses = [http("POST", GATEWAY + "/api/auth/login", {"email": guessed, "password": "guess-%d" % i})[0]
                for i in range(5)]
    # The fifth failure blocks it (users.login-throttle.first-block, 30 s in this run: see service_env), users'
    # block and not the gateway's rate limit.
    blocked = http("POST", GATEWAY + "/api/auth/login", {"email": guessed, "password": "guess-5"})
    run.check("scenario: five failed logins block an address (users' 429 with Retry-After)",
              statuses == [401] * 5 and blocked[0] == 429 and (blocked[1] or {}).get("Retry-After", "").isdigit()
              and '"title":"Login blocked for a while"' in blocked[2],
              "statuses %s, then HTTP %d Retry-After %s %s" % (statuses, blocked[0],
                                                               (blocked[1] or {}).get("Retry-After"), blocked[2][:200]))
    # Rejected calls, so the security panels and the 4xx series have something to show.
    for bad in ("not-a-jwt", c.token[:-8] + "AAAAAAAA"):
        status = http("GET", GATEWAY + "/api/orders", headers={"Authorization": "Bearer " + bad})[0]
        run.check("scenario: the gateway rejects a %s token with 401" % ("malformed" if bad == "not-a-jwt"
                                                                          else "tampered"), status == 401,
                  "HTTP %d" % status)

    for title, payment, address, expected in [
            ("shipped order", "tok_visa", "1 Main Street, Springfield", "SHIPPED"),
            ("declined payment", "tok_decline", "1 Main Street, Springfield", "CANCELLED"),
            ("undeliverable address", "tok_visa", "UNDELIVERABLE, Nowhere", "CANCELLED")]:
        oid, trace = place_order(c, payment, address)
        final = wait_status(c, oid, {"SHIPPED", "CANCELLED"}) or {}
        run.check("scenario: %s ends %s" % (title, expected), final.get("status") == expected,
                  "order %s is %s%s, trace %s" % (oid, final.get("status"),
                                                  " (%s)" % final["reason"] if final.get("reason") else "", trace))
        run.facts.setdefault("orders", {})[title] = (oid, trace)

    # The details aggregate while shipping is down: an answer, degraded, not an error.
    run.stop("shipping")
    oid, _ = place_order(c, "tok_visa", "2 Side Road, Springfield")
    wait_status(c, oid, {"PAID"}, 60)
    status, data, trace, text = c.call("GET", "/api/orders/%s/details" % oid)
    run.check("scenario: details while shipping is stopped answer degraded",
              status == 200 and "shipping" in ((data or {}).get("degraded") or []),
              "HTTP %d degraded=%s trace %s" % (status, (data or {}).get("degraded"), trace))
    start_service(run, jars, "shipping")
    wait_healthy(run, ["shipping"])
    final = wait_status(c, oid, {"SHIPPED"}, 90) or {}
    run.check("scenario: the order queued while shipping was down ships after its restart",
              final.get("status") == "SHIPPED", "order %s is %s" % (oid, final.get("status")))

    breaker_and_alert(run, jars, c)

    # A last round of traffic, scraped: a counter's first sample shows no increase, so every rate() panel needs
    # traffic on both sides of a scrape; the sagas above come in bursts.
    t = time.time()
    oid, _ = place_order(c, "tok_visa", "3 Last Lane, Springfield")
    wait_status(c, oid, {"SHIPPED"}, 60)
    c.call("GET", "/api/orders/%s/details" % oid)
    wait_scraped(run, t)


def rfc3339(text):
    """Seconds since the epoch of an RFC 3339 time as Prometheus writes it: nanoseconds and an offset or Z
    (2026-11-27T02:32:05.123456789+01:00). fromisoformat takes at most microseconds before Python 3.11."""
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", text)
    if not m:
        raise ValueError("not an RFC 3339 time: %r" % text)
    frac = "." + (m.group(2) or "").ljust(6, "0")[:6]
    offset = "+00:00" if m.group(3) == "Z" else m.group(3)
    return datetime.datetime.fromisoformat(m.group(1) + frac + offset).timestamp()


def wait_scraped(run, after, timeout=60):
    """Waits until Prometheus has scraped every target after the given time."""
    deadline = time.time() + timeout
    late = []
    while time.time() < deadline:
        targets = get_json(PROM + "/api/v1/targets?state=active")["data"]["activeTargets"]
        # Before its first scrape a target's lastScrape is the zero time (year 1), which is before `after` too.
        late = ["%s %s" % (t["scrapeUrl"], t.get("lastScrape")) for t in targets
                if rfc3339(t.get("lastScrape") or "0001-01-01T00:00:00Z") <= after]
        if targets and not late:
            return
        time.sleep(2)
    run.check("prometheus: every target scraped after the last round of traffic", False,
              "not after %s within %ds: %s" % (time.strftime("%H:%M:%S", time.localtime(after)), timeout,
                                                late or "no targets"))


def breaker_state(name="payments"):
    """The gateway's breaker toward `name`, read from its own /actuator/prometheus."""
    _, _, text = http("GET", "http://127.0.0.1:%d/actuator/prometheus" % PORTS["gateway"], timeout=5)
    for line in text.splitlines():
        if line.startswith("resilience4j_circuitbreaker_state{") and 'name="%s"' % name in line \
                and line.rstrip().endswith(" 1.0"):
            m = re.search(r'state="([a-z_]+)"', line)
            if m:
                return m.group(1)
    return None


def breaker_refused(name="payments"):
    """How many calls the gateway's breaker toward `name` has refused (not permitted), from /actuator/prometheus."""
    _, _, text = http("GET", "http://127.0.0.1:%d/actuator/prometheus" % PORTS["gateway"], timeout=5)
    for line in text.splitlines():
        if line.startswith("resilience4j_circuitbreaker_not_permitted_calls_total{") and 'name="%s"' % name in line:
            return float(line.split()[-1])
    return 0.0


def reject_through_breaker(c, order_id, calls=3):
    """Calls that the gateway's open breaker toward payments (payments is down) refuses. Past its open-duration
    the breaker goes half-open at the next call and lets probes through: call until they have failed and it is
    open again, so that it is half-open only for a moment; the calls right after are refused."""
    for _ in range(20):
        c.call("GET", "/api/orders/%s/details" % order_id, timeout=5)
        if breaker_state() == "open":
            break
    for _ in range(calls):
        c.call("GET", "/api/orders/%s/details" % order_id, timeout=5)


def alert_states(alertname):
    alerts = get_json(PROM + "/api/v1/alerts")["data"]["alerts"]
    return [(a["state"], a["labels"]) for a in alerts if a["labels"].get("alertname") == alertname]


def breaker_and_alert(run, jars, c):
    """Payments down: the gateway's breaker toward payments opens, the alert fires, and resolves after."""
    alert = os.environ.get("E2E_BREAKER_ALERT", "PlatformCircuitBreakerOpen")
    shipped = run.facts["orders"]["shipped order"][0]
    run.stop("payments")
    t_down = time.time()
    opened = None
    for _ in range(40):
        c.call("GET", "/api/orders/%s/details" % shipped, timeout=5)
        opened = breaker_state()
        if opened == "open":
            break
        time.sleep(0.3)
    run.check("scenario: the gateway's breaker toward payments opens while payments is stopped",
              opened == "open", "state %s" % opened)
    reject_through_breaker(c, shipped)
    # A route to the stopped service answers 5xx: the server-error panels and the error ratio get data.
    status, _, _, _ = c.call("GET", "/api/payments?orderId=%s" % shipped, timeout=10)
    run.check("scenario: the gateway answers 5xx for a route to the stopped payments service", 500 <= status < 600,
              "HTTP %d" % status)
    # The alert may be written on the breaker's state (open for `for: 1m`) or on its rejected calls
    # (rate(resilience4j_circuitbreaker_not_permitted_calls_total[2m]) > 0 for 1m). The second needs calls
    # refused by the open breaker all along the `for` plus an evaluation or two; the first needs the breaker found
    # open at every scrape. Both hold with a few calls every 15 s: open for 5 s (open-duration), the breaker
    # refuses calls; after that a call makes it half-open and lets probes through, which fail at once (payments
    # is down) and open it again. So each round probes until it is open again (a fraction of a second half-open),
    # then sends calls it refuses, and then leaves it open and quiet until the next round.
    fired = None
    ours = lambda labels: labels.get("application") == "gateway" and labels.get("name") == "payments"
    deadline = time.time() + int(os.environ.get("E2E_ALERT_TIMEOUT", 180))
    next_round = time.time() + 15
    while time.time() < deadline:
        states = alert_states(alert)
        if any(s == "firing" and ours(l) for s, l in states):
            fired = time.time() - t_down
            break
        if time.time() >= next_round:
            reject_through_breaker(c, shipped)
            next_round = time.time() + 15
        time.sleep(5)
    run.check("prometheus: alert %s fires for the gateway's breaker toward payments while payments is down"
              % alert, fired is not None,
              ("after %.0fs" % fired if fired else "not firing: %s" % alert_states(alert))
              + ", %.0f calls refused by the open breaker" % breaker_refused())
    # A second 5xx, a minute after the first: a counter's first sample shows no increase, so rate() needs two.
    c.call("GET", "/api/payments?orderId=%s" % shipped, timeout=10)
    start_service(run, jars, "payments")
    wait_healthy(run, ["payments"])
    closed = None
    deadline = time.time() + 60
    while time.time() < deadline:
        c.call("GET", "/api/orders/%s/details" % shipped, timeout=5)
        closed = breaker_state()
        if closed == "closed":
            break
        time.sleep(1)
    run.check("scenario: the breaker closes once payments is back", closed == "closed", "state %s" % closed)
    resolved = False
    # A rate over the rejected calls stays above 0 for its 2m window after the last one: 2m, a scrape and an
    # evaluation; the state-based alert resolves at the next evaluation.
    deadline = time.time() + 180
    while time.time() < deadline:
        if not any(ours(l) for _, l in alert_states(alert)):
            resolved = True
            break
        time.sleep(5)
    run.check("prometheus: alert %s resolves after payments is back" % alert, resolved,
              "" if resolved else "still %s" % alert_states(alert))


# --- assertions on the backends ----------------------------------------------------------------------------
def jaeger_trace(trace_id):
    status, _, text = http("GET", JAEGER + "/api/traces/" + trace_id, timeout=10)
    if status != 200:
        return None
    data = json.loads(text).get("data") or []
    return data[0] if data else None


def check_trace(run):
    oid, trace_id = run.facts["orders"]["shipped order"]
    if not trace_id:
        return run.check("jaeger: the shipped order's trace", False, "the gateway sent no X-Trace-Id")
    want = set(SERVICES)
    trace, services = None, set()
    deadline = time.time() + 60  # batch processors and exporters flush within seconds
    while time.time() < deadline:
        trace = jaeger_trace(trace_id)
        if trace:
            services = {trace["processes"][sp["processID"]]["serviceName"] for sp in trace["spans"]}
            if want <= services:
                break
        time.sleep(3)
    if not trace:
        return run.check("jaeger: the shipped order's trace", False, "trace %s not found" % trace_id)
    run.check("jaeger: one trace holds spans from gateway, orders, users, payments and shipping",
              want <= services, "trace %s: %d spans from %s%s" % (
                  trace_id, len(trace["spans"]), ",".join(sorted(services)),
                  "; missing " + ",".join(sorted(want - services)) if want - services else ""))
    by_id = {sp["spanID"]: sp for sp in trace["spans"]}
    svc = lambda sp: trace["processes"][sp["processID"]]["serviceName"]
    roots, orphans = [], []
    for sp in trace["spans"]:
        parents = [r["spanID"] for r in sp.get("references") or [] if r.get("refType") == "CHILD_OF"
                   and r.get("traceID", "").lstrip("0") == trace_id.lower().lstrip("0")]
        if not parents:
            roots.append(sp)
        elif not any(p in by_id for p in parents):
            orphans.append(sp)
    root_ok = len(roots) == 1 and svc(roots[0]) == "gateway"
    run.check("jaeger: the trace is one tree rooted at the gateway (every other span's parent is in it)",
              root_ok and not orphans,
              "roots: %s; spans whose parent is missing: %s" % (
                  ["%s %s" % (svc(r), r["operationName"]) for r in roots],
                  ["%s %s" % (svc(o), o["operationName"]) for o in orphans[:5]]))

    # The hops: each of these services' spans descends from a span of the service before it.
    def ancestors(sp):
        seen = []
        while True:
            refs = [r["spanID"] for r in sp.get("references") or [] if r.get("refType") == "CHILD_OF"]
            p = by_id.get(refs[0]) if refs else None
            if p is None:
                return seen
            seen.append(svc(p))
            sp = p

    hops = {"orders": "gateway", "users": "orders", "payments": "orders", "shipping": "payments"}
    bad = []
    for child, parent in hops.items():
        spans = [sp for sp in trace["spans"] if svc(sp) == child]
        if not spans or not any(parent in ancestors(sp) for sp in spans):
            bad.append("%s under %s" % (child, parent))
    run.check("jaeger: parent relations follow the calls and events (gateway>orders>users, orders>payments>shipping)",
              not bad, "not found: " + ", ".join(bad) if bad else "")
    run.facts["trace_services"] = services


def collector_log_records():
    """(service.name, trace id, body) of every log record the collector wrote to its file exporter."""
    out = []
    path = os.path.join(RUN, "collector-logs.jsonl")
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            for rl in doc.get("resourceLogs", []):
                attrs = {a["key"]: list(a["value"].values())[0] for a in rl.get("resource", {}).get("attributes", [])
                         if a.get("value")}
                for sl in rl.get("scopeLogs", []):
                    for rec in sl.get("logRecords", []):
                        out.append((attrs.get("service.name"), rec.get("traceId", ""), attrs))
    return out


def check_logs(run):
    oid, trace_id = run.facts["orders"]["shipped order"]
    records, services, with_trace = [], set(), set()
    deadline = time.time() + 30
    while time.time() < deadline:
        records = collector_log_records()
        services = {s for s, _, _ in records}
        with_trace = {s for s, t, _ in records if trace_id and t.lower() == trace_id.lower()}
        if set(SERVICES) <= services and with_trace:
            break
        time.sleep(3)
    run.check("collector: received logs from every service over OTLP", set(SERVICES) <= services,
              "%d records from %s" % (len(records), ",".join(sorted(s for s in services if s))))
    run.check("collector: the shipped order's log records carry its trace id", bool(with_trace),
              "trace %s in records of %s" % (trace_id, ",".join(sorted(s for s in with_trace if s)) or "none"))
    envs = {a.get("deployment.environment.name") for _, _, a in records}
    unnamed = sum(1 for s, _, _ in records if s not in SERVICES)
    run.check("collector: log records carry service.name and deployment.environment.name resource attributes",
              bool(records) and envs == {"e2e"} and not unnamed,
              "deployment.environment.name values %s; %d records without a service's service.name"
              % (sorted(map(str, envs)), unnamed))


def check_prometheus(run):
    targets = get_json(PROM + "/api/v1/targets?state=active")["data"]["activeTargets"]
    down = ["%s %s" % (t["labels"].get("job"), t["scrapeUrl"]) for t in targets if t["health"] != "up"]
    run.check("prometheus: every target is up", targets and not down and
              len(targets) == len(run.facts["prom_targets"]),
              "%d targets, down: %s" % (len(targets), down or "none"))
    apps = lambda expr: {r["metric"].get("application") for r in prom_query(expr)}
    rate = apps('sum by (application) (rate(http_server_requests_seconds_count{uri!~"/actuator.*"}[5m])) > 0')
    errors = apps('sum by (application) (rate(http_server_requests_seconds_count{uri!~"/actuator.*",'
                  'outcome!="SUCCESS"}[5m]) or rate(http_server_requests_seconds_count{uri!~"/actuator.*"}[5m]) * 0)')
    duration = apps('histogram_quantile(0.99, sum by (application, le) '
                    '(rate(http_server_requests_seconds_bucket{uri!~"/actuator.*"}[5m]))) >= 0')
    # The ratio query above answers for every service with traffic (the `or ... * 0`), outcome tag or not: the
    # error ratio needs the tag on the server request series, so ask for it.
    outcome = apps('count by (application) (http_server_requests_seconds_count{uri!~"/actuator.*",outcome!=""})')
    want = set(SERVICES)
    run.check("prometheus: RED metrics for every service (request rate, error ratio, p99 from buckets)",
              want <= rate and want <= errors and want <= outcome and want <= duration,
              "rate %s, errors %s, with outcome %s, p99 %s" % tuple(
                  ",".join(sorted(x - {None})) for x in (rate, errors, outcome, duration)))
    # Every series scraped from the services, not one sample metric; up and scrape_* are Prometheus' own.
    job = 'job=~"%s",__name__!~"up|scrape_.*"' % "|".join(run.facts["service_jobs"])
    apps_seen = apps("count by (application) ({%s})" % job)
    lacking = prom_query('count by (__name__, application, environment) ({%s,environment!="e2e"} or {%s,application=""})'
                         % (job, job))
    run.check("prometheus: every service's series carry application and environment=e2e",
              set(SERVICES) <= apps_seen and not lacking,
              "job %s, applications %s; series without them: %s" % (
                  ",".join(run.facts["service_jobs"]), ",".join(sorted(map(str, apps_seen - {None}))),
                  ["%s{application=%s,environment=%s}" % (r["metric"].get("__name__"), r["metric"].get("application"),
                                                          r["metric"].get("environment")) for r in lacking[:10]]
                  or "none"))

    # The saga's own gauge (alert DemoOrderStuck): present for both unfinished statuses, and in a working run no
    # order has waited in one for long.
    stuck = {r["metric"].get("status"): float(r["value"][1])
             for r in prom_query('orders_unfinished_oldest_age_seconds{application="orders"}')}
    run.check("prometheus: orders reports the age of its oldest PENDING and PAID order, none stuck",
              set(stuck) == {"PENDING", "PAID"} and all(v < 900 for v in stuck.values()), "ages %s" % stuck)


def check_exemplars(run):
    now = time.time()
    q = urllib.parse.urlencode({"query": "http_server_requests_seconds_bucket", "start": run.t0, "end": now})
    data = get_json(PROM + "/api/v1/query_exemplars?" + q)["data"]
    ids = {}
    for series in data:
        app = series["seriesLabels"].get("application")
        for ex in series.get("exemplars", []):
            tid = ex["labels"].get("trace_id") or ex["labels"].get("traceID")
            if tid:
                ids.setdefault(app, set()).add(tid)
    if not ids:
        return run.check("prometheus: exemplars carry trace ids that exist in Jaeger", False,
                         "no exemplar with a trace id on http_server_requests_seconds_bucket")
    found, missing = {}, []
    for app, tids in sorted(ids.items(), key=lambda kv: str(kv[0])):
        for tid in sorted(tids)[:3]:
            if jaeger_trace(tid):
                found.setdefault(app, tid)
                break
        else:
            missing.append("%s:%s" % (app, sorted(tids)[0]))
    run.check("prometheus: exemplars carry trace ids that exist in Jaeger (every service)",
              set(SERVICES) <= set(found) and not missing,
              "found for %s; not in Jaeger: %s" % (",".join(sorted(map(str, found))), missing or "none"))


GRAFANA_VARS = [("$__rate_interval", "1m"), ("${__rate_interval}", "1m"), ("$__interval", "1m"),
                ("${__interval}", "1m"), ("$__range", "5m"), ("${__range}", "5m")]


def dashboard_exprs():
    out = []
    for path in sorted(glob.glob(os.path.join(STACK, "grafana", "dashboards", "*.json"))):
        with open(path) as f:
            doc = json.load(f)

        def kind(ds, inherited):
            if isinstance(ds, dict):
                return ds.get("type") or ds.get("uid") or inherited
            return ds or inherited

        def walk(node, title, ds):
            if isinstance(node, dict):
                if "targets" in node or "panels" in node:
                    title = node.get("title", title)
                    ds = kind(node.get("datasource"), ds)
                for t in node.get("targets", []) or []:
                    # PromQL only: a Loki panel's LogQL is checked through the collector's log output instead.
                    if isinstance(t, dict) and t.get("expr") and "prometheus" in str(kind(t.get("datasource"), ds)):
                        out.append((os.path.basename(path), title, t["expr"]))
                for k, v in node.items():
                    if k != "targets":
                        walk(v, title, ds)
            elif isinstance(node, list):
                for v in node:
                    walk(v, title, ds)

        walk({k: v for k, v in doc.items() if k != "templating"}, "", "prometheus")
    return out


def concrete(expr):
    """A dashboard expression with Grafana's variables replaced: built-ins by durations, ours by 'any value'."""
    for k, v in GRAFANA_VARS:
        expr = expr.replace(k, v)
    var = r"\$\{?[A-Za-z_]\w*(?::\w+)?\}?"  # not $1, a label_replace group reference
    expr = re.sub(r'(\w+)\s*=~?\s*"' + var + '"', r'\1=~".+"', expr)
    expr = re.sub(r'(\w+)\s*!~?\s*"' + var + '"', r'\1!~"^$"', expr)
    return re.sub(var, ".+", expr)


def check_dashboards(run):
    exprs = dashboard_exprs()
    if not exprs:
        return run.check("grafana: every dashboard PromQL expression returns data", False,
                         "no expressions under grafana/dashboards/*.json")
    allowed = {}
    with open(os.path.join(E2E, "config", "dashboards-allowed-empty.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                board, title, part, why = [x.strip() for x in line.split("|", 3)]
                allowed[(board, title, part)] = why

    def excuse(board, title, expr):
        return next((why for (b, t, part), why in allowed.items() if b == board and t == title and part in expr),
                    None)

    empty, broken, excused = [], [], []
    for board, title, expr in exprs:
        try:
            # Aligned so that the last evaluation is now: the last scrapes hold the last round of traffic.
            end = time.time()
            res = prom_range(concrete(expr), end - 15 * int((end - run.t0) // 15 + 1), end, 15)
            if not any(any(v[1] not in ("NaN", "+Inf", "-Inf") for v in r.get("values", [])) for r in res):
                (excused if excuse(board, title, expr) else empty).append((board, title, expr))
        except Exception as e:
            broken.append((board, title, expr, str(e)[:200]))
    for board, title, expr in excused:
        print("      no data, allowed (e2e/config/dashboards-allowed-empty.txt): %s / %s: %s"
              % (board, title, excuse(board, title, expr)), flush=True)
    for board, title, expr in empty:
        print("      no data: %s / %s: %s" % (board, title, " ".join(expr.split())), flush=True)
    for board, title, expr, err in broken:
        print("      error:   %s / %s: %s -> %s" % (board, title, " ".join(expr.split()), err), flush=True)
    run.check("grafana: every dashboard PromQL expression returns data",
              not empty and not broken, "%d expressions in %d dashboards, %d without data, %d failing, %d allowed empty" % (
                  len(exprs), len({b for b, _, _ in exprs}), len(empty), len(broken), len(excused)))


# --- main --------------------------------------------------------------------------------------------------
def provision(run):
    busy = [n for n, p in PORTS.items() if port_open(p)]
    if busy:
        raise Missing("ports already in use: %s (an earlier run still up? set E2E_*_PORT to move them)"
                      % ", ".join("%s %d" % (n, PORTS[n]) for n in busy))
    ensure_packages(run)
    build_tools(run)
    validate_collector(run)
    jars = demo_jars(run)
    start_postgres(run)
    start_rabbitmq(run)
    start_jaeger(run)
    start_collector(run)
    start_prometheus(run)
    for s in SERVICES:
        start_service(run, jars, s)
    wait_healthy(run, SERVICES, int(os.environ.get("E2E_START_TIMEOUT", 300)))
    return jars


def check_memory(run):
    """Each demo service's peak resident memory, against 90 % of its compose mem_limit: the container would be killed
    at the limit, and it is also charged for kernel memory and page cache (reclaimable) that resident memory does not
    count. Payments and shipping are restarted during the scenario: their peak is since the restart."""
    for s in SERVICES:
        name = "%s stays under 90 %% of its compose mem_limit (peak resident memory)" % s
        p = run.procs.get(s)
        try:
            with open("/proc/%d/status" % p.pid) as f:
                status = f.read()
        except (AttributeError, OSError) as e:
            run.check(name, False, "not running at the end of the run (%s)" % e)
            continue
        peak = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        peak_mib = int(peak.group(1)) / 1024 if peak else None
        run.check(name, peak_mib is not None and peak_mib < 0.9 * MEM_LIMIT_MIB,
                  "%.0f MiB of %d MiB, JVM options %s" % (peak_mib or -1, MEM_LIMIT_MIB, " ".join(java_opts())))


def main(argv):
    mode = argv[1] if len(argv) > 1 else "all"
    if mode not in ("all", "validate", "up"):
        print(__doc__)
        return 2
    os.makedirs(RUN, exist_ok=True)
    # One run at a time per checkout: they share e2e/.cache/run/ and the ports.
    lock = open(os.path.join(CACHE, "run.lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print("e2e/run: another e2e/run of this checkout is running; wait for it or stop it", file=sys.stderr)
        return 1
    left = stop_leftovers()
    if left:
        print("e2e/run: stopped what a killed earlier run left: " + ", ".join(left), flush=True)
    for f in glob.glob(os.path.join(RUN, "*.log")):
        os.remove(f)
    run = Run()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        if mode == "validate":
            build_tools(run)
            validate_collector(run)
        else:
            jars = provision(run)
            if mode == "up":
                print("\nUp. Gateway %s  Jaeger %s  Prometheus %s  collector OTLP http://127.0.0.1:%d\n"
                      "Logs in e2e/.cache/run/. Ctrl-C stops everything." % (GATEWAY, JAEGER, PROM,
                                                                          PORTS["collector_http"]), flush=True)
                while True:
                    time.sleep(3600)
            steps = [("scenario", lambda: scenario(run, jars)), ("trace", lambda: check_trace(run)),
                     ("logs", lambda: check_logs(run)), ("prometheus", lambda: check_prometheus(run)),
                     ("exemplars", lambda: check_exemplars(run)), ("dashboards", lambda: check_dashboards(run)),
                     ("memory", lambda: check_memory(run))]
            for name, step in steps:
                if name in ("trace", "logs") and "orders" not in run.facts:
                    run.skip(name, "the scenario placed no order")
                    continue
                try:
                    step()
                except (AssertionError, RuntimeError, KeyError, ValueError, urllib.error.URLError, OSError,
                        http.client.HTTPException, subprocess.CalledProcessError) as e:
                    run.check("%s step ran to its end" % name, False, "%s: %s" % (type(e).__name__, e))
    except Missing as e:
        run.check("prerequisites", False, str(e))
    except KeyboardInterrupt as e:
        run.check("run completed", False, "interrupted (%s)" % (e or "Ctrl-C"))
    except Exception as e:
        # Anything else (a failed psql or apt-get, a broken HTTP answer) is a failure of the run, with the summary.
        traceback.print_exc()
        run.check("run completed", False, "%s: %s" % (type(e).__name__, e))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        run.teardown()
    passed = sum(1 for s, _, _ in run.results if s == "PASS")
    failed = sum(1 for s, _, _ in run.results if s == "FAIL")
    skipped = sum(1 for s, _, _ in run.results if s == "SKIP")
    print("\ne2e: %d passed, %d failed%s (%.0fs); logs in e2e/.cache/run/" % (
        passed, failed, ", %d skipped" % skipped if skipped else "", time.time() - run.t0))
    return 0 if failed == 0 and skipped == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
