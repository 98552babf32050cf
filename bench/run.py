"""The benchmark harness (issue 15): `make bench`, or `.venv/bin/python bench/run.py --help`.

It builds the municipal data set in a throwaway PostgreSQL database, serves it with the production
settings under gunicorn on a loopback port, logs in as each demo role and prints, for every kind of page the
roles reach, its median and p95 as a ratio to a bare Django page (`/healthz/bare/`) served by the same
processes and middleware. Requests to a page and to the bare page alternate in one run, so the load other
processes put on the machine hits both alike: the ratios, not the milliseconds, are the figures to compare.
Then a capacity run (N concurrent connections for a few seconds) and the services' own benchmarks (matching,
documents; each printed as a ratio to its library's anchor). Figures are reported, never asserted.

Worker model: gunicorn with 3 sync workers (the issue's setting). The pages are CPU-bound (templates, ORM) on
two cores that PostgreSQL shares; sync workers give each request a whole process with its own persistent
database connection (CONN_MAX_AGE), and more workers or threads would only add switching and memory: the
GIL keeps threads of one worker from rendering in parallel.

Bounded: a fixed number of rounds, a capacity run of --duration seconds, loopback only; the database and the
server are removed at the end (--keep-db keeps the database for a second run with --reuse-db).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
ROLES = ("admin", "coordinator", "director", "curator", "psychologist", "mentor", "mentee")
# The coordinator of seed_demo --region's large region (mentoring.organisations.demo.seed_region_scale).
SCALE_REGIONAL = "scale-regional"
PASSWORD = "demo"
HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/media/", "/admin/", "/accounts/", "/healthz/", "/i18n/")
# Links that download a file or change something on GET are not pages.
SKIP_PARTS = ("/export", "/download", "/pdf", "/ics", "/xlsx", "/docx", "/logout", "/file")
BARE = "/healthz/bare/"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# The database and the server


def admin_connection():
    import psycopg

    return psycopg.connect(f"host={HOST} port=5432 user=postgres dbname=postgres", autocommit=True)


def create_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str, settings: str) -> None:
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log(f"  manage.py {' '.join(args)}: {time.perf_counter() - started:.0f} s")


def static_is_stale() -> bool:
    """collectstatic (a minute of compression) only when a static file changed since the last one."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [ROOT / "static", ROOT / "package-lock.json"]
    return any(path.stat().st_mtime > built for source in sources for path in [source, *source.rglob("*")])


def start_server(env: dict, *, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--backlog=256",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _headers = request(port, BARE)
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------------------
# A minimal HTTP client: stdlib only (a client's own CPU on the same two cores must stay small).


def request(
    port: int, path: str, *, cookies: dict | None = None, method: str = "GET", body: dict | None = None
):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Host": f"{HOST}:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{HOST}:{port}{path}"
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        return response.status, content, response.getheaders()
    finally:
        connection.close()


def set_cookies(headers, cookies: dict) -> None:
    # The production cookies are Secure; this loopback client keeps them anyway (it never leaves the host).
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]


class Session:
    """A logged-in role, like requests.Session: cookies kept across requests."""

    def __init__(self, port: int, username: str):
        self.port, self.username = port, username
        self.cookies: dict[str, str] = {}
        status, content, headers = request(port, "/accounts/login/")
        set_cookies(headers, self.cookies)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or token is None:
            raise SystemExit(f"login page for {username}: {status}")
        status, _content, headers = request(
            port,
            "/accounts/login/",
            cookies=self.cookies,
            method="POST",
            body={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()},
        )
        set_cookies(headers, self.cookies)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed: {status}")

    def get(self, path: str):
        started = time.perf_counter()
        status, content, headers = request(self.port, path, cookies=self.cookies)
        return status, content, headers, time.perf_counter() - started


