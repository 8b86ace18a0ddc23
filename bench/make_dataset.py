"""Fill a data folder with a year of synthetic office data, fast, for the benchmarks.

    .venv/bin/python bench/make_dataset.py --data /tmp/huiying-bench --items 1000000 --cases 10000

What it makes (SQLite only; DATABASE_URL is ignored): the demo office's units, staff
accounts (password BENCH_PASSWORD), sources with a health record, N items over the last
12 months (denser lately, with a day/night rhythm and a few events growing in the last
hours), every item in an event, tiers, tier changes and alerts, complaints in every
status and cases in every step with their clocks, timeline, flash reports, statements
and publications. Texts come from the demo corpus (huiying.demo), segmented once into a
pool and reused, so titles and tokens are realistic Chinese.

Speed: items and event memberships go in with executemany in large batches while the
tables' secondary indexes and the full-text triggers are dropped; the indexes are then
made again, the triggers restored and the FTS5 index rebuilt once. Everything else goes
through the ORM's bulk_create. Dates are relative to now, so a dataset made today has
"items today". The folder must be new or given with --force (its database is replaced).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH_PASSWORD = "bench-password-2024"
BATCH = 20_000
DAY = 86_400
# Share of items per local hour of the day (night is quiet, mornings and evenings busy).
HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 7, 6, 7, 7, 7, 6, 6, 7, 8, 8, 7, 5, 3]
NEW_EVENT = 0.06  # share of items that open a new event (≈ 60,000 events per million)
HOT_EVENTS = 5  # events growing in the last hours (the dashboard's "hottest growing")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="data folder (HUIYING_DATA_DIR)")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--complaints", type=int, default=4_000)
    parser.add_argument("--sources", type=int, default=150)
    parser.add_argument("--pool", type=int, default=20_000, help="distinct texts to reuse")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--force", action="store_true", help="replace an existing database")
    return parser.parse_args()


def setup(data: Path, force: bool) -> None:
    data.mkdir(parents=True, exist_ok=True)
    db = data / "huiying.sqlite3"
    if db.exists():
        if not force:
            sys.exit(f"{db} exists: pass --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["HUIYING_DATA_DIR"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("HUIYING_SQLITE_PATH", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def db_time(epoch: float) -> str:
    """A UTC time as Django stores it in SQLite (naive ISO text, space separator)."""
    return str(datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None))


class Indexes:
    """Drop a table's droppable indexes (and item FTS triggers) for a bulk load, then
    make them again: building an index once is far faster than updating it per row."""

    def __init__(self, cursor: Any, *tables: str) -> None:
        self.cur = cursor
        names = ",".join("?" * len(tables))
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            f"AND tbl_name IN ({names}) AND sql IS NOT NULL",
            tables,
        )
        self.saved = cursor.fetchall()

    def __enter__(self) -> Indexes:
        for name, sql in self.saved:
            kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"
            self.cur.execute(f'DROP {kind} "{name}"')
        return self

    def __exit__(self, *exc: object) -> None:
        for _name, sql in self.saved:
            self.cur.execute(sql)


def make_pool(size: int, seed: int) -> list[tuple[Any, ...]]:
    """Distinct (title, text, tokens, script, sentiment, story) rows from the demo corpus,
    segmented once by the real pipeline."""
    from huiying.core.pipeline import process_text
    from huiying.demo.corpus import generate_items
    from huiying.items.ingest import load_segmenter

    segmenter = load_segmenter()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for s in generate_items(size, seed=seed, start=start, length=(60, 220)):
        proc = process_text(s.title, s.text, segmenter, search=True)
        rows.append((s.title, s.text, " ".join(proc.words), proc.script, s.sentiment, s.story_id))
    return rows


def item_times(n: int, now: float, rng: Any) -> Any:
    """n epoch seconds over the last 365 days, sorted: a third more items lately than a
    year ago, and the day/night rhythm of HOUR_WEIGHTS (Beijing time)."""
    import numpy as np

    days = np.arange(365)
    day_w = 0.8 + 0.4 * days / 364
    hour_w = np.array(HOUR_WEIGHTS, dtype=float)
    day = rng.choice(365, size=n, p=day_w / day_w.sum())
    hour = rng.choice(24, size=n, p=hour_w / hour_w.sum())
    local_midnight = (now + 8 * 3600) // DAY * DAY - 8 * 3600
    t = local_midnight - (364 - day) * DAY + hour * 3600 + rng.integers(0, 3600, size=n)
    future = t > now  # later today: fold back into the hours already past
    t[future] = now - rng.integers(60, 6 * 3600, size=int(future.sum()))
    t.sort()
    return t


class EventBook:
    """Events as items join them: counts, sources, negatives, first/last, title."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}

    def new(self, pk: int, story: str, item_id: int, title: str, t: float) -> None:
        self.rows[pk] = {
            "story": story, "title": title, "title_item": item_id, "first": t, "last": t,
            "items": 0, "neg": 0, "sources": set(), "recent": [],
        }  # fmt: skip

    def add(self, pk: int, source: int, neg: bool, t: float, now: float) -> None:
        row = self.rows[pk]
        row["items"] += 1
        row["neg"] += neg
        row["sources"].add(source)
        row["last"] = max(row["last"], t)
        if t >= now - 6 * 3600:
            row["recent"].append(t)


