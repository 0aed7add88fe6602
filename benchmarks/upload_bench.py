"""Upload benchmark: a resumable chunked upload through the real HTTP endpoints vs a baseline.

    .venv/bin/python benchmarks/upload_bench.py [--size-mb 1024] [--small-mb 64]
        [--parallel 2] [--workers 1] [--threads 4]

Builds a throw-away platform (SQLite in a temporary data directory), one body, two officers,
an officer's account and a case, then starts the real server the way ``sanxiang serve`` does
(gunicorn, gthread workers) on a free port of 127.0.0.1 and uploads a file of ``--small-mb``
and then one of ``--size-mb`` through the endpoints the browser uses: POST start, PUT each
8 MiB chunk (``--parallel`` connections, as ``uploader.js`` does), POST finish with the
R-REC-04 metadata. The baseline is what the upload cannot avoid: hashing the same bytes into
the same SM3 Merkle leaves as ``sanxiang.core.blobs`` and writing them to disk with the same
``pwrite`` + ``fsync`` per chunk, in one process with no HTTP and no database.

Prints MB/s for both and their ratio, checks the stored digest against the baseline's, and
prints the server workers' peak resident memory (VmHWM) after each size: it should not grow
with the file, because request bodies are streamed to disk. Only 127.0.0.1 is contacted;
the server is stopped and the scratch data removed at the end.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MB = 1024 * 1024

BENCH_SETTINGS = '''
from sanxiang.settings import *  # noqa: F401,F403

ROOT_URLCONF = "upload_bench_urls"
SANXIANG_MAX_UPLOAD_BYTES = 64 * 1024 ** 3
'''

# The records URLs under /workbench/records/, whether or not the project's root mounts them.
BENCH_URLS = '''
from django.urls import include, path
from django.urls.exceptions import NoReverseMatch

from sanxiang import urls as root

urlpatterns = list(root.urlpatterns)
try:
    from django.urls import reverse
    reverse("records:upload_start", urlconf=root)
except NoReverseMatch:
    urlpatterns.insert(0, path("workbench/records/", include("sanxiang.records.urls")))
'''


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="the large file (MiB)")
    parser.add_argument("--small-mb", type=int, default=64, help="the small file (MiB)")
    parser.add_argument("--parallel", type=int, default=2, help="chunk uploads at once")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    return parser.parse_args()


# --- platform -----------------------------------------------------------------------------

def server_env(scratch: Path) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(SANXIANG_ENV="demo", SANXIANG_DATA_DIR=str(scratch / "data"),
               DJANGO_SETTINGS_MODULE="upload_bench_settings", SANXIANG_LOG_LEVEL="ERROR",
               PYTHONPATH=os.pathsep.join([str(scratch / "py"), str(ROOT / "src")]))
    return env


def setup_django(env: dict, scratch: Path) -> None:
    (scratch / "py").mkdir()
    (scratch / "py" / "upload_bench_settings.py").write_text(BENCH_SETTINGS)
    (scratch / "py" / "upload_bench_urls.py").write_text(BENCH_URLS)
    sys.path.insert(0, str(scratch / "py"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update({k: env[k] for k in ("SANXIANG_ENV", "SANXIANG_DATA_DIR",
                                           "DJANGO_SETTINGS_MODULE")})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_platform() -> dict:
    """One body, two qualified officers, an officer's account, a case: via the real actions."""
    from django.test import Client
    from django.utils import timezone

    from sanxiang.cases import actions as case_actions
    from sanxiang.core.identifiers import make_credit_code
    from sanxiang.org import actions
    from sanxiang.org.models import EnforcementField
    from sanxiang.org.roles import Role

    if not EnforcementField.objects.filter(code="AQSC").exists():
        actions.create_enforcement_field(acting_user=None, code="AQSC", name="安全生产")
    body = actions.create_body(
        acting_user=None, name="基准测试应急管理局", short_name="基准应急局",
        credit_code=make_credit_code(prefix="11", region="130102", seed=1),
        nature="administrative", subject_kind="statutory", funding="full", staffing=40,
        duties="依法负责本辖区安全生产行政执法工作。", legal_representative="王建国",
        address="某市某区政务中心1号", complaint_phone="0311-12345",
        supervising_body="某市司法局", region_code="130102")
    today = timezone.localdate()
    officers = []
    for n, name in enumerate(("张伟", "刘洋"), start=1):
        officer = actions.create_officer(
            acting_user=None, body=body, name=name, post="执法队员", field_codes=["AQSC"],
            areas="本辖区", legal_qualification=False, is_reviewer=False, phone="13800000000")
        certificate = actions.issue_certificate(
            officer=officer, acting_user=None, number=f"1301020100{n}",
            issued_by="河北省人民政府", issued_on=date(today.year - 3, 3, 1),
            expires_on=date(today.year + 3, 2, 28))
        for year in range(today.year - 3, today.year):
            actions.record_annual_inspection(certificate=certificate, acting_user=None,
                                             year=year, result="passed",
                                             inspected_on=date(year, 12, 20))
        officers.append(officer)
    user = actions.create_user(acting_user=None, username="bench_officer",
                               password="Bench-Upload-2026!", full_name="张伟",
                               roles=[Role.OFFICER], officer=officers[0])
    opened = today - timedelta(days=10)
    case = case_actions.open_case(
        acting_user=user, body=body, procedure="penalty_general", title="基准测试案件",
        field_code="AQSC", parties=[{
            "kind": "organisation", "name": "某化工有限公司", "id_kind": "credit_code",
            "id_number": make_credit_code(prefix="91", region="130139", seed=7),
            "legal_representative": "赵立新", "address": "某工业园区8号",
            "phone": "0311-8800123"}],
        officers=officers, opened_on=opened, violation_on=opened - timedelta(days=20),
        discovered_on=opened - timedelta(days=2))
    client = Client()
    client.force_login(user)
    return {"case": case.pk, "officer": officers[0].pk,
            "session": client.cookies["sessionid"].value}