def pattern_of(path: str) -> str:
    """A page's kind: ids and slugs of scale schools folded, the query string kept by name only."""
    base, _, query = path.partition("?")
    base = re.sub(r"/\d+(?=/)", "/<id>", base)
    base = re.sub(r"/scale-school-\d+(?=/)", "/scale-school-<n>", base)  # sixty schools alike: one kind
    # The large region's municipalities and schools alike (scale-region-m03, scale-region-m03-s017).
    base = re.sub(r"scale-region-m\d+", "scale-region-m<m>", base)
    base = re.sub(r"-s\d+(?=/)", "-s<n>", base)
    names = sorted({pair.split("=", 1)[0] for pair in query.split("&") if pair})
    return base + ("?" + "&".join(names) if names else "")


def discover(session: Session, *, limit: int) -> dict[str, str]:
    """Crawl from the home page: one URL per kind of HTML page the role reaches (kind → URL)."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(found) < limit and len(seen) < limit * 6:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP) or any(part in path for part in SKIP_PARTS):
            continue
        seen.add(path)
        status, content, headers, _elapsed = session.get(path)
        if status in (301, 302):
            location = {k.lower(): v for k, v in headers}.get("location", "")
            location = urllib.parse.urlsplit(location)
            queue.insert(0, location.path + (f"?{location.query}" if location.query else ""))
            continue
        content_type = {k.lower(): v for k, v in headers}.get("content-type", "")
        if status != 200 or not content_type.startswith("text/html"):
            continue
        kind = pattern_of(path)
        if kind in found:
            continue
        found[kind] = path
        for link in HREF.findall(content.decode("utf-8", "replace")):
            link = link.replace("&amp;", "&")
            if link not in seen and pattern_of(link) not in found:
                queue.append(link)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_pages(sessions: dict[str, Session], pages: list[tuple[str, str, str]], *, rounds: int):
    """Each round visits every page once in a shuffled order, each page right after a bare request by the
    same role: the bare timings sample the same moments of load as the pages'."""
    bare: list[float] = []
    timings: dict[tuple[str, str], list[float]] = {(role, kind): [] for role, kind, _path in pages}
    sizes: dict[tuple[str, str], int] = {}
    rng = random.Random(15)
    for _ in range(rounds):
        order = list(pages)
        rng.shuffle(order)
        for role, kind, path in order:
            session = sessions[role]
            bare.append(session.get(BARE)[3])
            status, content, _headers, elapsed = session.get(path)
            if status == 200:
                timings[(role, kind)].append(elapsed)
                sizes[(role, kind)] = len(content)
    return bare, timings, sizes


