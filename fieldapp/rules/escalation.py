"""When a township case goes to the 片长 (area head).

Both programmes: cross-township cases and major or complex cases are
reported to the 片长 of the area. Thresholds and flags come from the
jurisdiction's [rules], so each county sets its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.penalty import PartyKind


@dataclass(frozen=True)
class EscalationDecision:
    required: bool
    area_key: str  # the area whose 片长 receives the case
    head_department: str  # department key of that 片长
    reasons: list[Msg] = field(default_factory=list)
    areas: tuple[str, ...] = ()  # every area the case touches, primary first


def _ordered(jur: Jurisdiction, townships: Iterable[str], primary: str | None) -> list[str]:
    given = list(townships)
    # A set has no order; fall back to the jurisdiction file's order so the
    # same input always picks the same area.
    names = [jur.township(t).name for t in given]
    if isinstance(townships, set | frozenset):
        order = list(jur.townships)
        names.sort(key=order.index)
    if primary is not None:
        p = jur.township(primary).name
        names = [p] + [n for n in names if n != p]
    if not names:
        raise FieldappError(Msg("至少需要一个乡镇（街道）", "At least one township is needed",
                                "escalation.no_township"))
    return list(dict.fromkeys(names))


def escalation(jur: Jurisdiction, *, townships: Iterable[str], party_kind: PartyKind,
               proposed_fine: int | Decimal | None = None, flags: Iterable[str] = (),
               penalties: Iterable[str] = (), primary: str | None = None) -> EscalationDecision:
    """Decide whether to report to the 片长; `primary` (or the first township) picks the area."""
    rules = jur.rules
    names = _ordered(jur, townships, primary)
    areas = tuple(dict.fromkeys(jur.township(n).area for n in names))
    area = jur.areas[areas[0]]
    head = jur.department(area.head_department)
    reasons: list[Msg] = []
    required = False
    if len(names) > 1 and rules.cross_township_escalates:
        required = True
        reasons.append(Msg(f"跨乡镇（街道）案件（{'、'.join(names)}），应报告片长",
                           f"Cross-township case ({', '.join(names)}): report to the area head",
                           "escalation.cross_township", {"townships": names}))
    if len(areas) > 1:
        others = "、".join(jur.areas[a].name for a in areas[1:])
        reasons.append(Msg(f"涉及多个片区；按主办乡镇{names[0]}报{area.name}片长，并通报{others}",
                           f"Spans several areas; reported to the head of {area.name} (area of the primary "
                           f"township {names[0]}), with notice to {others}", "escalation.primary_area",
                           {"areas": list(areas)}))
    threshold = rules.major_fine_person if party_kind == "person" else rules.major_fine_organisation
    if proposed_fine is not None and threshold > 0 and Decimal(proposed_fine) >= threshold:
        required = True
        reasons.append(Msg(f"拟罚款 {proposed_fine} 元，达到重大案件标准（{threshold} 元）",
                           f"Proposed fine {proposed_fine} yuan reaches the major-case threshold ({threshold} yuan)",
                           "escalation.major_fine", {"fine": str(proposed_fine), "threshold": threshold}))
    for flag in sorted(set(flags) & rules.escalation_flags):
        required = True
        label = {"major": ("重大", "major"), "complex": ("疑难复杂", "complex")}.get(flag, (flag, flag))
        reasons.append(Msg(f"执法人员标记为{label[0]}案件，应报告片长",
                           f"Marked {label[1]} by the officer: report to the area head", "escalation.flag",
                           {"flag": flag}))
    for p in sorted(set(penalties) & rules.escalation_penalties):
        required = True
        reasons.append(Msg(f"拟作出“{p}”，属重大案件", f"Proposed penalty '{p}' makes this a major case",
                           "escalation.penalty", {"penalty": p}))
    return EscalationDecision(required, area.key, head.key, reasons, areas)