# --- server -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sanxiang.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--threads", str(args.threads), "--timeout", "300", "--log-level", "warning"],
        env=env, cwd=str(ROOT))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return pids


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- client -------------------------------------------------------------------------------

class Session:
    def __init__(self, port: int, session_id: str):
        from django.middleware.csrf import _get_new_csrf_string

        self.port = port
        self.csrf = _get_new_csrf_string()
        self.cookie = f"sessionid={session_id}; csrftoken={self.csrf}"

    def request(self, method: str, path: str, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        all_headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf,
                       "Referer": f"http://127.0.0.1:{self.port}/"}
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        if own:
            conn.close()
        if response.status >= 300:
            raise SystemExit(f"{method} {path}: {response.status} {data[:500]!r}")
        return json.loads(data) if data else {}


def make_source(path: Path, size: int) -> None:
    block = os.urandom(MB)
    with path.open("wb") as f:
        for n in range(size // MB):
            # Vary each MiB so no two chunks are alike.
            f.write(n.to_bytes(8, "big") + block[8:])
        f.write(block[: size % MB])


def upload(session: Session, source: Path, size: int, platform: dict, parallel: int) -> dict:
    from django.utils import timezone

    started = time.perf_counter()
    info = session.request("POST", "/workbench/records/uploads/", body=json.dumps({
        "case": platform["case"], "filename": source.name, "content_type": "video/mp4",
        "size": size}), headers={"Content-Type": "application/json"})
    chunk_size = info["chunk_size"]

    def send(indexes):
        conn = http.client.HTTPConnection("127.0.0.1", session.port, timeout=300)
        with source.open("rb") as f:
            for index in indexes:
                f.seek(index * chunk_size)
                piece = f.read(chunk_size)
                begin = index * chunk_size
                session.request("PUT", info["chunk_url"].replace("{index}", str(index)),
                                body=piece, conn=conn, headers={
                                    "Content-Type": "application/octet-stream",
                                    "Content-Range": f"bytes {begin}-{begin + len(piece) - 1}"
                                                     f"/{size}"})
        conn.close()

    indexes = list(range(info["chunk_count"]))
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(send, [indexes[i::parallel] for i in range(parallel)]))
    now = timezone.localtime()
    form = {"step": "investigate", "kind": "video", "title": "基准测试视频",
            "proves": "基准测试", "place": "某工业园区", "device": "执法记录仪 DSJ-0001",
            "captured_by": platform["officer"],
            "captured_from": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "captured_to": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}
    result = session.request("POST", info["finish_url"], body=urlencode(form),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    result["seconds"] = time.perf_counter() - started
    return result


def baseline(source: Path, size: int, target: Path) -> tuple[str, float]:
    """Hash the same SM3 leaves as blobs and pwrite + fsync each chunk: no HTTP, no DB."""
    from sanxiang.core import blobs
    from sanxiang.ledger import merkle

    alg = blobs.algorithm()
    started = time.perf_counter()
    leaves = []
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with source.open("rb") as f:
            offset = 0
            while True:
                chunk = f.read(blobs.CHUNK_SIZE)
                if not chunk:
                    break
                hasher = merkle._prefixed(alg, b"\x00")
                view = memoryview(chunk)
                for start in range(0, len(chunk), MB):
                    os.pwrite(fd, view[start:start + MB], offset + start)
                    hasher.update(view[start:start + MB])
                os.fsync(fd)
                leaves.append(hasher.digest())
                offset += len(chunk)
    finally:
        os.close(fd)
    digest = blobs.digest_of_leaves(alg, leaves)
    return digest, time.perf_counter() - started


def main():
    args = parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="sx-upload-bench-"))
    server = None
    try:
        env = server_env(scratch)
        setup_django(env, scratch)
        platform = make_platform()
        port = free_port()
        server = start_server(args, env, port)
        session = Session(port, platform["session"])
        print(f"CPUs: {os.cpu_count()}  gunicorn: {args.workers} worker(s) x {args.threads} "
              f"threads  chunk uploads at once: {args.parallel}  data: {scratch}")
        warm = scratch / "warm-up.bin"  # the first requests import and compile: not measured
        make_source(warm, MB)
        upload(session, warm, MB, platform, 1)
        rows = []
        for size_mb in (args.small_mb, args.size_mb):
            size = size_mb * MB
            source = scratch / f"source-{size_mb}.bin"
            make_source(source, size)
            result = upload(session, source, size, platform, args.parallel)
            peak = max((peak_rss_mb(p) for p in worker_pids(server.pid)), default=0.0)
            digest, base_seconds = baseline(source, size, scratch / "baseline.bin")
            if digest != result["digest"]:
                raise SystemExit(f"digest mismatch: server {result['digest']} vs {digest}")
            rows.append((size_mb, size / MB / result["seconds"], size / MB / base_seconds, peak))
            source.unlink()
            (scratch / "baseline.bin").unlink()
        print(f"{'size':>9} {'upload MB/s':>12} {'baseline MB/s':>14} {'ratio':>6} "
              f"{'server peak RSS':>16}")
        for size_mb, up, base, peak in rows:
            print(f"{size_mb:>6} MB {up:>12.1f} {base:>14.1f} {up / base:>6.2f} "
                  f"{peak:>13.1f} MB")
        print("digests of the stored files match the baseline's")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
