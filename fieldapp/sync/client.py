"""The sync engine behind `fieldapp sync` and the app's sync button.

Plain Python, no Qt: it reports through `progress(phase, done, total,
message)` and stops when `cancel()` returns True. Every step is idempotent,
so a sync cut anywhere is finished by the next one without resending what
the server acknowledged (docs/sync-protocol.md §4).
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from fieldapp.keys import DeviceKeys
from fieldapp.messages import FieldappError, Msg
from fieldapp.store import numbers
from fieldapp.store.store import Store, canonical
from fieldapp.sync import incoming, outgoing
from fieldapp.sync.outgoing import Identity
from fieldapp.sync.protocol import H_PAYLOAD_SIG
from fieldapp.sync.transport import Cancelled, Offline, Refused, Transport
from fieldapp.sync.uploader import upload_missing

Progress = Callable[[str, int, int, str], None]
T = TypeVar("T")
R = TypeVar("R")
EXIT = {"ok": 0, "refused": 1, "partial": 3, "cancelled": 3, "offline": 4}
LOW_WATER, TOP_UP = numbers.DEFAULT_LOW_WATER, 50
# Warnings that mean something is left on the county's side (a photo it lacks, a record still waiting here).
PARTIAL_WARNINGS = frozenset({"blob_missing_locally", "blob_upload_failed", "pull_waiting", "number_overlap",
                              "server_disk_full"})


@dataclass
class SyncReport:
    status: str = "ok"
    pushed: dict[str, int] = field(default_factory=dict)
    chain_entries: int = 0
    batches: int = 0
    blobs_uploaded: int = 0
    blob_bytes: int = 0
    blob_bytes_resent: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    leases: int = 0
    warnings: list[Msg] = field(default_factory=list)
    error: Msg | None = None
    seconds: float = 0.0
    requests: int = 0
    server_ms: float = 0.0  # time the server spent applying chain segments and batches

    @property
    def exit_code(self) -> int:
        return EXIT[self.status]

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "exit_code": self.exit_code, "pushed": self.pushed,
                "chain_entries": self.chain_entries, "batches": self.batches, "blobs_uploaded": self.blobs_uploaded,
                "blob_bytes": self.blob_bytes, "blob_bytes_resent": self.blob_bytes_resent, "pulled": self.pulled,
                "leases": self.leases, "warnings": [w.as_dict() for w in self.warnings],
                "error": self.error.as_dict() if self.error else None, "seconds": round(self.seconds, 2),
                "requests": self.requests, "server_ms": round(self.server_ms, 1)}


def not_configured() -> FieldappError:
    return FieldappError(Msg("本机尚未设置县局服务器：请先运行 fieldapp enroll --server URL --code CODE。",
                             "No county server set: run fieldapp enroll --server URL --code CODE first.",
                             "no_server"))


class SyncEngine:
    def __init__(self, store: Store, server_url: str | None = None, *, progress: Progress | None = None,
                 cancel: Callable[[], bool] | None = None, retries: int = 6, backoff: float = 0.5,
                 timeout: float = 60.0) -> None:
        self.store = store
        self.url = server_url or store.meta("sync_server") or ""
        if not self.url:
            raise not_configured()
        self.keys = DeviceKeys(store.data_dir)
        cert = self.keys.cert()
        self.me = Identity(store.device_id, cert.device_key_id, self.keys.sign)
        self.progress = progress or (lambda *_: None)
        self.transport = Transport(self.url, self.keys, retries=retries, backoff=backoff, timeout=timeout,
                                   cancel=cancel)
        self.report = SyncReport()
        self.limits: dict[str, int] = {}
        self._photos_left: set[str] = set()
        self._doc_types: list[str] | None = None

    def run(self) -> SyncReport:
        started = time.monotonic()
        run_id = self._begin()
        reached = False
        # The cycle collector, run hundreds of times by a sync's many short-lived objects, walked every object the
        # process already held each time (the app's windows, the store): a tenth of a sync's record time. Those
        # are set aside while the sync runs and handed back after it.
        gc.freeze()
        try:
            self.progress("connect", 0, 1, self.url)
            self.limits = self.transport.hello()["limits"]
            reached = True
            self._push(self._state())
            self._blocks()
            self._pull()
            # Pulled records and leased blocks are local changes too (audit entries, block records):
            # send them now, so the server's copy of this laptop's chain ends at its head.
            if outgoing.head(self.store)["seq"] > int(self.store.meta("sync_chain_seq") or 0):
                self._push(int(self.store.meta("sync_chain_seq") or 0))
            self._grade()
        except Offline as exc:
            self.report.status, self.report.error = ("partial" if reached else "offline"), exc.msg
        except Refused as exc:
            self.report.status, self.report.error = "refused", exc.msg
        except Cancelled as exc:
            self.report.status, self.report.error = "cancelled", exc.msg
        finally:
            gc.unfreeze()
            self.transport.close()
            self.report.seconds = time.monotonic() - started
            self.report.requests = self.transport.requests
            self._end(run_id)
        self.progress("done", 1, 1, self.report.status)
        return self.report

    # -- steps ----------------------------------------------------------------
    def _state(self) -> int:
        ids = [b["batch_id"] for b in outgoing.unacked(self.store)]
        state = self.transport.json("POST", "/v1/state", {"batch_ids": ids, "head": outgoing.head(self.store)})
        for result in state.get("batches", {}).values():
            self._count(outgoing.apply_result(self.store, result, via="state", notes=self.report.warnings))
        seq = int(state["chain"]["seq"])
        self.store.set_meta("sync_chain_seq", str(seq))
        return seq

    def _push(self, server_seq: int) -> None:
        # The laptop's packing overlaps the server's work: a helper thread reads and packs the chain segments
        # (sent as they come), then freezes the outbox into batches and draws up the photo list (less those
        # already reported in this run: missing here, refused) while the server still verifies the chain.
        # In that order, because the store has one lock: batch writes started first held back the first
        # segment, and with it the server, for the whole build.
        segments_packed = threading.Event()
        read = outgoing.ReadPhotos(server_seq)  # the photos the chain's entries name, noted as they are packed

        def pack() -> tuple[list[str], dict[str, tuple[Path, int] | None]]:
            segments_packed.wait()
            named: set[str] = set()
            built = outgoing.build_batches(self.store, self.me, min(2000, self.limits.get("max_records", 2000)),
                                           named, read)
            needed = [s for s in outgoing.blobs_needed(self.store, built, named) if s not in self._photos_left]
            files = outgoing.blob_files(self.store, needed)
            if self.store.meta("township"):
                self._numbered_types()  # read now, while the server works: the block request after the push needs them
            return needed, files

        packer = Background(pack)
        try:
            self._chain(server_seq, segments_packed.set, read)
        finally:
            segments_packed.set()
            needed, files = packer.result()
        if needed:
            self._photos_left |= upload_missing(self, needed, files)
        self._batches()

    def _chain(self, server_seq: int, packed: Callable[[], None] = lambda: None,
               read: outgoing.ReadPhotos | None = None) -> None:
        top = outgoing.head(self.store)["seq"]
        seq = server_seq
        try:
            while seq < top:
                try:
                    segments = prefetch(outgoing.chain_segments(self.store, self.me, seq, read=read), depth=8,
                                        on_end=packed)
                    read = None  # (a resend from elsewhere after a chain_gap notes nothing more)
                    for (_, _, last, _), answer in in_flight(self._send_segment, _linked(segments)):
                        self.report.chain_entries += int(answer.get("appended", 0))
                        self.report.server_ms += float(answer.get("apply_ms", 0))
                        seq = last
                        self.progress("chain", seq - server_seq, top - server_seq, "")
                except Refused as exc:
                    if exc.code != "chain_gap":
                        raise
                    seq = int(exc.msg.data.get("seq", 0))  # the server holds less than we thought: resend from there
        finally:
            # How far the county holds the chain (`audit verify` checks the log is not shorter), written once, cut
            # or not: a write after every segment waited for the batch packer's hold on the store, and the server
            # idled meanwhile. A laptop killed mid-chain learns it from `state` at the next sync.
            if seq != server_seq:
                self.store.set_meta("sync_chain_seq", str(seq))

    def _send_segment(self, item: tuple[bytes, str, int, int | None]) -> dict[str, Any]:
        data, sig, _, after = item
        return self._post_payload("/v1/chain", data, sig, after)

    def _post_payload(self, path: str, data: bytes, sig: str, after: int | str | None = None) -> dict[str, Any]:
        """One chain segment or batch; `after`: what the server must hold first (sent while that is in flight)."""
        resp = self.transport.call("POST", path, body=data, params={"after": after} if after is not None else None,
                                   headers={"Content-Type": "application/zstd", H_PAYLOAD_SIG: sig})
        return dict(resp.json())

    def _batches(self) -> None:
        """Send the stored batches oldest first. A later batch may build on an earlier one's records, so the server
        applies them in order: the next batch leaves while the one before it is still being applied, naming it
        (`after`), and the server holds it until then. Each answer goes into the outbox on a helper thread, in
        order, each in its own transaction."""
        pending = outgoing.unacked(self.store)
        answers = Answers(self._apply_answer)
        self.progress("batches", 0, len(pending), "")
        try:
            items = [(b, pending[i - 1]["batch_id"] if i else None) for i, b in enumerate(pending)]
            for n, ((batch, _), result) in enumerate(in_flight(self._send_batch, items), start=1):
                answers.check()
                if isinstance(result, Refused):  # now that every batch before it is answered: again, in order
                    if result.code == "chain_behind":
                        self._chain(int(result.msg.data.get("seq", 0)))
                    result = self._post_payload("/v1/batches", batch["body"], batch["sig"])
                self.report.server_ms += float(result.get("apply_ms", 0))
                answers.put(result)
                self.progress("batches", n, len(pending), batch["batch_id"])
        finally:
            answers.close()
        self.progress("batches", len(pending), len(pending), "")

    def _send_batch(self, item: tuple[dict[str, Any], str | None]) -> dict[str, Any] | Refused:
        batch, after = item
        try:
            return self._post_payload("/v1/batches", batch["body"], batch["sig"], after)
        except Refused as exc:
            if exc.code in ("chain_behind", "batch_order"):
                return exc  # handled in order by `_batches`
            raise

    def _apply_answer(self, result: dict[str, Any]) -> None:
        self._count(outgoing.apply_result(self.store, result, notes=self.report.warnings))
        self.report.batches += 1

    def _blocks(self) -> None:
        """Ask for fresh numbers for each counter of this year running low, and for each numbered document
        type of this laptop's township that has no block this year at all (a new laptop, a new year)."""
        year = date.today().year
        rows = self.store.query(
            "SELECT subject_key, doc_code, sum(last - next + 1) AS left FROM number_blocks WHERE year = ?"
            " GROUP BY subject_key, doc_code HAVING left < ?", (year, LOW_WATER))
        wanted = [(str(r["subject_key"]), str(r["doc_code"])) for r in rows]
        township = self.store.meta("township")
        if township:  # a county-level laptop (no township) numbers for departments: leased by hand
            have = {str(r["doc_code"]) for r in self.store.query(
                "SELECT DISTINCT doc_code FROM number_blocks WHERE subject_key = ? AND year = ?", (township, year))}
            wanted += [(township, code) for code in self._numbered_types() if code not in have]
        wants = [{"subject_key": subject, "doc_code": code, "year": year, "count": TOP_UP}
                 for subject, code in dict.fromkeys(wanted)]
        for i in range(0, len(wants), 50):  # the server takes at most 50 wants a request
            try:
                self.transport.json("POST", "/v1/blocks/request", {"wants": wants[i:i + 50]})
            except Refused as exc:
                self.report.warnings.append(exc.msg)

    def _numbered_types(self) -> list[str]:
        """Document types that take a number (fieldapp/forms/specs/*.toml with a 文书代字); read once a run."""
        if self._doc_types is None:
            try:
                from fieldapp.forms.spec import all_specs

                self._doc_types = [code for code, spec in all_specs().items() if spec.number_code]
            except FieldappError as exc:  # a broken spec file must not stop the sync; it is said, not hidden
                self.report.warnings.append(exc.msg)
                self._doc_types = []
        return self._doc_types

    def _pull(self) -> None:
        cursor = int(self.store.meta("sync_cursor") or 0)
        while True:
            page = self.transport.json("GET", "/v1/pull", params={"cursor": cursor, "limit": 500})
            self.report.warnings += incoming.apply_reference(self.store, page.get("reference", []))
            incoming.apply_trust(self.store.data_dir, page.get("revoked", []), page.get("certs", []),
                                 page.get("revocations"))
            self.report.leases += incoming.apply_leases(self.store, page.get("leases", []))
            for key, n in incoming.apply_records(self.store, page.get("records", [])).items():
                self.report.pulled[key] = self.report.pulled.get(key, 0) + n
            cursor = int(page["cursor"])
            self.store.set_meta("sync_cursor", str(cursor))
            self.progress("pull", cursor, cursor, "")
            if not page.get("more"):
                break
        # What still waits is said, with its reason: it is retried on every pull, but a person may have to act.
        self.report.warnings += incoming.waiting_notes(self.store)

    # -- bookkeeping --------------------------------------------------------------
    def _count(self, counts: dict[str, int]) -> None:
        for key, n in counts.items():
            self.report.pushed[key] = self.report.pushed.get(key, 0) + n

    def _grade(self) -> None:
        left = self.store.one("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sent')")
        waiting = self.store.one("SELECT count(*) AS n FROM sync_inbox")
        if ((left and left["n"]) or (waiting and waiting["n"]) or self.report.pushed.get("rejected")
                or self.report.pushed.get("conflict") or self.report.pulled.get("conflict")
                or any(w.code in PARTIAL_WARNINGS for w in self.report.warnings)):
            self.report.status = "partial"

    def _begin(self) -> int:
        with self.store.database.write() as conn:
            cursor = conn.execute("INSERT INTO sync_runs(started_at) VALUES (?)", (self.store.clock(),))
            return int(cursor.lastrowid or 0)

    def _end(self, run_id: int) -> None:
        with self.store.database.write() as conn:
            conn.execute("UPDATE sync_runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
                         (self.store.clock(), self.report.status, canonical(self.report.as_dict()), run_id))
            if self.report.status == "ok":
                conn.execute("INSERT INTO meta(key, value) VALUES ('sync_last_ok', ?) ON CONFLICT(key)"
                             " DO UPDATE SET value = excluded.value", (self.store.clock(),))


