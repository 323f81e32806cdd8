"""双随机: random selection of inspection targets and inspectors, reproducible and recorded.

DOMAIN.md: "The draw must be reproducible and recorded (seed and inputs in the
audit log) so nobody can re-draw quietly." Design:

- Inputs are put in one canonical form first (ids sorted, duplicates refused),
  so the order of the lists given makes no difference.
- Every random choice is a ranking by HMAC-SHA256 keyed with the hash of the
  seed and all inputs. Unlike `random.Random`, whose algorithms may change
  between Python versions, this gives the same draw on any machine in any
  year, which `verify_draw` relies on.
- Targets: the first n of the eligible targets by rank; n = count, or the
  ratio of eligible targets rounded up (a ratio is a floor, not a ceiling).
- Inspectors: at least `min_inspectors` (≥ 2, 行政处罚法 §42) per target, never
  one recused from that target; preferring, in this order, a second
  department, a pair not used before, the least-loaded inspector, then rank.
  A target that cannot get enough inspectors is flagged, not silently dropped.
- `Draw.audit_record()` holds the seed, the parameters, recusals and
  exclusions in full, hashes of the target and inspector lists, and the result
  with its hash: enough to re-run and compare, and a re-draw is a second record.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import partial
from math import ceil
from typing import Any

from fieldapp.county.entries import RosterEntry
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import canonical

ALGORITHM = "fieldapp-draw/1"
MIN_INSPECTORS = 2  # 行政处罚法 §42; local practice: at least two drawn


@dataclass(frozen=True)
class Inspector:
    id: str
    unit: str  # department key, or "township:<name>": used to mix departments
    name: str = ""


def inspectors_from_roster(entries: Iterable[RosterEntry], on_date: date, area_key: str | None = None,
                           townships: Collection[str] = ()) -> list[Inspector]:
    """Qualified officers of the roster (of one area: sent there, or staff of its `townships`)."""
    out: dict[str, Inspector] = {}
    for e in entries:
        if not e.qualified(on_date):
            continue
        if area_key is not None and not (e.sent_down and e.area_key == area_key) and e.township not in townships:
            continue
        out.setdefault(e.officer_id, Inspector(e.officer_id, e.unit_key, e.name))
    return list(out.values())


def recusal_from_roster(entries: Iterable[RosterEntry]) -> dict[str, list[str]]:
    """Officer id → the targets (parties) each must not inspect (行政处罚法 §43)."""
    return {e.officer_id: sorted(e.conflicts) for e in entries if e.conflicts}


def new_seed() -> str:
    return secrets.token_hex(16)


def seed_commitment(seed: str) -> str:
    """Publish this when the plan is made and reveal the seed at the draw: the seed cannot be picked afterwards."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DrawnTarget:
    target: str
    inspectors: tuple[str, ...]
    units: tuple[str, ...]
    problem: Msg | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"target": self.target, "inspectors": list(self.inspectors), "units": list(self.units),
                "problem": self.problem.code if self.problem else None}


@dataclass(frozen=True)
class Draw:
    seed: str
    params: dict[str, Any]
    recusal: dict[str, list[str]]
    exclude: list[str]
    avoid_pairs: list[list[str]]
    targets_hash: str
    inspectors_hash: str
    inputs_hash: str
    target_count: int
    inspector_count: int
    eligible: int
    drawn: tuple[DrawnTarget, ...]

    @property
    def problems(self) -> list[Msg]:
        return [d.problem for d in self.drawn if d.problem is not None]

    def result(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "drawn": [d.as_dict() for d in self.drawn]}

    def result_hash(self) -> str:
        return _sha(self.result())

    def pairs(self) -> list[list[str]]:
        """The inspector pairs used, for `avoid_pairs` in the next round."""
        return [list(p) for p in sorted({_pair(a, b) for d in self.drawn for i, a in enumerate(d.inspectors)
                                         for b in d.inspectors[i + 1:]})]

    def audit_record(self) -> dict[str, Any]:
        return {"action": "random_draw", "algorithm": ALGORITHM, "seed": self.seed, "params": self.params,
                "recusal": self.recusal, "exclude": self.exclude, "avoid_pairs": self.avoid_pairs,
                "targets_hash": self.targets_hash, "inspectors_hash": self.inspectors_hash,
                "target_count": self.target_count, "inspector_count": self.inspector_count,
                "inputs_hash": self.inputs_hash, "result": self.result(), "result_hash": self.result_hash()}