def fill_items(cur: Any, args: argparse.Namespace, now: float, sources: list[Any]) -> EventBook:
    import numpy as np

    np_rng = np.random.default_rng(args.seed)
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    pool = make_pool(min(args.pool, args.items), args.seed)
    by_story: dict[str, list[int]] = {}
    for i, row in enumerate(pool):
        by_story.setdefault(row[5], []).append(i)
    stories = list(by_story)
    print(f"  text pool: {len(pool)} texts, {len(stories)} stories "
          f"({time.perf_counter() - t0:.1f} s)")  # fmt: skip
    times = item_times(args.items, now, np_rng)
    source_ids = [s.pk for s in sources]
    hosts = {s.pk: s.url.split("/")[2] for s in sources}
    source_w = [1.0 / (k + 1) ** 0.8 for k in range(len(source_ids))]
    src_pick = rng.choices(source_ids, weights=source_w, k=args.items)
    book = EventBook()
    slots: deque[int] = deque(maxlen=400)
    heads: dict[int, int] = {}
    hot_from = now - 6 * 3600
    hot: list[int] = []
    item_rows: list[tuple[Any, ...]] = []
    member_rows: list[tuple[Any, ...]] = []
    item_sql = (
        "INSERT INTO items_item (id, source_id, guid, url, title, text, html, published_at,"
        " fetched_at, author, script, content_hash, tokens, fingerprint, dup_of_id, extra,"
        " sentiment_label, sentiment_score) VALUES (?,?,?,?,?,?,'',?,?,'',?,?,?,NULL,?,'{}',?,?)"
    )
    member_sql = (
        "INSERT INTO events_eventmembership (id, item_id, event_id, item_at, pinned)"
        " VALUES (?,?,?,?,0)"
    )
    with Indexes(cur, "items_item", "events_eventmembership"):
        for k in range(args.items):
            pk = k + 1
            t = float(times[k])
            if t >= hot_from and len(hot) < HOT_EVENTS:
                event = len(book.rows) + 1
                hot.append(event)
                story = rng.choice(stories)
                book.new(event, story, pk, pool[by_story[story][0]][0], t)
            elif t >= hot_from and rng.random() < 0.1 + 0.6 * ((t - hot_from) / 21600) ** 2:
                event = rng.choice(hot)  # the hot events speed up towards now
            elif not slots or rng.random() < NEW_EVENT:
                event = len(book.rows) + 1
                story = rng.choice(stories)
                book.new(event, story, pk, pool[by_story[story][0]][0], t)
                slots.extend([event] * min(int(rng.paretovariate(1.3)), 40))
            else:
                event = slots[max(0, len(slots) - 1 - int(rng.expovariate(1 / 80)))]
            ev = book.rows[event]
            text_id = rng.choice(by_story[ev["story"]])
            title, text, tokens, script, mood, _story = pool[text_id]
            source = src_pick[k]
            head = heads.setdefault(event, pk)
            dup_of = head if head != pk and rng.random() < 0.3 else None
            fetched = db_time(t)
            published = db_time(t - rng.uniform(0, 7200)) if rng.random() < 0.8 else None
            url = f"https://{hosts[source]}/a/{pk}.html"
            digest = hashlib.sha256(f"{pk}:{text}".encode()).hexdigest()
            score = {"neg": -0.6, "pos": 0.5}.get(mood, 0.0)
            item_rows.append((pk, source, url, url, title, text, published, fetched, script,
                              digest, tokens, dup_of, mood, score))  # fmt: skip
            member_rows.append((pk, pk, event, min(published or fetched, fetched)))
            book.add(event, source, mood == "neg", t, now)
            if len(item_rows) >= BATCH:
                cur.executemany(item_sql, item_rows)
                cur.executemany(member_sql, member_rows)
                item_rows, member_rows = [], []
        cur.executemany(item_sql, item_rows)
        cur.executemany(member_sql, member_rows)
        print(f"  items and memberships inserted ({time.perf_counter() - t0:.1f} s)")
        write_events(book, now)
        print(f"  {len(book.rows)} events written; re-indexing ({time.perf_counter() - t0:.1f} s)")
    cur.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    print(f"  indexes and full-text index rebuilt ({time.perf_counter() - t0:.1f} s)")
    return book


