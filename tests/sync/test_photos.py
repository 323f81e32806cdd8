"""Photos that cannot go up: one bad original never blocks the sync, and a missing one goes up once it is back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from synctools import ServerProcess, assert_consistent, make_laptop, run_sync

from fieldapp.store.store import Store
from fieldapp.sync import outgoing


def photos(laptop: Path) -> list[tuple[str, str, Path]]:
    """(evidence link id, sha256, original) of each photo on the laptop."""
    with Store.in_dir(laptop) as store:
        rows = store.query("SELECT id, sha256 FROM evidence_links ORDER BY sha256")
        found = [(str(r["id"]), str(r["sha256"]), outgoing.blob_path(store, str(r["sha256"]))) for r in rows]
    assert all(path is not None for _, _, path in found)
    return [(i, s, p) for i, s, p in found if p is not None]


def missing_on_server(server: ServerProcess, link_ids: list[str]) -> dict[str, int]:
    """How many photos the server still lacks for each evidence record."""
    engine = server.engine()
    try:
        with engine.connect() as conn:
            return {i: int(conn.execute(text("SELECT missing FROM records WHERE rkey = :k"),
                                        {"k": f"evidence:{i}"}).scalar_one()) for i in link_ids}
    finally:
        engine.dispose()


def unsent(laptop: Path) -> int:
    with Store.in_dir(laptop) as store:
        row = store.one("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sent')")
    return int(row["n"]) if row else -1


def test_an_altered_original_is_refused_alone_and_everything_else_goes_up(tmp_path: Path,
                                                                          shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=3, photos=3, seed=81)
    shots = photos(laptop)
    bad_link, bad_sha, bad_path = shots[0]
    original = bad_path.read_bytes()
    altered = bytearray(original)
    altered[100] ^= 0xFF  # same size, other bytes: only the server's hash check can tell
    bad_path.write_bytes(bytes(altered))

    report = run_sync(laptop)
    assert report["status"] == "partial" and report["exit_code"] == 3, report
    assert report["error"] is None and report["blobs_uploaded"] == 2 and report["batches"] >= 1
    failed = [w for w in report["warnings"] if w["code"] == "blob_upload_failed"]
    assert len(failed) == 1 and failed[0]["data"]["sha256"] == bad_sha
    assert failed[0]["data"]["reason"]["code"] == "hash_mismatch"
    assert "altered" in failed[0]["en"] and "改动" in failed[0]["zh"]
    assert unsent(laptop) == 0  # every record went up, the altered photo's too (incomplete there)
    assert missing_on_server(shared_server, [i for i, _, _ in shots]) == {i: int(i == bad_link) for i, _, _ in shots}
    assert "hash_mismatch" in {e["code"] for e in shared_server.events()}

    again = run_sync(laptop)  # the county never takes the altered bytes; the laptop keeps saying so
    assert again["status"] == "partial" and again["pushed"] == {} and again["blobs_uploaded"] == 0
    assert [w["data"]["sha256"] for w in again["warnings"] if w["code"] == "blob_upload_failed"] == [bad_sha]

    bad_path.write_bytes(original)  # the original is restored from the officer's camera card
    fixed = run_sync(laptop)
    assert fixed["status"] == "ok" and fixed["blobs_uploaded"] == 1 and fixed["warnings"] == [], fixed
    assert set(missing_on_server(shared_server, [i for i, _, _ in shots]).values()) == {0}
    assert_consistent(shared_server, [laptop])


def test_a_photo_missing_at_push_goes_up_once_it_is_back(tmp_path: Path, shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=2, photos=2, seed=83)
    shots = photos(laptop)
    gone_link, gone_sha, gone_path = shots[0]
    away = tmp_path / "usb-stick" / gone_path.name
    away.parent.mkdir()
    gone_path.rename(away)

    first = run_sync(laptop)
    assert first["status"] == "partial" and first["blobs_uploaded"] == 1, first
    assert [w["data"]["sha256"] for w in first["warnings"] if w["code"] == "blob_missing_locally"] == [gone_sha]
    assert unsent(laptop) == 0
    assert missing_on_server(shared_server, [gone_link]) == {gone_link: 1}

    still = run_sync(laptop)  # nothing left in the outbox, yet the county still lacks the photo: partial
    assert still["status"] == "partial" and still["pushed"] == {} and still["blobs_uploaded"] == 0
    assert [w["data"]["sha256"] for w in still["warnings"] if w["code"] == "blob_missing_locally"] == [gone_sha]

    away.rename(gone_path)
    back = run_sync(laptop)
    assert back["status"] == "ok" and back["blobs_uploaded"] == 1 and back["pushed"] == {}, back
    assert missing_on_server(shared_server, [gone_link]) == {gone_link: 0}
    assert_consistent(shared_server, [laptop])
    quiet = run_sync(laptop)  # confirmed now: not asked about again
    assert quiet["status"] == "ok" and quiet["blobs_uploaded"] == 0 and quiet["requests"] <= 4


def test_batches_name_the_same_photos_whether_or_not_the_chain_upload_read_them(
        tmp_path: Path, shared_server: ServerProcess) -> None:
    """Building the batches takes the photos each record names from what the chain upload read
    (`outgoing.ReadPhotos`) where it can, and from the store otherwise: both give the same batches."""
    import shutil

    from fieldapp.keys import DeviceKeys
    from fieldapp.sync import protocol as p
    from fieldapp.sync.outgoing import Identity, ReadPhotos

    laptop = make_laptop(tmp_path / "a", shared_server, inspections=6, photos=5, seed=21)
    shutil.copytree(laptop, tmp_path / "b")
    keys = DeviceKeys(laptop)
    got = []
    for path, use_read in ((laptop, True), (tmp_path / "b", False)):
        with Store.in_dir(path) as store:
            me = Identity(store.device_id, keys.cert().device_key_id, keys.sign)
            read = ReadPhotos(0)
            top = outgoing.head(store)["seq"]
            next(outgoing.chain_segments(store, me, 0, read=read, first_entries=top - 3))  # the last 3 not read
            named: set[str] = set()
            outgoing.build_batches(store, me, 4, named, read if use_read else None)
            docs = [p.unpack(b["body"]) for b in outgoing.unacked(store)]
            got.append(([[(r["seq"], r["blobs"]) for r in d["records"]] for d in docs], named))
    assert read.end < top
    assert got[0] == got[1]
    assert len(got[0][1]) == 5 and sum(1 for batch in got[0][0] for _, blobs in batch if blobs) == 5