def _sha(obj: Any) -> str:
    return hashlib.sha256(canonical(obj).encode("utf-8")).hexdigest()


def _fail(zh: str, en: str, code: str, **data: Any) -> FieldappError:
    return FieldappError(Msg(zh, en, code, data))


def _ids(items: Iterable[Any], what: tuple[str, str]) -> list[str]:
    ids = [str(getattr(t, "id", t)) for t in items]
    dup = sorted(k for k, n in Counter(ids).items() if n > 1)
    if dup:
        raise _fail(f"{what[0]}重复：{'、'.join(dup)}", f"Duplicate {what[1]}: {', '.join(dup)}", "draw.duplicate",
                    ids=dup)
    return sorted(ids)


def draw(seed: str, targets: Iterable[Any], inspectors: Iterable[Inspector], *, ratio: float | str | None = None,
         count: int | None = None, min_inspectors: int = MIN_INSPECTORS,
         recusal: Mapping[str, Collection[str]] | None = None, exclude: Collection[str] = (),
         avoid_pairs: Iterable[Sequence[str]] = ()) -> Draw:
    """Draw targets (ids, or objects with `.id`) and assign inspectors; see the module notes.

    `exclude` leaves out targets or inspectors by id (inspected lately, on
    leave); `avoid_pairs` are pairs used in earlier rounds.
    """
    if (ratio is None) == (count is None):
        raise _fail("须给出抽查比例或抽查数量之一", "Give either a sampling ratio or a count", "draw.ratio_or_count")
    frac = Fraction(str(ratio)) if ratio is not None else None
    if frac is not None and not 0 < frac <= 1:
        raise _fail(f"抽查比例应在0到1之间（{ratio}）", f"The ratio must be in (0, 1] ({ratio})", "draw.bad_ratio")
    if count is not None and count < 0:
        raise _fail("抽查数量不能为负", "The count cannot be negative", "draw.bad_count")
    if min_inspectors < MIN_INSPECTORS:
        raise _fail(f"每个检查对象至少抽取{MIN_INSPECTORS}名执法人员（行政处罚法第四十二条）",
                    f"At least {MIN_INSPECTORS} inspectors per target (Administrative Penalty Law art. 42)",
                    "draw.min_inspectors")
    target_ids = _ids(targets, ("检查对象", "targets"))
    people = sorted(inspectors, key=lambda i: i.id)
    _ids(people, ("执法人员", "inspectors"))
    recused = {k: sorted(set(v)) for k, v in sorted((recusal or {}).items()) if v}
    excluded = sorted(set(exclude))
    avoid = sorted({_pair(p[0], p[1]) for p in avoid_pairs if len(p) == 2 and p[0] != p[1]})
    params = {"ratio": str(frac) if frac is not None else None, "count": count, "min_inspectors": min_inspectors}
    roster = [[i.id, i.unit] for i in people]
    inputs = {"algorithm": ALGORITHM, "seed": seed, "params": params, "targets": target_ids, "inspectors": roster,
              "recusal": recused, "exclude": excluded, "avoid_pairs": [list(p) for p in avoid]}
    inputs_hash = _sha(inputs)
    key = bytes.fromhex(inputs_hash)

    def rank(*parts: str) -> str:
        return hmac.new(key, canonical(list(parts)).encode("utf-8"), hashlib.sha256).hexdigest()

    gone = set(excluded)
    eligible = [t for t in target_ids if t not in gone]
    n = count if count is not None else ceil((frac or 0) * len(eligible))
    chosen = sorted(eligible, key=lambda t: rank("target", t))[:min(n, len(eligible))]
    pool = [i for i in people if i.id not in gone]
    load: Counter[str] = Counter()
    used: Counter[tuple[str, str]] = Counter(avoid)
    drawn = []
    for t in chosen:
        cands = [i for i in pool if t not in recused.get(i.id, ())]
        if len(cands) < min_inspectors:
            drawn.append(DrawnTarget(t, (), (), Msg(
                f"检查对象{t}可抽取的执法人员（已排除回避人员）不足{min_inspectors}人，须另行安排",
                f"Target {t}: fewer than {min_inspectors} inspectors left after recusal; assign by hand",
                "draw.too_few_inspectors", {"target": t, "available": len(cands)})))
            continue
        team: list[Inspector] = []
        for _ in range(min_inspectors):
            team.append(_pick(cands, team, used, load, partial(rank, "inspector", t)))
        for a_i, a in enumerate(team):
            load[a.id] += 1
            for b in team[a_i + 1:]:
                used[_pair(a.id, b.id)] += 1
        drawn.append(DrawnTarget(t, tuple(m.id for m in team), tuple(sorted({m.unit for m in team}))))
    return Draw(seed, params, recused, excluded, [list(p) for p in avoid], _sha(target_ids), _sha(roster), inputs_hash,
                len(target_ids), len(people), len(eligible), tuple(drawn))


