"""A worker killed with SIGKILL in the middle of a refresh: after restart nothing is lost
and nothing is duplicated. Uses real worker subprocesses on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.utils import timezone

from huiying.items.models import Item
from huiying.sources.models import Source, SourceKind
from huiying.sources.scheduler import enqueue_due
from huiying.sources.services import create_source
from tests.services.feeds import rss

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

N_ITEMS = 40


def _feed_bytes() -> bytes:
    items = [
        (
            f"n{i}",
            f"青川市第{i}号民生实事进展通报",
            f"第{i}号民生实事：{'江滨区道路改造与排水管网更新工程进展顺利。' * 3}编号{i}。",
        )
        for i in range(N_ITEMS)
    ]
    return rss(items).encode("utf-8")


class _SlowThenFast(BaseHTTPRequestHandler):
    slow = True
    started = threading.Event()

    def do_GET(self):
        body = _feed_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if type(self).slow:
            type(self).started.set()
            # Trickle the body so the worker is killed mid-refresh.
            for i in range(0, len(body), 256):
                try:
                    self.wfile.write(body[i : i + 256])
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
        else:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["HUIYING_SQLITE_PATH"] = str(db["NAME"])
    env["HUIYING_FETCH_ALLOW_NETWORKS"] = "127.0.0.0/8"
    env["HUIYING_FETCH_HOST_DELAY"] = "0"
    env["HUIYING_REFRESH_LEASE"] = "30"
    return env


def _worker(*extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "huiying.cli", "worker", "--interval", "0.2", *extra],
        env=_worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_sigkill_mid_refresh_loses_and_duplicates_nothing(office):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowThenFast)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        source = create_source(name="慢速源", kind=SourceKind.FEED, url=url, unit=office)
        assert enqueue_due() == 1

        worker = _worker()
        try:
            assert _SlowThenFast.started.wait(30), "worker never fetched the feed"
            time.sleep(0.5)
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert Item.objects.count() == 0, "a half-done refresh must store nothing"
        source.refresh_from_db()
        assert source.lease_until is not None, "the dead worker's claim is still held"

        # Nothing re-queues while the claim is live; once it has expired the source is due again.
        assert enqueue_due() == 0
        later = timezone.now() + timedelta(seconds=31)
        Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
        assert enqueue_due(now=later) == 1

        _SlowThenFast.slow = False
        drained = _worker("--batch")
        out, _ = drained.communicate(timeout=120)
        assert drained.returncode == 0, out.decode("utf-8", "replace")
        assert Item.objects.count() == N_ITEMS
        assert Item.objects.values("guid").distinct().count() == N_ITEMS

        # Running again (feed repeated) adds nothing.
        Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now(), lease_until=None)
        assert enqueue_due() == 1
        again = _worker("--batch")
        again.communicate(timeout=120)
        assert Item.objects.count() == N_ITEMS
    finally:
        server.shutdown()
