"""`make bench`: the support request pages under load, relative to a trivial route.

Builds a database with the demo data and N generated requests (default 10,000), serves the
app with gunicorn (2 workers) exactly as in production, logs in as staff, then measures
requests per second for each page with the same client in the same run. Ratios, not absolute
numbers, are what count: these machines are shared and noisy. Also counts the SQL statements
each page runs. Exits 1 when a page falls below 15 % of the trivial route.

    python -m tests.bench.run [--volume 10000] [--seconds 8] [--clients 4] [--rounds 4]
    KBB_BENCH_DATABASE_URL=postgresql+psycopg://... to measure on PostgreSQL
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "Bench-Parola-2026"


DROP_ALL = """
from sqlalchemy import MetaData, create_engine
import os
engine = create_engine(os.environ["KBB_DATABASE_URL"])
meta = MetaData()
meta.reflect(bind=engine)
meta.drop_all(bind=engine)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def login(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/auth/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = f"csrf_token={token}&username=personel&password={PASSWORD}"
    conn.request(
        "POST",
        "/auth/login",
        body=body,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    response.read()
    assert response.status == 303, f"login failed: {response.status}"
    return response.getheader("Set-Cookie").split(";")[0]


def measure(port: int, path: str, cookie: str, seconds: float, clients: int) -> tuple[int, float]:
    """Requests answered and seconds taken, with ``clients`` keep-alive connections."""
    counts = [0] * clients
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
                return
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(errors[0])
    return sum(counts), time.perf_counter() - started


def statements(env: dict, paths: list[str]) -> dict[str, int]:
    """SQL statements per page, counted in-process on the same database."""
    code = f"""
import json, re
from sqlalchemy import event
from kbb import create_app
from kbb.extensions import db
app = create_app()
client = app.test_client()
page = client.get('/auth/login').get_data(as_text=True)
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
client.post('/auth/login', data={{'csrf_token': token, 'username': 'personel',
            'password': {PASSWORD!r}}})
result = {{}}
with app.app_context():
    engine = db.engine
for path in {paths!r}:
    seen = []
    listener = lambda *a: seen.append(1)
    event.listen(engine, 'before_cursor_execute', listener)
    status = client.get(path).status_code
    event.remove(engine, 'before_cursor_execute', listener)
    result[path] = len(seen) if status == 200 else -status
print(json.dumps(result))
"""
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volume", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="pages take turns this many times (a shared machine's speed drifts; every "
        "page, the trivial route included, then sees the same drift)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kbb-bench-") as tmp:
        env = {
            **os.environ,
            "KBB_ENV": "development",
            "KBB_SECRET_KEY": "bench-secret-key-0123456789-abcdefghijkl",
            "KBB_DATABASE_URL": os.environ.get(
                "KBB_BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"
            ),
            "KBB_UPLOAD_DIR": f"{tmp}/uploads",
            "KBB_OUTBOX_DIR": f"{tmp}/outbox",
            "KBB_DEMO_PASSWORD": PASSWORD,
            "KBB_LOGIN_RATE_LIMIT": "1000 per minute",
        }
        flask = [str(BIN / "flask"), "--app", "kbb"]
        if "KBB_BENCH_DATABASE_URL" in os.environ:  # a scratch database: start from empty
            run([str(BIN / "python"), "-c", DROP_ALL], env)
        print(f"bench: building a database with {args.volume:,} requests ...", flush=True)
        started = time.perf_counter()
        run([*flask, "db", "upgrade"], env)
        run([*flask, "seed-demo", "--volume", str(args.volume)], env)
        print(f"bench: seeded in {time.perf_counter() - started:.1f} s", flush=True)

        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            cookie = login(port)
            detail_id = args.volume // 2
            pages = [
                ("trivial route (/healthz)", "/healthz", None),
                ("staff list", "/tickets/", 0.25),
                ("filtered search", "/tickets/?q=imar&status=open&sort=due", 0.25),
                ("detail page", f"/tickets/{detail_id}", 0.30),
            ]
            for _label, path, _aim in pages:  # warm up every worker
                measure(port, path, cookie, 1.0, args.clients)
            done = {path: [0, 0.0] for _label, path, _aim in pages}
            for _round in range(args.rounds):
                for _label, path, _aim in pages:
                    count, seconds = measure(
                        port, path, cookie, args.seconds / args.rounds, args.clients
                    )
                    done[path][0] += count
                    done[path][1] += seconds
            rates = {path: count / seconds for path, (count, seconds) in done.items()}
        finally:
            server.terminate()
            server.wait(timeout=10)
        counts = statements(env, [p for _l, p, _a in pages])

    base = rates["/healthz"]
    engine = "PostgreSQL" if "postgresql" in env["KBB_DATABASE_URL"] else "SQLite"
    print(
        f"\nbench: {args.volume:,} requests, {engine}, gunicorn 2 workers, "
        f"{args.clients} clients, {args.seconds:.0f} s per page in {args.rounds} turns\n"
    )
    print(f"{'page':<26} {'req/s':>8} {'ratio':>7} {'aim':>5} {'SQL':>4}")
    failed = False
    for label, path, aim in pages:
        ratio = rates[path] / base
        aim_text = f"{aim:.0%}" if aim else ""
        print(f"{label:<26} {rates[path]:>8.1f} {ratio:>7.0%} {aim_text:>5} {counts[path]:>4}")
        if aim and ratio < 0.15:
            failed = True
        if aim and counts[path] > 8:
            failed = True
    if failed:
        print("\nbench: a page is below 15 % of the trivial route or above 8 SQL statements")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