def _pick(cands: list[Inspector], team: list[Inspector], used: Counter[tuple[str, str]], load: Counter[str],
          rank_of: Callable[[str], str]) -> Inspector:
    """The next team member: another unit first, then a fresh pair, then the least loaded, then the draw's rank."""
    units = {m.unit for m in team}

    def order(i: Inspector) -> tuple[int, int, int, str]:
        repeats = sum(used[_pair(i.id, m.id)] for m in team)
        return (int(bool(team) and i.unit in units), repeats, load[i.id], rank_of(i.id))

    return min((i for i in cands if i not in team), key=order)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def verify_problems(record: Mapping[str, Any], targets: Iterable[Any], inspectors: Iterable[Inspector]) -> list[Msg]:
    """Why a recorded draw does not match a re-run on the given lists; empty when it does."""
    if record.get("algorithm") != ALGORITHM:
        return [Msg(f"未知的抽取算法“{record.get('algorithm')}”", f"Unknown draw algorithm '{record.get('algorithm')}'",
                    "draw.algorithm")]
    problems: list[Msg] = []
    if _sha(record.get("result")) != record.get("result_hash"):
        problems.append(Msg("记录中的抽取结果与其哈希不符（记录被改动）", "The recorded result does not match its hash "
                            "(the record was altered)", "draw.record_altered"))
    p = record.get("params") or {}
    try:
        again = draw(str(record["seed"]), targets, inspectors, ratio=p.get("ratio"), count=p.get("count"),
                     min_inspectors=int(p.get("min_inspectors", MIN_INSPECTORS)), recusal=record.get("recusal"),
                     exclude=record.get("exclude") or (), avoid_pairs=record.get("avoid_pairs") or ())
    except FieldappError as exc:
        return [*problems, exc.msg]
    for field_, zh, en in (("targets_hash", "检查对象名录与抽取时不同", "the target list differs from the one drawn from"),
                           ("inspectors_hash", "执法人员名录与抽取时不同", "the inspector list differs from the one drawn from"),
                           ("inputs_hash", "抽取输入与记录不符", "the inputs differ from the record")):
        if getattr(again, field_) != record.get(field_):
            problems.append(Msg(zh, en, f"draw.{field_}"))
    if again.result_hash() != record.get("result_hash"):
        problems.append(Msg("按记录重新抽取的结果与记录不同", "Re-running the recorded draw gives a different result",
                            "draw.result_differs"))
    return problems


def verify_draw(record: Mapping[str, Any], targets: Iterable[Any], inspectors: Iterable[Inspector]) -> bool:
    """Re-run the recorded draw on these lists and compare every hash."""
    return not verify_problems(record, targets, inspectors)
