"""Photos first: ask which the server lacks, upload only those, in chunks, resuming from its offset.

After any failure the next attempt asks the server (HEAD) how much it holds
and continues from there, so a cut costs at most the chunk in flight
(docs/sync-protocol.md §7).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldapp.messages import Msg
from fieldapp.sync import outgoing
from fieldapp.sync.protocol import DEFAULT_CHUNK, TUS_VERSION
from fieldapp.sync.transport import Refused, Transport

if TYPE_CHECKING:
    from fieldapp.sync.client import SyncEngine


def upload_missing(engine: SyncEngine, needed: list[str]) -> None:
    store, report = engine.store, engine.report
    chunk = int(engine.limits.get("chunk_size", DEFAULT_CHUNK))
    local: dict[str, tuple[Path, int]] = {}
    for sha in needed:
        path = outgoing.blob_path(store, sha)
        if path is None:
            report.warnings.append(Msg(f"本机找不到照片 {sha[:12]}… 的原件：相关记录已上报，但在县局显示为缺照片。",
                                       f"The original of photo {sha[:12]}… is not on this laptop: its record was sent "
                                       "but shows as missing a photo at the county.", "blob_missing_locally",
                                       {"sha256": sha}))
            continue
        local[sha] = (path, path.stat().st_size)
    items: list[dict[str, Any]] = [{"sha256": s, "size": size} for s, (_, size) in local.items()]
    todo: list[dict[str, Any]] = []
    for i in range(0, len(items), 2000):
        group = items[i:i + 2000]
        missing = engine.transport.json("POST", "/v1/blobs/missing", {"blobs": group})["missing"]
        lacking = {m["sha256"] for m in missing}
        outgoing.confirm_blobs(store, [g["sha256"] for g in group if g["sha256"] not in lacking])
        todo += missing
    total = sum(m["size"] - m["offset"] for m in todo)
    done = 0
    for m in todo:
        path, size = local[m["sha256"]]
        sent = upload_one(engine.transport, m["sha256"], path, size, int(m["offset"]), chunk)
        need = size - int(m["offset"])
        report.blobs_uploaded += 1
        report.blob_bytes += need
        report.blob_bytes_resent += max(0, sent - need)
        outgoing.confirm_blobs(store, [m["sha256"]])
        done += need
        engine.progress("photos", done, total, m["sha256"][:12])


def upload_one(transport: Transport, sha: str, path: Path, size: int, offset: int, chunk: int) -> int:
    """Upload one blob from `offset`; returns the bytes put on the wire (to measure resending)."""
    state = {"offset": offset, "sent": 0, "restarts": 0}
    url = f"/v1/blobs/{sha}"

    def attempt(n: int) -> None:
        if n > 0:  # after a failure, the server says where to resume
            state["offset"] = int(transport.once("HEAD", url).headers["Upload-Offset"])
            if state["offset"] >= size:
                return
        with open(path, "rb") as fh:
            fh.seek(state["offset"])
            data = fh.read(min(chunk, size - state["offset"]))
        state["sent"] += len(data)
        try:
            resp = transport.once("PATCH", url, body=data, headers={
                "Upload-Offset": str(state["offset"]), "Upload-Length": str(size), "Tus-Resumable": TUS_VERSION,
                "Content-Type": "application/offset+octet-stream"})
        except Refused as exc:
            if exc.code == "offset_mismatch":
                state["offset"] = int(exc.msg.data.get("offset", 0))
                return
            if exc.code == "hash_mismatch" and state["restarts"] < 2:  # the server discarded it: start over
                state["restarts"] += 1
                state["offset"] = 0
                return
            raise
        state["offset"] = int(resp.headers["Upload-Offset"])

    if size == 0:  # an empty file still has to be created on the server
        transport.retrying(attempt)
    while state["offset"] < size:
        transport.retrying(attempt)
    return state["sent"]
