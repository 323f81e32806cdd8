"""Who may act: 行政处罚法 §42 (at least two certified officers) and §43
(recusal). The check is made against the date of the action, not today, so
a record made offline last week is judged by the certificates valid then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from fieldapp.messages import Msg

MIN_OFFICERS = 2  # 行政处罚法 §42


@dataclass(frozen=True)
class OfficerRef:
    id: str
    name: str
    cert_no: str
    cert_valid_until: date | None
    conflicts: frozenset[str] = field(default_factory=frozenset)  # party ids to recuse from


def check_officers(officers: Sequence[OfficerRef], on_date: date, party_id: str | None = None,
                   min_officers: int = MIN_OFFICERS) -> list[Msg]:
    """Problems with the officers for an action on `on_date`; empty means OK."""
    problems: list[Msg] = []
    seen: set[str] = set()
    qualified = 0
    for o in officers:
        if o.id in seen:
            problems.append(Msg(f"执法人员{o.name}重复列出", f"Officer {o.name} is listed twice",
                                "officers.duplicate", {"officer": o.id}))
            continue
        seen.add(o.id)
        ok = True
        if not o.cert_no.strip():
            ok = False
            problems.append(Msg(f"执法人员{o.name}没有执法证号，不能从事执法活动（第四十二条）",
                                f"Officer {o.name} has no enforcement certificate number (art. 42)",
                                "officers.no_cert", {"officer": o.id}))
        elif o.cert_valid_until is None:
            ok = False
            problems.append(Msg(f"执法人员{o.name}的执法证（{o.cert_no}）未登记有效期，请核实",
                                f"Officer {o.name}'s certificate {o.cert_no} has no recorded validity; check it",
                                "officers.no_validity", {"officer": o.id}))
        elif o.cert_valid_until < on_date:
            ok = False
            problems.append(Msg(
                f"执法人员{o.name}的执法证（{o.cert_no}）已于 {o.cert_valid_until.isoformat()} 过期",
                f"Officer {o.name}'s certificate {o.cert_no} expired on {o.cert_valid_until.isoformat()}",
                "officers.expired", {"officer": o.id, "valid_until": o.cert_valid_until.isoformat()}))
        if party_id is not None and party_id in o.conflicts:
            ok = False
            problems.append(Msg(f"执法人员{o.name}与当事人有利害关系，应当回避（第四十三条）",
                                f"Officer {o.name} has a conflict of interest with the party and must recuse "
                                "(art. 43)", "officers.recusal", {"officer": o.id, "party": party_id}))
        qualified += ok
    if qualified < min_officers:
        problems.append(Msg(
            f"执法人员不得少于{min_officers}人且须持有执法证件（行政处罚法第四十二条），现有合格人员{qualified}人",
            f"At least {min_officers} certified officers are required (Administrative Penalty Law art. 42); "
            f"{qualified} qualified", "officers.too_few", {"qualified": qualified, "required": min_officers}))
    return problems
