"""Render the demo's PDFs ahead, in parallel, without changing how a document is issued.

Three quarters of the demo's load is WeasyPrint turning each document's HTML into PDF, one
after another inside the actions (the PDF's digest goes into the same transaction and
ledger entry, so the action must have the bytes before it returns). The demo keeps that
exactly, and only makes the bytes ready before they are asked for:

- a *shadow* process, forked when the cases start, replays the same dated acts on a copy
  of the database in a scratch data directory, with a stand-in PDF; each document's HTML
  it produces goes to a queue;
- *renderers* (one per CPU) turn the queued HTML into PDF files, keyed by the digest of
  the HTML;
- the real load asks for each PDF by the digest of its own HTML and takes the renderer's
  file; an HTML the shadow never produced (the shadow's stand-in digests can differ from
  the real ones where a document quotes another) is rendered on the spot, as before.

So every stored PDF is the rendering of exactly the HTML the real action built; only the
CPU that does it changes. SQLite in a file only (the shadow needs a copy of the
database); on PostgreSQL, in memory (the test runner) or with one CPU, the cases load as
before. ``SANXIANG_DEMO_RENDERERS=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import translation

from sanxiang.core import pdf

ENV_RENDERERS = "SANXIANG_DEMO_RENDERERS"
POLL_SECONDS = 0.005
# The shadow must run ahead of the real load; past this the real load renders itself.
QUEUE_LIMIT = 2000


def renderer_count() -> int:
    raw = os.environ.get(ENV_RENDERERS, "").strip()
    if raw.isascii() and raw.isdigit():
        return int(raw)
    return min(4, os.cpu_count() or 1) if (os.cpu_count() or 1) > 1 else 0


def _key(html: str, base_url, language: str) -> str:
    text = f"{language}\0{base_url or ''}\0{html}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run(acts: Callable[[Callable[[int], None]], None]) -> None:
    """Run ``acts(mark)`` (``mark(i)`` is called before the i-th act) with PDFs rendered
    ahead when the database allows it; see the module docstring."""
    connection = connections["default"]
    workers = renderer_count()
    name = str(connection.settings_dict.get("NAME") or "")
    in_memory = name == ":memory:" or "mode=memory" in name  # the test runner's database
    if connection.vendor != "sqlite" or in_memory or workers == 0 or os.name != "posix":
        acts(lambda _i: None)
        return
    Pipeline(connection, workers).run(acts)


class Pipeline:
    def __init__(self, connection, workers: int):
        self.connection = connection
        self.workers = workers
        self.scratch = Path(tempfile.mkdtemp(prefix="sanxiang-demo-render-"))
        self.ready = self.scratch / "pdf"
        self.ready.mkdir()
        context = multiprocessing.get_context("fork")
        self.queue = context.Queue(QUEUE_LIMIT)
        self.shadow_at = context.Value("q", -1)  # the last act the shadow finished
        self.context = context
        self.main_at = -1
        self.processes: list = []

    # ----------------------------------------------------------------------------------
    # The real load

    def run(self, acts) -> None:
        self._copy_database()
        self.processes = [self.context.Process(target=self._render_loop, daemon=True)
                          for _ in range(self.workers)]
        self.processes.append(self.context.Process(target=self._shadow, args=(acts,),
                                                   daemon=True))
        for process in self.processes:
            process.start()
        original = pdf.html_to_pdf
        pdf.html_to_pdf = self._ready_pdf(original)
        try:
            acts(self._mark)
        finally:
            pdf.html_to_pdf = original
            for process in self.processes:
                with suppress(Exception):
                    process.kill()
                    process.join(timeout=5)
            shutil.rmtree(self.scratch, ignore_errors=True)

    def _mark(self, index: int) -> None:
        self.main_at = index

    def _ready_pdf(self, render):
        def ready_pdf(html: str, *, base_url=None) -> bytes:
            key = _key(html, base_url, translation.get_language() or "")
            path = self.ready / f"{key}.pdf"
            asked = self.ready / f"{key}.asked"
            while True:
                if path.exists():
                    data = path.read_bytes()
                    pdf.require_cjk_font(data)
                    stats["ahead"] += 1
                    return data
                shadow_alive = self.processes[-1].is_alive()
                shadow_past = self.shadow_at.value > self.main_at
                renderers_alive = any(p.is_alive() for p in self.processes[:-1])
                failed = (self.ready / f"{key}.failed").exists()
                if failed or not renderers_alive or (not asked.exists() and (
                        shadow_past or not shadow_alive)):
                    stats["here"] += 1
                    return render(html, base_url=base_url)
                time.sleep(POLL_SECONDS)
        return ready_pdf

    # ----------------------------------------------------------------------------------
    # The shadow and the renderers (forked children: they never touch the real database)

    def _copy_database(self) -> None:
        # The demo runs in one transaction: the copy is read through its own connection,
        # which sees what it has written so far (the backup API and VACUUM INTO refuse to
        # run inside a transaction). At this point the database holds the county's
        # register and lists, a few megabytes.
        self.connection.ensure_connection()
        target = sqlite3.connect(self.scratch / "sanxiang.sqlite3", isolation_level=None)
        try:
            target.executescript("\n".join(self.connection.connection.iterdump()))
        finally:
            target.close()

    def _detach_database(self, name: str | None) -> None:
        """In a forked child: forget the parent's connection without closing it (closing
        would roll back the parent's open transaction) and open ``name`` instead."""
        connection = self.connection
        _kept.append(connection.connection)
        connection.connection = None
        connection.in_atomic_block = False
        connection.savepoint_ids = []
        connection.atomic_blocks = []
        connection.needs_rollback = False
        connection.commit_on_exit = True
        connection.run_on_commit = []
        connection.closed_in_transaction = False
        if name is not None:
            connection.settings_dict["NAME"] = name

    def _shadow(self, acts) -> None:
        code = 0
        try:
            self._detach_database(str(self.scratch / "sanxiang.sqlite3"))
            data = self.scratch / "data"
            data.mkdir()
            settings.DATA_DIR = data
            stand_in = _stand_in_pdf()
            asked = set()

            def queue_html(html: str, *, base_url=None) -> bytes:
                language = translation.get_language() or ""
                key = _key(html, base_url, language)
                if key not in asked:
                    asked.add(key)
                    (self.ready / f"{key}.asked").touch()
                    self.queue.put((key, html, base_url, language))
                return stand_in

            pdf.html_to_pdf = queue_html

            def mark(index: int) -> None:
                self.shadow_at.value = index - 1

            acts(mark)
            self.shadow_at.value = 2 ** 62
        except BaseException:  # the real load goes on rendering by itself
            code = 1
            self.shadow_at.value = 2 ** 62
        finally:
            for _ in range(self.workers):
                with suppress(Exception):
                    self.queue.put(None)
            self.queue.close()
            self.queue.join_thread()
            os._exit(code)

    def _render_loop(self) -> None:
        code = 0
        try:
            self._detach_database(None)
            render = pdf.html_to_pdf
            while (item := self.queue.get()) is not None:
                key, html, base_url, language = item
                try:
                    with translation.override(language or None):
                        data = render(html, base_url=base_url)
                except Exception:  # the real load renders it and says why
                    (self.ready / f"{key}.failed").touch()
                    continue
                partial = self.ready / f"{key}.part{os.getpid()}"
                partial.write_bytes(data)
                partial.replace(self.ready / f"{key}.pdf")
        except BaseException:
            code = 1
        finally:
            os._exit(code)


# How the last load's PDFs were made: rendered ahead, or here after all (for the report).
stats = {"ahead": 0, "here": 0}
# Connections a forked child inherited: kept referenced so they are never finalised there.
_kept: list = []


def _stand_in_pdf() -> bytes:
    """A real PDF (so anything that reads one in the shadow still can), rendered once."""
    return pdf.html_to_pdf('<html lang="zh-Hans"><body><p>演示文书</p></body></html>')
