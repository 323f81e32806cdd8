"""The HTTP face of the county server (FastAPI). Thin: every rule lives in the modules it calls.

Bodies are read raw (not parsed by FastAPI) because the signature covers
their exact bytes; database work runs in the thread pool so the event loop
keeps streaming uploads.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from starlette.requests import ClientDisconnect

from fieldapp import __version__
from fieldapp.keys import b64
from fieldapp.messages import FieldappError
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import ProtocolError, refuse
from fieldapp.sync.server import devices, feed, uploads
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.chain import apply_chain, check_head, flag_problem
from fieldapp.sync.server.core import Server, disk_full, disk_full_msg
from fieldapp.sync.server.devices import Device
from fieldapp.sync.server.ingest import apply_batch, verify_payload
from fieldapp.sync.server.verify_page import render, verify_qr

_ZSTD_BODY = {"requestBody": {"content": {"application/zstd": {"schema": {"type": "string", "format": "binary"}}}}}
_JSON_BODY = {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}}
_TUS = {"Tus-Resumable": p.TUS_VERSION, "Cache-Control": "no-store"}
# Test hook: FIELDAPP_SERVER_FAULT=die_before_finish=N (or die_after_finish=N) kills the process when the N-th
# photo has fully arrived, before it is moved into place (or after, before its row is written).
_FAULT = os.environ.get("FIELDAPP_SERVER_FAULT", "")
_finished = [0]


def _fault(moment: str) -> None:
    if f"{moment}={_finished[0]}" == _FAULT:
        os._exit(9)


def _signed_path(request: Request) -> str:
    raw = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    return raw.decode("latin-1") + (("?" + query.decode("latin-1")) if query else "")


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise refuse(400, "bad_request", "请求不是有效的 JSON。", "The request is not valid JSON.") from None
    if not isinstance(data, dict):
        raise refuse(400, "bad_request", "请求格式错误。", "Malformed request.")
    return data


def _answer(data: dict[str, Any]) -> Response:
    """An answer made of JSON values already (parsed JSON, ints, strings), rendered as it is. FastAPI would first
    walk it through `jsonable_encoder`: 12 ms for one batch's 2,000 per-record answers, longer than sending them;
    msgspec writes them in a tenth of `json`'s time."""
    return Response(p.json_bytes(data), media_type="application/json")