def write_events(book: EventBook, now: float) -> None:
    from huiying.core.events.heat import RATE_HOURS
    from huiying.events.figures import Totals, current
    from huiying.events.models import Event

    at = datetime.fromtimestamp(now, tz=UTC)
    objs = []
    for pk, row in book.rows.items():
        first = datetime.fromtimestamp(int(row["first"]), tz=UTC)
        last = datetime.fromtimestamp(int(row["last"]), tz=UTC)
        hourly: dict[int, int] = {}
        for t in row["recent"]:
            if t >= now - 2 * RATE_HOURS * 3600:
                hour = int(t // 3600) * 3600
                hourly[hour] = hourly.get(hour, 0) + 1
        totals = Totals(row["items"], len(row["sources"]), row["neg"], first, last)
        fig = current(totals, hourly, at)
        objs.append(
            Event(
                pk=pk, key=f"bench:{pk}", title=row["title"], title_item_id=row["title_item"],
                first_seen=first, last_seen=last, item_count=row["items"],
                source_count=len(row["sources"]), negative_count=row["neg"], heat=fig.heat,
                per_hour_now=fig.per_hour, trend=fig.trend, updated_at=at,
            )
        )  # fmt: skip
    Event.objects.bulk_create(objs, batch_size=5000)


def make_org(rng: random.Random, n_sources: int, now: datetime) -> tuple[list[Any], list[Any]]:
    """The demo office's units, one account per unit and role, and sources."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from huiying.demo import office, vocab
    from huiying.org.models import Profile, Role, Unit
    from huiying.sources.models import Source, SourceKind

    units = Unit.objects.bulk_create(
        [Unit(code=u.code, name=u.name, is_office=u.kind == "office") for u in office.UNITS]
    )
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    people = [("bench-admin", Role.ADMIN, [office.OFFICE_UNIT], True)]
    people += [("bench-leader", Role.SUPERVISING_LEADER, ["xcb", "wxb"], False)]
    people += [("bench-principal", Role.PRINCIPAL_LEADER, ["xcb"], False)]
    people += [(f"bench-{u.code}", Role.DEPT_HEAD, [u.code], False) for u in office.UNITS]
    by_code = {u.code: u for u in units}
    users = []
    for name, role, codes, superuser in people:
        user = User.objects.create(
            username=name, password=password, is_superuser=superuser, is_staff=superuser
        )
        profile = Profile.objects.create(user=user, display_name=name, role=role)
        profile.units.set([by_code[c] for c in codes])
        users.append(user)
    sections = ("要闻", "民生", "区县", "社会", "评论", "快讯", "政务", "视频", "专题", "热线")
    objs = []
    for k in range(n_sources):
        outlet = vocab.OUTLETS[k % len(vocab.OUTLETS)]
        # Most sources are the lead office's; the rest are the departments' own.
        unit = by_code[office.OFFICE_UNIT] if rng.random() < 0.4 else rng.choice(units)
        failing = rng.random() < 0.06
        disabled = not failing and rng.random() < 0.04
        last_ok = now - timedelta(
            minutes=rng.randint(1, 30) if not failing else rng.randint(60, 3000)
        )
        objs.append(
            Source(
                name=f"{outlet.name}·{sections[(k // len(vocab.OUTLETS)) % len(sections)]}{k}",
                kind=SourceKind.FEED if k % 4 else SourceKind.PAGE,
                url=f"https://{outlet.domain}/feed/{k}.xml", poll_interval=rng.choice((300, 600, 900)),
                enabled=not disabled, unit=unit, last_attempt_at=now - timedelta(minutes=rng.randint(1, 15)),
                last_success_at=last_ok, consecutive_failures=rng.randint(1, 30) if failing else 0,
                last_error="连接超时（15 秒）" if failing else "", last_error_code="timeout" if failing else "",
                last_new_items=rng.randint(0, 20),
            )
        )  # fmt: skip
    return users, Source.objects.bulk_create(objs)


def main() -> None:
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    started = time.perf_counter()
    setup(Path(args.data).resolve(), args.force)
    from django.db import connection, transaction
    from django.utils import timezone

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from dataset_records import make_cases, make_complaints, make_tiers

    rng = random.Random(args.seed)
    now = timezone.now().replace(microsecond=0)
    with connection.cursor() as cur:
        # A fresh file made in one go: no journal (a failed run is simply made again),
        # no fsync, a large page cache and in-memory sorts for the index builds.
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-1000000")
        cur.execute("PRAGMA temp_store=MEMORY")
        # Off for the load (else every parent insert scans the children whose indexes
        # are dropped); checked once at the end instead.
        cur.execute("PRAGMA foreign_keys=OFF")
    with transaction.atomic():
        users, sources = make_org(rng, args.sources, now)
        print(f"org: {len(users)} accounts, {len(sources)} sources")
        with connection.cursor() as cur:
            book = fill_items(cur.connection.cursor(), args, now.timestamp(), sources)
        events = make_tiers(rng, book, now)
        print(f"tiers: {events} events tiered above 一般")
        complaints = make_complaints(args.complaints, args.seed, now)
        print(f"complaints: {complaints}")
        cases = make_cases(rng, args.cases, users, book, now)
        print(f"cases: {cases}")
    with connection.cursor() as cur:
        cur.execute("PRAGMA foreign_keys=ON")
        for table in ("items_item", "events_eventmembership", "cases_case", "cases_caseclock"):
            cur.execute(f"PRAGMA foreign_key_check({table})")
            if cur.fetchall():
                sys.exit(f"foreign key violations in {table}")
        cur.execute("ANALYZE")
        cur.execute("PRAGMA journal_mode=WAL")  # as the application runs it
    print(f"done in {time.perf_counter() - started:.1f} s: {args.data} "
          f"(log in as bench-admin / {BENCH_PASSWORD})")  # fmt: skip


if __name__ == "__main__":
    main()
