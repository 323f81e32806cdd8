"""Document numbers from blocks leased by the county server.

One counter per enforcement subject × document type × year. Numbers are
taken in the same transaction as the document that uses them and are never
reused, even when that document is later voided.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import Changes, Store, new_id

DEFAULT_PATTERN = "{subject}{code}〔{year}〕{n}号"
DEFAULT_LOW_WATER = 10


@dataclass(frozen=True)
class Allocation:
    n: int
    number: str
    remaining: int
    low: bool
    warning: Msg | None


def format_number(pattern: str, subject_short: str, code: str, year: int, n: int) -> str:
    # GB/T 9704: no "第", no zero padding.
    return pattern.format(subject=subject_short, code=code, year=year, n=n)


def add_block(
    store: Store, *, subject_key: str, doc_type: str, year: int, first: int, last: int,
    source: str = "manual", actor: str | None = None,
) -> str:
    if first < 1 or last < first:
        raise FieldappError(Msg(
            f"号段无效：{first}–{last}。起号须 ≥ 1 且不大于止号。",
            f"Invalid block {first}–{last}: the first number must be ≥ 1 and not after the last.",
            "block_invalid"))
    with store.change(actor) as ch:
        overlap = ch.execute(
            "SELECT first, last FROM number_blocks WHERE subject_key=? AND doc_code=? AND year=?"
            " AND NOT (last < ? OR first > ?)", (subject_key, doc_type, year, first, last)).fetchone()
        used = ch.execute(
            "SELECT n FROM number_allocations WHERE subject_key=? AND doc_code=? AND year=? AND n BETWEEN ? AND ?"
            " LIMIT 1", (subject_key, doc_type, year, first, last)).fetchone()
        if overlap or used:
            raise FieldappError(Msg(
                f"号段 {first}–{last} 与已有号段 {overlap[0]}–{overlap[1]} 重叠，不能重复领取。" if overlap else
                f"号段 {first}–{last} 中的 {used[0]} 号已经用过，不能再用。",
                f"Block {first}–{last} overlaps the existing block {overlap[0]}–{overlap[1]}." if overlap else
                f"Number {used[0]} in block {first}–{last} was already used.",
                "block_overlap"))
        block_id = new_id()
        row = {"id": block_id, "subject_key": subject_key, "doc_code": doc_type, "year": year,
               "first": first, "last": last, "next": first, "source": source, "leased_at": ch.ts}
        ch.execute("INSERT INTO number_blocks(id, subject_key, doc_code, year, first, last, next, source,"
                   " leased_at) VALUES (:id,:subject_key,:doc_code,:year,:first,:last,:next,:source,:leased_at)", row)
        ch.record("number_block", block_id, "lease", None, row)
    return block_id


def remaining(store: Store, subject_key: str, doc_type: str, year: int) -> int:
    row = store.one("SELECT coalesce(sum(last - next + 1), 0) AS left FROM number_blocks"
                    " WHERE subject_key=? AND doc_code=? AND year=?", (subject_key, doc_type, year))
    return int(row["left"]) if row else 0


def allocate(
    ch: Changes, *, subject_key: str, subject_short: str, doc_type: str, code: str, year: int,
    document_id: str, pattern: str = DEFAULT_PATTERN, low_water: int = DEFAULT_LOW_WATER,
) -> Allocation:
    """Take the next number inside the caller's transaction."""
    block = ch.execute(
        "SELECT id, first, last, next FROM number_blocks WHERE subject_key=? AND doc_code=? AND year=?"
        " AND next <= last ORDER BY first LIMIT 1", (subject_key, doc_type, year)).fetchone()
    if block is None:
        raise FieldappError(Msg(
            f"{year} 年“{code}”文书号已用完（{subject_key}），不能出具文书。请同步以领取新号段，"
            "或由县局手工下发号段（fieldapp numbers add-block）。",
            f"No document numbers left for '{code}' in {year} ({subject_key}); the document cannot be issued. "
            "Sync to lease a new block, or load one from the county by hand (fieldapp numbers add-block).",
            "numbers_exhausted", {"subject": subject_key, "doc_type": doc_type, "year": year}))
    block_id, n = str(block[0]), int(block[3])
    before = dict(ch.execute("SELECT * FROM number_blocks WHERE id=?", (block_id,)).fetchone())
    ch.execute("UPDATE number_blocks SET next = next + 1 WHERE id = ?", (block_id,))
    number = format_number(pattern, subject_short, code, year, n)
    ch.execute("INSERT INTO number_allocations(subject_key, doc_code, year, n, number, document_id, block_id,"
               " allocated_at) VALUES (?,?,?,?,?,?,?,?)",
               (subject_key, doc_type, year, n, number, document_id, block_id, ch.ts))
    ch.record("number_block", block_id, "allocate", before, {**before, "next": n + 1})
    left = int(ch.execute("SELECT coalesce(sum(last - next + 1), 0) FROM number_blocks WHERE subject_key=?"
                          " AND doc_code=? AND year=?", (subject_key, doc_type, year)).fetchone()[0])
    low = left < low_water
    warning = Msg(
        f"“{code}”文书号仅剩 {left} 个，请尽快同步领取新号段。",
        f"Only {left} numbers left for '{code}': sync soon to lease a new block.",
        "numbers_low", {"left": left}) if low else None
    return Allocation(n, number, left, low, warning)