def create_app(server: Server) -> FastAPI:
    app = FastAPI(title="fieldapp county server", version=__version__, redirect_slashes=False,
                  description="Sync protocol v1 for township enforcement laptops: see docs/sync-protocol.md.")
    # Answers (per-record outcomes, pulls) compress well; photos are never sent back.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)  # (9: twice the time, 2% smaller)
    auth = devices.authenticator(server)
    blob_locks: dict[str, asyncio.Lock] = {}

    @app.exception_handler(ProtocolError)
    async def _refused(_request: Request, exc: ProtocolError) -> JSONResponse:
        return JSONResponse({"error": exc.msg.as_dict()}, status_code=exc.status)

    @app.exception_handler(FieldappError)
    async def _failed(_request: Request, exc: FieldappError) -> JSONResponse:
        return JSONResponse({"error": exc.msg.as_dict()}, status_code=400)

    # A full disk is the county's to fix, not a link to retry: 507 with a message the laptop shows as it is.
    # The transaction that hit it rolled back, and a photo keeps what was written (the next sync resumes it).
    @app.exception_handler(OSError)
    @app.exception_handler(OperationalError)
    async def _out_of_space(request: Request, exc: Exception) -> JSONResponse:
        if not disk_full(exc):
            raise exc
        await run_in_threadpool(server.event, "disk_full", f"{request.method} {request.url.path}: {exc}"[:500],
                                request.headers.get(p.H_KEY), "error")
        return JSONResponse({"error": disk_full_msg().as_dict()}, status_code=507)

    async def read_body(request: Request, limit: int) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            server.event("too_large", f"{request.url.path} {declared} bytes", request.headers.get(p.H_KEY))
            raise refuse(413, "too_large", f"请求过大（上限 {limit} 字节）。", f"Request too large (limit {limit} bytes).")
        buf = bytearray()
        async for piece in request.stream():
            buf += piece
            if len(buf) > limit:
                server.event("too_large", f"{request.url.path} > {limit} bytes", request.headers.get(p.H_KEY))
                raise refuse(413, "too_large", f"请求过大（上限 {limit} 字节）。", f"Request too large (limit {limit} bytes).")
        return bytes(buf)

    async def signed(request: Request, limit: int | None = None) -> tuple[Device, bytes]:
        body = await read_body(request, limit or server.limits.max_body)
        device = await run_in_threadpool(auth.verify, request.method, _signed_path(request), request.headers, body)
        return device, body

    @app.get("/v1/hello", summary="Versions, limits, server time (no authentication)")
    def hello() -> dict[str, Any]:
        county = server.county
        return {"server": f"fieldapp {__version__}", "protocol": [p.PROTOCOL], "time": int(time.time()),
                "county_key_id": county.key_id, "county_public": b64(county.public),
                "jurisdiction": server.meta("jurisdiction"), "limits": server.limits.as_dict()}

    @app.post("/v1/enroll", summary="Redeem a one-time code; the county key certifies this laptop", openapi_extra=_JSON_BODY)
    async def enroll(request: Request) -> dict[str, Any]:
        body = await read_body(request, 64 * 1024)
        return await run_in_threadpool(devices.enroll, server, _json(body), request.headers, _signed_path(request), body)

    @app.post("/v1/state", summary="This device's chain head on the server and results of known batches",
              openapi_extra=_JSON_BODY)
    async def state(request: Request) -> Response:
        device, body = await signed(request)
        return _answer(await run_in_threadpool(_state, server, device, _json(body)))

    @app.post("/v1/chain", summary="Append audit entries (zstd, payload-signed)", openapi_extra=_ZSTD_BODY)
    async def chain(request: Request, after: int | None = None) -> Response:
        device, body = await signed(request)
        return _answer(await run_in_threadpool(_chain, server, device, body, request.headers.get(p.H_PAYLOAD_SIG),
                                               after))

    @app.post("/v1/batches", summary="Apply a batch of record changes atomically and idempotently",
              openapi_extra=_ZSTD_BODY)
    async def batch(request: Request, after: str | None = None) -> Response:
        device, body = await signed(request)
        doc = await run_in_threadpool(verify_payload, server, device, body, request.headers.get(p.H_PAYLOAD_SIG),
                                      "batch")
        return _answer(await run_in_threadpool(apply_batch, server, device, body, doc, "net", after))

    @app.post("/v1/blobs/missing", summary="Which of these photos the server lacks, with resume offsets",
              openapi_extra=_JSON_BODY)
    async def blobs_missing(request: Request) -> Response:
        device, body = await signed(request)
        return _answer(await run_in_threadpool(uploads.missing, server, _json(body).get("blobs"), device.key_id))

    def _blob_name(name: str, request: Request) -> None:
        try:
            server.blobs.path(name)
        except ProtocolError:
            server.event("bad_blob_name", name[:80], request.headers.get(p.H_KEY))
            raise

    @app.head("/v1/blobs/{name}", summary="tus: how much of this photo the server holds")
    async def blob_head(name: str, request: Request) -> Response:
        _blob_name(name, request)
        device, _ = await signed(request, 0)
        if server.blobs.exists(name):
            size = server.blobs.path(name).stat().st_size
            # A laptop asks after a failure; the server may have died between storing the file and its row.
            await run_in_threadpool(uploads.complete, server, name, size, device.key_id)
            return Response(status_code=200, headers={**_TUS, "Upload-Offset": str(size), "Upload-Length": str(size)})
        return Response(status_code=200, headers={**_TUS, "Upload-Offset": str(server.blobs.offset(name))})

    @app.patch("/v1/blobs/{name}", status_code=204, summary="tus: append a chunk at Upload-Offset",
               openapi_extra={"requestBody": {"content": {"application/offset+octet-stream": {
                   "schema": {"type": "string", "format": "binary"}}}}})
    async def blob_patch(name: str, request: Request) -> Response:
        _blob_name(name, request)
        device = await run_in_threadpool(auth.verify, "PATCH", _signed_path(request), request.headers, None)
        try:
            offset, length = int(request.headers["Upload-Offset"]), int(request.headers["Upload-Length"])
        except (KeyError, ValueError):
            raise refuse(400, "bad_request", "缺少 Upload-Offset / Upload-Length。",
                         "Upload-Offset and Upload-Length are required.") from None
        declared = int(request.headers.get("content-length") or 0)
        if length > server.limits.max_blob or declared > server.limits.chunk_size or offset < 0:
            server.event("too_large", f"blob {name} length={length} chunk={declared}", device.key_id)
            raise refuse(413, "too_large", "照片或分块过大。", "Blob or chunk too large.")
        async with blob_locks.setdefault(name, asyncio.Lock()):
            if server.blobs.exists(name):
                await run_in_threadpool(uploads.complete, server, name, length, device.key_id)
                return Response(status_code=204, headers={**_TUS, "Upload-Offset": str(length)})
            current = server.blobs.offset(name)
            if offset != current:
                raise refuse(409, "offset_mismatch", f"续传位置不符：服务器已有 {current} 字节。",
                             f"Wrong offset: the server holds {current} bytes.", offset=current)
            new = await _receive(request, name, offset, length)
            if new == length:
                _finished[0] += 1
                _fault("die_before_finish")
                if not await run_in_threadpool(server.blobs.finish, name):
                    server.event("hash_mismatch", name, device.key_id)
                    raise refuse(400, "hash_mismatch", "照片内容与其哈希不符，已丢弃，请重新上传。",
                                 "The photo does not match its hash; it was discarded, upload it again.")
                _fault("die_after_finish")
                await run_in_threadpool(uploads.complete, server, name, length, device.key_id)
        return Response(status_code=204, headers={**_TUS, "Upload-Offset": str(new)})

    async def _receive(request: Request, name: str, offset: int, length: int) -> int:
        """Append the body as it arrives; a cut keeps what came (tus), a bad hash drops the chunk."""
        digest, received = hashlib.sha256(), 0
        with open(server.blobs.partial(name), "ab") as fh:
            try:
                async for piece in request.stream():
                    received += len(piece)
                    if received > server.limits.chunk_size or offset + received > length:
                        fh.close()
                        server.blobs.truncate(name, offset)
                        raise refuse(413, "too_large", "分块超出声明长度。", "The chunk exceeds the declared length.")
                    fh.write(piece)
                    digest.update(piece)
            except ClientDisconnect:
                return offset + received
        if digest.hexdigest() != request.headers.get(p.H_BODY):
            server.blobs.truncate(name, offset)
            server.event("body_mismatch", f"blob {name}", request.headers.get(p.H_KEY))
            raise refuse(400, "body_mismatch", "分块内容与签名不符（传输中被改动）。",
                         "The chunk does not match its signature (altered in transit).")
        return offset + received

    @app.get("/v1/pull", summary="Reference data, records, leases, revocations since a cursor")
    async def pull(request: Request, cursor: int = 0, limit: int = 500) -> Response:
        device, _ = await signed(request, 0)
        return _answer(await run_in_threadpool(feed.pull, server, device, cursor, limit))

    @app.post("/v1/blocks/request", summary="Lease fresh document-number blocks", openapi_extra=_JSON_BODY)
    async def blocks(request: Request) -> dict[str, Any]:
        device, body = await signed(request)
        return await run_in_threadpool(feed.request_blocks, server, device, _json(body).get("wants"))

    @app.get("/v/{payload}", response_class=HTMLResponse, summary="Public: is this scanned notice genuine?")
    def verify(payload: str, format: str = "html") -> Response:
        data = verify_qr(server, payload)
        code = 503 if data.get("status") == "unavailable" else 200
        if format == "json":
            return JSONResponse(data, status_code=code)
        return HTMLResponse(render(data), status_code=code)

    @app.get("/healthz", summary="Liveness")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _state(server: Server, device: Device, body: dict[str, Any]) -> dict[str, Any]:
    ids = [str(i) for i in body.get("batch_ids", []) if isinstance(i, str)][:5000]
    try:
        with server.db.write() as conn:
            if body.get("head") is not None:
                check_head(conn, device, body["head"], fresh=True)
            row = conn.execute(select(t.devices.c.chain_seq, t.devices.c.chain_hash)
                               .where(t.devices.c.key_id == device.key_id)).one()
            known = {}
            for i in range(0, len(ids), 900):
                for bid, result in conn.execute(select(t.batches.c.batch_id, t.batches.c.result).where(
                        t.batches.c.batch_id.in_(ids[i:i + 900]), t.batches.c.key_id == device.key_id)):
                    known[bid] = {**json.loads(result), "replayed": True}
    except ProtocolError as exc:
        flag_problem(server, device, exc)
        raise
    return {"chain": {"seq": int(row[0]), "hash": row[1]}, "batches": known, "time": int(time.time()),
            "township": device.township}


def _chain(server: Server, device: Device, body: bytes, sig: str | None, after: int | None) -> dict[str, Any]:
    doc = verify_payload(server, device, body, sig, "chain")
    try:
        return apply_chain(server, device, doc, after)
    except ProtocolError as exc:
        flag_problem(server, device, exc)
        raise
