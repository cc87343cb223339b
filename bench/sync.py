"""A laptop's 200 visits with 20 photos each pushed to the office server over loopback (services.sync.engine),
against psycopg ``COPY`` of the same rows into a copy of the same server database in the same run; then a re-sync
with nothing changed, against the same baseline and against one trivial round trip to the server.

A throw-away PostgreSQL (tests/pg_server.py) is started and removed. The photos are JPEGs of 150–300 kB made of
noise (they do not compress to nothing), each one different (its own comment segment), so that every photo is a
blob of its own as on a real laptop; they are made from a few encoded images, not one encode each.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from enum import Enum
from pathlib import Path

import sqlalchemy as sa
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspector.domain.checklist import ItemType  # noqa: E402
from inspector.domain.workflow import Result  # noqa: E402
from inspector.services.inspection import Inspection  # noqa: E402
from inspector.services.rounds import start_unannounced  # noqa: E402
from inspector.services.workspace import open_workspace  # noqa: E402
from inspector.store.models import Answer, Blob, Evidence, ReceptionPoint, User, Visit  # noqa: E402
from inspector.store.types import utcnow  # noqa: E402
from tests.pg_server import PgServer  # noqa: E402

# the rows a laptop's visits put on the server, in foreign-key order (what COPY copies)
PUSHED = ("blobs", "visits", "answers", "evidence", "audit_events")


# --- photos ---------------------------------------------------------------------------------------------------


def base_photos(count: int = 6, seed: int = 7) -> list[bytes]:
    """A few noisy JPEGs of 150–300 kB (a procedure board photographed, as far as the encoder can tell)."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        side = (1200, 900) if n % 2 == 0 else (1024, 768)
        noise = Image.effect_noise(side, 30 + rng.randint(0, 20)).convert("RGB")
        ground = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(side).convert("RGB")
        tint = Image.new("RGB", side, (rng.randint(80, 200), rng.randint(80, 200), rng.randint(80, 200)))
        image = Image.blend(Image.blend(ground, tint, 0.4), noise, 0.22 + 0.02 * (n % 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80 if n % 2 == 0 else 86)
        out.append(buffer.getvalue())
    return out


def unique_photo(base: bytes, n: int) -> bytes:
    """``base`` with a JPEG comment segment of its own right after the start marker: still the same picture to
    any decoder, another blob to the database."""
    payload = f"Inspector bench photo {n} {uuid.uuid4()}".encode()
    return base[:2] + b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload + base[2:]


# --- the laptop's visits ---------------------------------------------------------------------------------------


def add_visits(db, visits: int, photos: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """``visits`` visits started by the demo's inspector through the services, each with every item answered and
    ``photos`` failed items with a photo each (answers and photos written in bulk, one transaction a visit).
    Returns (answers, photo bytes)."""
    bases = base_photos()
    with db.session() as session:
        points = list(session.scalars(sa.select(ReceptionPoint.id).where(ReceptionPoint.active.is_(True))
                                      .order_by(ReceptionPoint.name)))
        inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
    answers = photo_bytes = 0
    items = None
    for v in range(visits):
        with db.session() as session:
            visit = start_unannounced(session, points[v % len(points)], user_id=inspector)
            visit_id = visit.id
        if items is None:
            form = Inspection(db, inspector).open_visit(visit_id).form
            items = [(i.code, i.type, [f.code for f in i.fields]) for i in form.items()]
        now = utcnow()
        with db.session() as session:
            failed = 0
            for n, (code, kind, fields) in enumerate(items):
                answer_id = uuid.uuid4()
                fail = kind is not ItemType.NUMERIC and failed < photos
                values = {f: 5 + n % 7 for f in fields} if kind is ItemType.NUMERIC else {}
                session.add(Answer(id=answer_id, visit_id=visit_id, item_code=code,
                                   result=Result.FAIL if fail else Result.PASS, values=values,
                                   note=f"Tồn tại ghi nhận tại nội dung {code}: công chức chưa niêm yết đúng quy định."
                                   if fail else "", answered_at=now + timedelta(seconds=n), answered_by_id=inspector))
                answers += 1
                if fail:
                    data = unique_photo(bases[(v * photos + failed) % len(bases)], v * photos + failed)
                    digest = hashlib.sha256(data).hexdigest()
                    session.add(Blob(sha256=digest, size=len(data), data=data))
                    session.flush()
                    session.add(Evidence(visit_id=visit_id, answer_id=answer_id, blob_sha256=digest,
                                         media_type="image/jpeg", width=1200, height=900,
                                         original_name=f"IMG_{v:03d}_{failed:02d}.jpg",
                                         caption=f"Hiện trạng nội dung {code}", taken_at=now, created_by_id=inspector))
                    photo_bytes += len(data)
                    failed += 1
    return answers, photo_bytes


# --- the baseline: COPY -----------------------------------------------------------------------------------------


def copy_rows(laptop, pg: PgServer, dbname: str, visit_ids: set[str]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """The laptop's rows of its visits (and the blobs and history they bring) read with SQLAlchemy and written
    with psycopg binary COPY into ``dbname``: the fastest way PostgreSQL takes rows. (seconds, rows)."""
    import psycopg
    from psycopg.types.json import Jsonb

    from inspector.store.models import Base

    start = time.perf_counter()
    rows_copied = 0
    with laptop.read() as session, psycopg.connect(pg.dsn(dbname)) as conn:
        own = {t: Base.metadata.tables[t] for t in PUSHED}
        for name in PUSHED:
            table = own[name]
            query = sa.select(table)
            if name in ("visits",):
                query = query.where(table.c.id.in_([uuid.UUID(v) for v in visit_ids]))
            elif name in ("answers", "evidence"):
                query = query.where(table.c.visit_id.in_([uuid.UUID(v) for v in visit_ids]))
            elif name == "blobs":
                evidence = Base.metadata.tables["evidence"]
                query = query.where(table.c.sha256.in_(sa.select(evidence.c.blob_sha256).where(
                    evidence.c.visit_id.in_([uuid.UUID(v) for v in visit_ids]))))
            elif name == "audit_events":  # the laptop's chain as it arrives on the server: under its origin
                query = query.where(table.c.origin == "")
            columns = [c.name for c in table.columns]
            json_columns = {i for i, c in enumerate(table.columns) if isinstance(c.type, sa.JSON)}
            types = dict(conn.execute(  # binary COPY: the bytes of the photos as they are, no hex text
                "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped", (name,)).fetchall())
            with conn.cursor() as cur, cur.copy(
                    f'COPY {name} ({", ".join(columns)}) FROM STDIN (FORMAT BINARY)') as copy:
                copy.set_types([types[c] for c in columns])
                for row in session.execute(query):
                    values = list(row)
                    for i, value in enumerate(values):
                        if isinstance(value, Enum):
                            values[i] = value.value
                        elif i in json_columns and value is not None:
                            values[i] = Jsonb(value)
                    if name == "audit_events":
                        values[columns.index("origin")] = "b" * 32
                    copy.write_row(values)
                    rows_copied += 1
        conn.commit()
    elapsed = time.perf_counter() - start
    with psycopg.connect(pg.dsn(dbname)) as conn:  # the same rows landed (not timed)
        landed = conn.execute("SELECT count(*) FROM visits WHERE id = ANY(%s)",
                              ([uuid.UUID(v) for v in visit_ids],)).fetchone()[0]
    assert landed == len(visit_ids), (landed, len(visit_ids))
    return elapsed, rows_copied


def round_trip(url: str, repeats: int = 20) -> float:
    """One trivial exchange with the server (connect, SELECT 1), the median: the floor of any sync."""
    import psycopg

    dsn = sa.engine.make_url(url).set(drivername="postgresql")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with psycopg.connect(dsn.render_as_string(hide_password=False)) as conn:
            conn.execute("SELECT 1").fetchone()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


# --- the run ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, float]:
    from inspector.services.sync import engine

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=200)
    parser.add_argument("--photos", type=int, default=20, help="photos per visit")
    args = parser.parse_args(argv)

    pg = PgServer().start()
    tmp = Path(tempfile.mkdtemp(prefix="inspector-bench-sync-"))
    try:
        server_name = pg.create_database("office")
        server_url = pg.url(server_name)
        office = open_workspace(server_url, demo_if_new=True, demo_history=False)
        office.close()

        office = open_workspace(server_url, demo_if_new=False, create=False)
        with office.db.read() as session:
            inspector = session.scalars(sa.select(User.id).where(User.username == "kiemtra1")).one()
        office.close()
        start = time.perf_counter()  # the laptop's file, made from the server (inspector sync URL --database …)
        laptop, _ = engine.clone(tmp / "laptop.sqlite", server_url, user_id=inspector)
        made = time.perf_counter() - start
        start = time.perf_counter()
        answers, photo_bytes = add_visits(laptop, args.visits, args.photos)
        filled = time.perf_counter() - start
        with laptop.read() as session:
            visit_ids = {v.hex for v in session.scalars(sa.select(Visit.id))}
        # the baseline's database: the server's as it is before the push (same schema, catalogue, indexes)
        baseline_name = pg.create_database(template=server_name)
        start = time.perf_counter()
        report = engine.sync(laptop, server_url, user_id=inspector)
        pushed = time.perf_counter() - start

        copied, rows = copy_rows(laptop, pg, baseline_name, visit_ids)

        start = time.perf_counter()
        again = engine.sync(laptop, server_url, user_id=inspector)
        resync = time.perf_counter() - start
        trip = round_trip(server_url)
        laptop.dispose()
    finally:
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    photos = args.visits * args.photos
    result = {"copy_s": copied, "sync_s": pushed, "ratio": pushed / copied, "resync_s": resync,
              "resync_ratio_copy": resync / copied, "round_trip_s": trip, "resync_ratio_trip": resync / trip}
    print(f"Sync of {args.visits} visits ({answers:,} answers, {photos:,} photos, {photo_bytes / 1e6:,.0f} MB) "
          f"from a laptop to the server over loopback:")
    print(f"  laptop made from the server {made:7.1f} s; visits written on it {filled:6.1f} s (set-up, not measured)")
    print(f"  psycopg COPY of the same {rows:,} rows          {copied * 1000:9.0f} ms   (baseline)")
    print(f"  engine.sync (pull + push + photos + history) {pushed * 1000:9.0f} ms   ratio {result['ratio']:.2f}x")
    print(f"    pushed {sum(report.pushed.values()):,} rows, {report.blobs:,} photos and files; "
          f"pulled {sum(report.pulled.values()):,}; conflicts {report.conflicts}")
    print(f"  re-sync, nothing changed                     {resync * 1000:9.0f} ms   ratio {result['resync_ratio_copy']:.3f}x "
          f"the COPY, {result['resync_ratio_trip']:.0f}x one round trip ({trip * 1000:.1f} ms)")
    print(f"    pushed {sum(again.pushed.values()):,} rows, {again.blobs} files; pulled {sum(again.pulled.values()):,}")
    return result


if __name__ == "__main__":
    main()
