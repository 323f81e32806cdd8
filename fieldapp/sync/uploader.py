"""Photos first: ask which the server lacks, upload only those, in chunks, resuming from its offset.

After any failure the next attempt asks the server (HEAD) how much it holds
and continues from there, so a cut costs at most the chunk in flight
(docs/sync-protocol.md §7).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldapp.messages import Msg
from fieldapp.sync import outgoing
from fieldapp.sync.protocol import DEFAULT_CHUNK, TUS_VERSION
from fieldapp.sync.transport import Refused, Transport

if TYPE_CHECKING:
    from fieldapp.sync.client import SyncEngine


def upload_missing(engine: SyncEngine, needed: list[str],
                   files: dict[str, tuple[Path, int] | None] | None = None) -> set[str]:
    """Upload the photos the server lacks. One photo that cannot go up is a warning, never the end of the sync:
    its record still travels (incomplete on the server) and the next sync tries the photo again.
    `files`: `outgoing.blob_files` of `needed`, if already looked up. Returns the photos warned about (still
    missing on the server)."""
    store, report = engine.store, engine.report
    chunk = int(engine.limits.get("chunk_size", DEFAULT_CHUNK))
    max_blob = int(engine.limits.get("max_blob", 0))
    local: dict[str, tuple[Path, int]] = {}
    absent: dict[str, int | None] = {}  # not on this laptop: the size its file record gives, if any
    if files is None:
        files = outgoing.blob_files(store, needed)  # one query for all, not one per photo
    for sha in needed:
        found = files.get(sha)
        if found is None:
            absent[sha] = outgoing.recorded_size(store, sha)
            continue
        path, size = found
        if max_blob and size > max_blob:  # the server would refuse the whole list for it
            report.warnings.append(upload_failed(sha, Msg(f"照片过大（{size} 字节，上限 {max_blob}）。",
                                                          f"The photo is too large ({size} bytes, limit {max_blob}).",
                                                          "too_large")))
            continue
        local[sha] = (path, size)
    # A photo missing here is asked about too: the server may hold it already (a USB bundle, an earlier upload
    # whose confirmation was lost), and then nothing is missing at all.
    items: list[dict[str, Any]] = [{"sha256": s, "size": size} for s, (_, size) in local.items()]
    items += [{"sha256": s, "size": n} for s, n in absent.items() if n is not None and not (max_blob and n > max_blob)]
    todo: list[dict[str, Any]] = []
    lacking: set[str] = set()
    for i in range(0, len(items), 2000):
        group = items[i:i + 2000]
        missing = engine.transport.json("POST", "/v1/blobs/missing", {"blobs": group})["missing"]
        lacking |= {m["sha256"] for m in missing}
        outgoing.confirm_blobs(store, [g["sha256"] for g in group if g["sha256"] not in lacking])
        todo += [m for m in missing if m["sha256"] in local]
    gone = [s for s in absent if s in lacking or absent[s] is None or (max_blob and int(absent[s] or 0) > max_blob)]
    for sha in gone:
        report.warnings.append(Msg(f"本机找不到照片 {sha[:12]}… 的原件：相关记录已上报，但在县局显示为缺照片。",
                                   f"The original of photo {sha[:12]}… is not on this laptop: its record was sent "
                                   "but shows as missing a photo at the county.", "blob_missing_locally",
                                   {"sha256": sha}))
    left = {*gone, *(s for s in needed if s not in local and s not in absent)}  # missing here, or too large
    total = sum(m["size"] - m["offset"] for m in todo)
    done = 0
    if todo:  # the bar shows the size of the work before the first photo has gone up
        engine.progress("photos", 0, total, "")
    for i, m in enumerate(todo):
        sha = m["sha256"]
        path, size = local[sha]
        need = size - int(m["offset"])
        try:
            sent = upload_one(engine.transport, sha, path, size, int(m["offset"]), chunk)
        except Refused as exc:
            if exc.status in (401, 403, 426):  # about this laptop, not this photo: the rest would fail too
                raise
            if exc.code == "server_disk_full":  # the rest would meet the same full disk: said once, kept for later
                report.warnings.append(exc.msg)
                left.update(rest["sha256"] for rest in todo[i:])
                break
            report.warnings.append(upload_failed(sha, exc.msg, altered=exc.code == "hash_mismatch" and _altered(path, sha)))
            left.add(sha)
            continue
        except OSError as exc:  # the file went away or became unreadable while being sent
            report.warnings.append(upload_failed(sha, Msg(f"无法读取原件：{exc}", f"The original cannot be read: {exc}",
                                                          "blob_unreadable")))
            left.add(sha)
            continue
        finally:
            done += need
            engine.progress("photos", done, total, sha[:12])
        report.blobs_uploaded += 1
        report.blob_bytes += need
        report.blob_bytes_resent += max(0, sent - need)
        outgoing.confirm_blobs(store, [sha])
    return left


def upload_failed(sha: str, reason: Msg, altered: bool = False) -> Msg:
    """The warning for one photo the server would not take; its record is sent anyway (incomplete there)."""
    if altered:
        zh = f"照片 {sha[:12]}… 的原件与其登记的哈希不符（原件在本机被改动过），县局拒收。相关记录已上报，但在县局显示为缺照片。"
        en = (f"The original of photo {sha[:12]}… no longer matches its recorded hash (it was altered on this laptop); "
              "the county refused it. Its record was sent but shows as missing a photo at the county.")
    else:
        zh = f"照片 {sha[:12]}… 未能上传：{reason.zh}相关记录已上报，但在县局显示为缺照片；下次同步重试。"
        en = (f"Photo {sha[:12]}… could not be uploaded: {reason.en} Its record was sent but shows as missing a photo "
              "at the county; the next sync tries again.")
    return Msg(zh, en, "blob_upload_failed", {"sha256": sha, "reason": reason.as_dict()})


def _altered(path: Path, sha: str) -> bool:
    try:
        return file_sha256(path) != sha
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def upload_one(transport: Transport, sha: str, path: Path, size: int, offset: int, chunk: int) -> int:
    """Upload one blob from `offset`; returns the bytes put on the wire (to measure resending).

    It is done only when the server says the photo is stored: a partial upload holding every byte is not
    (the server may have died before moving it into place), so that one gets an empty PATCH to finish it."""
    state = {"offset": offset, "sent": 0, "restarts": 0, "stored": 0}
    url = f"/v1/blobs/{sha}"

    def attempt(n: int) -> None:
        if n > 0:  # after a failure, the server says where to resume
            head = transport.once("HEAD", url).headers
            state["offset"] = int(head["Upload-Offset"])
            if "Upload-Length" in head and state["offset"] >= size:
                state["stored"] = 1
                return
        with open(path, "rb") as fh:
            fh.seek(state["offset"])
            data = fh.read(max(0, min(chunk, size - state["offset"])))
        state["sent"] += len(data)
        try:
            resp = transport.once("PATCH", url, body=data, headers={
                "Upload-Offset": str(state["offset"]), "Upload-Length": str(size), "Tus-Resumable": TUS_VERSION,
                "Content-Type": "application/offset+octet-stream"})
        except Refused as exc:
            if exc.code == "offset_mismatch":
                state["offset"] = int(exc.msg.data.get("offset", 0))
                return
            # The server discarded it: start over, unless the file itself no longer matches its name
            # (altered on this laptop), when every restart would be refused the same way.
            if exc.code == "hash_mismatch" and state["restarts"] < 2 and file_sha256(path) == sha:
                state["restarts"] += 1
                state["offset"] = 0
                return
            raise
        state["offset"] = int(resp.headers["Upload-Offset"])
        state["stored"] = int(state["offset"] >= size)

    while not state["stored"]:
        transport.retrying(attempt)
    return state["sent"]