def capacity(
    sessions: dict[str, Session], pages: list[tuple[str, str, str]], *, connections: int, seconds: float
):
    """`connections` clients, each requesting pages one after another for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        rng = random.Random(number)
        while time.perf_counter() < deadline:
            role, _kind, path = rng.choice(pages)
            try:
                status, _content, _headers, elapsed = sessions[role].get(path)
            except OSError:
                status, elapsed = 0, 0.0
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(number,)) for number in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies, errors[0]


# ---------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=60)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--grow-school", default="1000:300:500:250", help="people:mentors:mentees:pairs")
    parser.add_argument(
        "--region",
        default="10x30x100",
        help="the large region (municipalities x organisations x people) and its coordinator's pages; "
        "'' for none",
    )
    parser.add_argument("--rounds", type=int, default=7, help="visits of every page (and of the bare page)")
    parser.add_argument("--pages-per-role", type=int, default=25)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of the capacity run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default=f"nastavnik_bench_{os.getpid()}")
    parser.add_argument("--reuse-db", action="store_true", help="use --database as it is (no seeding)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--no-services", action="store_true", help="skip the matching and documents benchmarks"
    )
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{args.database}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        # Its own cache: figures kept by an earlier run were counted on another database.
        "CACHE_DIR": tempfile.mkdtemp(prefix="nastavnik-bench-cache-"),
    }
    wall, cpu = time.perf_counter(), time.process_time()
    server = None
    try:
        if not args.reuse_db:
            log(f"== database {args.database}: migrate and seed")
            create_database(args.database)
            manage(env, "migrate", "--noinput", settings="config.settings.dev")
            seed = ["seed_demo", "--organisations", str(args.organisations), "--people", str(args.people)]
            if args.grow_school:
                seed += ["--grow-school", args.grow_school]
            if args.region:
                seed += ["--region", args.region]
            manage(env, *seed, settings="config.settings.dev")
        if static_is_stale():
            manage(env, "collectstatic", "--noinput", settings="config.settings.production")
        log(f"== gunicorn, {args.workers} sync workers, production settings, {HOST}:{args.port}")
        server = start_server(env, port=args.port, workers=args.workers)
        roles = [*ROLES, *([SCALE_REGIONAL] if args.region else [])]
        sessions = {role: Session(args.port, role) for role in roles}
        pages = []
        for role, session in sessions.items():
            for kind, path in discover(session, limit=args.pages_per_role).items():
                pages.append((role, kind, path))
        log(f"== {len(pages)} pages of {len(sessions)} roles, {args.rounds} rounds, interleaved with {BARE}")
        bare, timings, sizes = measure_pages(sessions, pages, rounds=args.rounds)
        anchor = statistics.median(bare)
        rows = []
        for (role, kind), values in timings.items():
            if values:
                rows.append(
                    (statistics.median(values), percentile(values, 0.95), role, kind, sizes[(role, kind)])
                )
        rows.sort(reverse=True)
        print(
            f"\nPages (ratio to the bare page's median {anchor * 1000:.2f} ms; p95 of the bare page "
            f"{percentile(bare, 0.95) * 1000:.2f} ms; {args.rounds} requests per page, interleaved)"
        )
        print(f"{'median×':>8} {'p95×':>7} {'median ms':>10} {'KB':>6}  role           page")
        for median, p95, role, kind, size in rows:
            print(
                f"{median / anchor:8.1f} {p95 / anchor:7.1f} {median * 1000:10.1f} {size / 1024:6.0f}  "
                f"{role:<14} {kind}"
            )
        ratios = [median / anchor for median, *_ in rows]
        if ratios:
            print(
                f"median of the page medians: {statistics.median(ratios):.1f}×; within 15× (median): "
                f"{sum(r <= 15 for r in ratios)} of {len(ratios)}; p95 within 30×: "
                f"{sum(p95 / anchor <= 30 for _m, p95, *_ in rows)} of {len(rows)}"
            )

        log(f"== capacity: {args.connections} connections for {args.duration:.0f} s")
        rate, latencies, errors = capacity(
            sessions, pages, connections=args.connections, seconds=args.duration
        )
        bare_pages = [(role, "bare", BARE) for role in sessions]
        bare_rate, bare_latencies, bare_errors = capacity(
            sessions, bare_pages, connections=args.connections, seconds=max(1.0, args.duration / 2)
        )
        print(
            f"\nCapacity, {args.connections} connections: pages {rate:.1f} req/s, "
            f"p50 {percentile(latencies, 0.5) * 1000 if latencies else 0:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000 if latencies else 0:.0f} ms, {errors} errors; "
            f"bare page {bare_rate:.0f} req/s, p95 "
            f"{percentile(bare_latencies, 0.95) * 1000 if bare_latencies else 0:.0f} ms, "
            f"{bare_errors} errors "
            f"({args.duration:.0f} s, wall clock on a shared machine: compare with the bare page's rate)"
        )
    finally:
        if server is not None:
            stop_server(server)
        if not args.keep_db and not args.reuse_db:
            drop_database(args.database)
        shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)

    if not args.no_services:
        log("== services: matching and documents (pytest benchmarks, SQLite test settings)")
        result = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "pytest"),
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                "benchmark",
                "tests/mentoring/test_matching.py",
                "tests/reports/test_benchmark.py",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        print("\nServices")
        for line in result.stdout.splitlines():
            if line.startswith("[benchmark]") or "benchmark" in line.lower() and "ms" in line:
                print("  " + line)
    log(
        f"== done in {time.perf_counter() - wall:.0f} s wall, "
        f"{time.process_time() - cpu:.0f} s CPU of this client"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
