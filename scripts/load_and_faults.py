"""Load the site and take its servers away: real gunicorn, PostgreSQL, Redis and S3.

Starts everything itself on loopback ports and temporary directories (a PostgreSQL
cluster of its own with initdb/pg_ctl, never the machine's shared server; its own
redis-server; moto's S3 server), starts the site as the Docker image is built and
started (the build collects static files; the entrypoint migrates, then runs the image's
gunicorn command) with the production settings, loads the demo content, then runs four
phases, each with N connections asking for talk, conference and search pages:

  steady            nothing goes wrong: 0 errors, 0 timeouts
  postgres restart  PostgreSQL stops and starts mid-load; gunicorn is left alone and
                    must serve uncached pages again within 5 s of PostgreSQL being back
  redis stopped     Redis stops mid-load: pages are still served (uncached), 0 errors
  s3 stopped        the S3 server stops mid-load: pages still render, 0 errors

and prints requests, errors, timeouts, p50/p99 and the recovery time. Exits 1 if any
of those limits is missed.

    .venv/bin/python scripts/load_and_faults.py [--connections 64] [--seconds 60]

tests/production/test_stack.py starts the same servers (`servers()`) for its checks of
the deployed site and runs the phases smoke-sized (`run_phases()`).

The figures depend on the machine (and on what else runs on it); compare runs on one.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "notes.test"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
RECOVERY_LIMIT_SECONDS = 5.0
# A request times out when it has no answer within gunicorn's own worker timeout.
REQUEST_TIMEOUT_SECONDS = 30.0
S3_REGION = "eu-west-1"
S3_KEY_ID = "load-test-key"
S3_SECRET = "load-test-secret"


class ServerFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise ServerFailed(f"{what} did not happen within {seconds:.0f} s")


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's server binaries (PG_BIN overrides)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    if not candidates:
        raise ServerFailed(
            "PostgreSQL's server binaries are not installed (apt-get install -y postgresql)"
        )
    return candidates[-1].parent


class PostgresCluster:
    """A throwaway cluster: initdb in a temporary directory, pg_ctl to stop and start it."""

    def __init__(self, directory: Path) -> None:
        self.bin = postgres_bin()
        self.data = directory / "data"
        self.log = directory / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"
        # initdb refuses to run as root: then the cluster belongs to the postgres user.
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(directory, self.user)
            directory.parent.chmod(0o755)  # the postgres user must reach its directory

    def run(self, *args: str) -> None:
        result = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            user=self.user,
            cwd=self.data.parent,
        )
        if result.returncode != 0:
            raise ServerFailed(f"{args[0]} failed: {result.stderr or result.stdout}")

    def init(self) -> None:
        # --no-sync: the cluster is thrown away with its directory, so initdb need not wait
        # for its files to reach the disk.
        options = ["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]
        self.run("initdb", "-D", str(self.data), *options)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data.parent}"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def shutdown(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str) -> str:
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"{self.url}/{name}"


class LoopbackServer:
    """A server process on a free loopback port, started and stopped like a real one."""

    name = "server"
    url_format = "http://127.0.0.1:{port}"
    start_seconds = 30

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return self.url_format.format(port=self.port)

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: port_open(self.port), self.start_seconds, f"{self.name} starting")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class RedisServer(LoopbackServer):
    """redis-server without persistence."""

    name = "redis-server"
    url_format = "redis://127.0.0.1:{port}/0"

    def command(self) -> list[str]:
        if not shutil.which("redis-server"):
            raise ServerFailed("redis-server is not installed (apt-get install -y redis-server)")
        return [
            *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no"),
        ]


class S3Server(LoopbackServer):
    """moto's S3 server in its own process."""

    name = "moto's S3 server"

    def command(self) -> list[str]:
        return [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=S3_REGION,
            aws_access_key_id=S3_KEY_ID,
            aws_secret_access_key=S3_SECRET,
        )

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
        )
        return name

    def keys(self, bucket: str) -> set[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def docker_command() -> list[str]:
    """The Docker image's CMD, as its Dockerfile says."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    return json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))


@dataclass
class Site:
    """The site under gunicorn with the production settings, built and started as the
    Docker image is."""

    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def manage(self, *args: str, timeout: int = 600) -> None:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise ServerFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")

    def start(self, workers: int) -> None:
        """The image's build step (collectstatic), its entrypoint (migrate) and then its
        command."""
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        options = (
            f"--bind 127.0.0.1:{self.port} --workers {workers} "
            f"--timeout {int(REQUEST_TIMEOUT_SECONDS)} --backlog 2048"
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(ENTRYPOINT), *docker_command()],
                cwd=ROOT,
                env={**self.env, "GUNICORN_CMD_ARGS": options},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self.healthy, 300, "the entrypoint's migrations and gunicorn answering /healthz")

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise ServerFailed(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
        try:
            return get(self.port, "/healthz")[0] == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            # gunicorn's quick shutdown: a graceful one waits seconds for idle workers.
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)

    def page_urls(self) -> dict[str, list[str]]:
        """Conference and talk pages from the sitemap (by depth), and some searches."""
        status, body = get(self.port, "/sitemap.xml")
        if status != 200:
            raise ServerFailed(f"/sitemap.xml answered {status}")
        paths = [
            re.sub(r"^https?://[^/]+", "", url)
            for url in re.findall(r"<loc>([^<]+)", body.decode())
        ]
        pages = [path for path in paths if not path.startswith("/speakers/")]
        return {
            "conference": [p for p in pages if p.count("/") == 2],
            "talk": [p for p in pages if p.count("/") == 4],
            "search": [f"/search/?q={word}" for word in ("python", "django", "notes", "talk")],
        }


@contextmanager
def servers(workers: int) -> Iterator[tuple[Site, PostgresCluster, RedisServer, S3Server]]:
    with tempfile.TemporaryDirectory(prefix="load-and-faults-") as tmp, ExitStack() as stack:
        directory = Path(tmp)
        (directory / "postgres").mkdir()
        postgres = PostgresCluster(directory / "postgres")
        postgres.init()
        postgres.start()
        stack.callback(postgres.shutdown)
        redis = RedisServer()
        redis.start()
        stack.callback(redis.stop)
        s3 = S3Server()
        s3.start()
        stack.callback(s3.stop)
        bucket = s3.create_bucket("load-media")
        port = free_port()
        site = Site(
            port=port,
            log=directory / "gunicorn.log",
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
                # The entrypoint calls `python` and the command `gunicorn`, as on the image.
                "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DATABASE_URL": postgres.create_database("notes"),
                "REDIS_URL": redis.url,
                # Requests say notes.test; a browser signing in to the admin uses loopback.
                "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
                "STATIC_ROOT": str(directory / "static"),
                "AWS_STORAGE_BUCKET_NAME": bucket,
                "AWS_S3_ENDPOINT_URL": s3.url,
                "AWS_S3_REGION_NAME": S3_REGION,
                "AWS_ACCESS_KEY_ID": S3_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": S3_SECRET,
                "AWS_S3_ADDRESSING_STYLE": "path",
                "SENTRY_DSN": "",
                "LOG_LEVEL": "WARNING",
            },
        )
        stack.callback(site.stop)
        site.start(workers)
        site.manage("load_demo")
        yield site, postgres, redis, s3


@dataclass
class Sample:
    at: float  # seconds since the phase started
    seconds: float
    outcome: str  # "ok", an HTTP status, or "timeout" / "connection error"
    kind: str


@dataclass
class PhaseResult:
    name: str
    seconds: float
    requests: int
    errors: int
    timeouts: int
    p50_ms: float
    p99_ms: float
    outcomes: dict[str, int]
    notes: dict[str, float] = field(default_factory=dict)


def request_once(port: int, path: str) -> str:
    try:
        status, body = get(port, path)
    except TimeoutError:
        return "timeout"
    except OSError as error:
        return f"connection error ({type(error).__name__})"
    if status == 200 and b"<h1" in body:
        return "ok"
    return str(status)


def load(
    port: int,
    urls: dict[str, list[str]],
    connections: int,
    seconds: float,
    fault: Callable[[float], dict[str, float]] | None = None,
    pause: float = 0.0,
) -> tuple[list[Sample], dict[str, float]]:
    """`connections` clients asking for pages in turn for `seconds`, each waiting `pause`
    seconds between its requests; `fault(started)` runs alongside and returns what it
    measured."""
    samples: list[Sample] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + seconds
    choices = [(kind, url) for kind, paths in urls.items() for url in paths]

    def client(seed: int) -> None:
        chooser = random.Random(seed)
        while time.monotonic() < stop_at:
            kind, url = chooser.choice(choices)
            sent = time.monotonic()
            outcome = request_once(port, url)
            sample = Sample(sent - started, time.monotonic() - sent, outcome, kind)
            with lock:
                samples.append(sample)
            time.sleep(pause)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    measured = fault(started) if fault else {}
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT_SECONDS * 2)
    return samples, measured


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    return round(sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))], 1)


def summarise(name: str, samples: list[Sample], seconds: float, notes: dict) -> PhaseResult:
    latencies = sorted(sample.seconds * 1000 for sample in samples)
    outcomes = Counter(sample.outcome for sample in samples)
    for kind in sorted({sample.kind for sample in samples}):
        of_kind = sorted(s.seconds * 1000 for s in samples if s.kind == kind)
        notes[f"{kind}_p50_ms"] = percentile(of_kind, 0.5)
    return PhaseResult(
        name=name,
        seconds=seconds,
        requests=len(samples),
        errors=sum(n for outcome, n in outcomes.items() if outcome != "ok"),
        timeouts=outcomes.get("timeout", 0),
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        outcomes=dict(outcomes),
        notes=notes,
    )


def restart_postgres(site: Site, postgres: PostgresCluster, after: float, down: float):
    """Stop PostgreSQL `after` seconds into the phase, start it `down` seconds later, and
    measure how long the site then takes to serve an uncached page (a search) again."""

    def fault(started: float) -> dict[str, float]:
        time.sleep(after)
        stopped = time.monotonic()
        postgres.stop()
        time.sleep(down)
        postgres.start()
        back = time.monotonic()
        probe = 0
        while True:
            probe += 1
            if request_once(site.port, f"/search/?q=recovery{probe}") in ("ok", "200"):
                break
            if time.monotonic() - back > 60:
                break
            time.sleep(0.05)
        return {
            "postgres_down_at": round(stopped - started, 2),
            "postgres_back_at": round(back - started, 2),
            "recovery_seconds": round(time.monotonic() - back, 2),
        }

    return fault


def stop_server(server: RedisServer | S3Server, after: float):
    def fault(started: float) -> dict[str, float]:
        time.sleep(after)
        server.stop()
        return {"stopped_at": round(time.monotonic() - started, 2)}

    return fault


def errors_after(samples: list[Sample], moment: float) -> int:
    return sum(1 for sample in samples if sample.at >= moment and sample.outcome != "ok")


def run_phases(
    servers: tuple[Site, PostgresCluster, RedisServer, S3Server],
    connections: int,
    seconds: float,
    fault_seconds: float,
    pause: float = 0.0,
) -> list[PhaseResult]:
    """The four phases against running `servers()`; S3 is left stopped."""
    site, postgres, redis, s3 = servers
    urls = site.page_urls()
    print("pages asked for: " + ", ".join(f"{len(v)} {k}" for k, v in urls.items()), flush=True)
    for paths in urls.values():  # warm up: renditions made, caches filled
        for path in paths:
            request_once(site.port, path)
    results = []
    samples, _ = load(site.port, urls, connections, seconds, pause=pause)
    results.append(summarise("steady", samples, seconds, {}))

    at = fault_seconds / 4
    restart = restart_postgres(site, postgres, at, 1.0)
    samples, notes = load(site.port, urls, connections, fault_seconds, restart, pause)
    deadline = notes["postgres_back_at"] + RECOVERY_LIMIT_SECONDS
    notes["errors_after_recovery_limit"] = errors_after(samples, deadline)
    results.append(summarise("postgres restart", samples, fault_seconds, notes))

    stop_redis = stop_server(redis, at)
    samples, notes = load(site.port, urls, connections, fault_seconds, stop_redis, pause)
    results.append(summarise("redis stopped", samples, fault_seconds, notes))
    redis.start()

    samples, notes = load(site.port, urls, connections, fault_seconds, stop_server(s3, at), pause)
    results.append(summarise("s3 stopped", samples, fault_seconds, notes))
    return results


def failures(results: list[PhaseResult]) -> list[str]:
    problems = []
    for result in results:
        if result.name == "postgres restart":
            if result.notes["recovery_seconds"] > RECOVERY_LIMIT_SECONDS:
                problems.append(
                    f"{result.name}: recovery took {result.notes['recovery_seconds']} s"
                )
            if result.notes["errors_after_recovery_limit"]:
                problems.append(f"{result.name}: errors more than 5 s after PostgreSQL was back")
        elif result.errors or result.timeouts:
            problems.append(f"{result.name}: {result.errors} errors, {result.timeouts} timeouts")
    return problems


def report(result: PhaseResult) -> str:
    line = (
        f"{result.name:<17} {result.seconds:>5.0f} s  {result.requests:>6} requests  "
        f"{result.errors:>4} errors  {result.timeouts:>3} timeouts  "
        f"p50 {result.p50_ms:>7.1f} ms  p99 {result.p99_ms:>7.1f} ms  "
        f"{result.requests / result.seconds:>6.1f} req/s"
    )
    extra = [f"{k.replace('_', ' ')} {v}" for k, v in result.notes.items()]
    failed = {k: v for k, v in result.outcomes.items() if k != "ok"}
    if failed:
        extra.append(f"failed: {failed}")
    return line + ("\n" + " " * 18 + "; ".join(extra) if extra else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60, help="length of the steady phase")
    parser.add_argument(
        "--fault-seconds", type=float, default=20, help="length of each fault phase"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--pause-ms", type=float, default=0, help="each connection's wait between requests"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    print(
        f"{args.connections} connections; gunicorn with {args.workers} workers, production "
        f"settings, PostgreSQL {postgres_bin().parent.name}, Redis, moto S3; {os.cpu_count()} CPUs",
        flush=True,
    )
    with servers(args.workers) as running:
        results = run_phases(
            running, args.connections, args.seconds, args.fault_seconds, args.pause_ms / 1000
        )
    for result in results:
        print(report(result))
    problems = failures(results)
    if args.json:
        args.json.write_text(
            json.dumps({"phases": [asdict(r) for r in results], "failures": problems}, indent=2)
        )
    print("\n".join(problems) if problems else "all limits met")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