class Background:
    """Run one function on a thread; `result()` waits and re-raises its exception."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._out: list[Any] = []
        self._err: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self._out.append(fn())
        except BaseException as exc:  # handed to the caller
            self._err.append(exc)

    def result(self) -> Any:
        self._thread.join()
        if self._err:
            raise self._err[0]
        return self._out[0] if self._out else None


class Answers:
    """Applies the server's answers on one helper thread, in the order they came; `close()` waits for all
    and re-raises the first failure, which `check()` also raises as soon as it is known."""

    def __init__(self, apply: Callable[[dict[str, Any]], None]) -> None:
        self._apply = apply
        self._box: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._err: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._box.get()) is not None:
            if self._err:
                continue  # after a failure nothing more is applied; the next sync asks the server (state)
            try:
                self._apply(item)
            except BaseException as exc:  # handed to the caller
                self._err.append(exc)

    def put(self, result: dict[str, Any]) -> None:
        self._box.put(result)

    def check(self) -> None:
        if self._err:
            raise self._err[0]

    def close(self) -> None:
        self._box.put(None)
        self._thread.join()
        self.check()


def _linked(segments: Iterator[tuple[bytes, str, int]]) -> Iterator[tuple[bytes, str, int, int | None]]:
    """Each segment with the last entry of the one before it (None for the first): the server holds it until it
    has that one."""
    after: int | None = None
    for data, sig, last in segments:
        yield data, sig, last, after
        after = last


def in_flight(send: Callable[[T], R], items: Iterable[T], depth: int = 2) -> Iterator[tuple[T, R]]:
    """`send` each item on a helper thread, with up to `depth` on their way at once, and yield (item, answer) in
    the order sent. The server works on one while the next travels and is checked. A failure is raised in its
    turn, once those before it are answered; a request after it is left to end on its own (its thread does
    not hold up the end of the sync or of the program: the server may hold it for its predecessor a while)."""
    flying: deque[tuple[T, Future[R]]] = deque()

    def start(item: T) -> Future[R]:
        future: Future[R] = Future()

        def run() -> None:
            try:
                future.set_result(send(item))
            except BaseException as exc:  # handed to the caller
                future.set_exception(exc)

        threading.Thread(target=run, name="fieldapp-send", daemon=True).start()
        return future

    for item in items:
        flying.append((item, start(item)))
        if len(flying) >= depth:
            first, future = flying.popleft()
            yield first, future.result()
    while flying:
        first, future = flying.popleft()
        yield first, future.result()


def prefetch(items: Iterator[T], depth: int = 2, on_end: Callable[[], None] | None = None) -> Iterator[T]:
    """Produce the next items on a thread while the caller sends the current one; `on_end` runs on that
    thread once the items are all produced."""
    box: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(kind: str, value: Any) -> bool:
        """Put unless the caller has stopped listening (it never takes from a full box again then)."""
        while not stop.is_set():
            try:
                box.put((kind, value), timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer("item", item):
                    return
            if on_end is not None:
                on_end()
            offer("end", None)
        except BaseException as exc:
            offer("error", exc)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while True:
            kind, value = box.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join()


def sync(data_dir: Path, server_url: str | None = None, **kw: Any) -> SyncReport:
    with Store.in_dir(data_dir) as store:
        return SyncEngine(store, server_url, **kw).run()
