"""Penalty procedure checks under the 行政处罚法 (2021).

Amounts are yuan as int or Decimal, never float: a fine printed on a
decision must be exact. Limits come from the jurisdiction's [rules] so a
sector or county rule can tighten them without code changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from fieldapp.catalogue import Matter
from fieldapp.jurisdiction import Jurisdiction, Rules
from fieldapp.messages import Msg

PartyKind = Literal["person", "organisation"]
Money = int | Decimal

_PARTY = {"person": ("公民", "a citizen"), "organisation": ("法人或者其他组织", "an organisation")}
_FLAGS = {"public_interest": ("涉及重大公共利益", "involves a major public interest"),
          "complex": ("案件情况疑难复杂、涉及多个法律关系", "is complex or involves several legal relationships"),
          "major": ("重大执法决定", "is a major enforcement decision")}


@dataclass(frozen=True)
class Verdict:
    """`ok` answers the question the function asks (allowed? required?)."""

    ok: bool
    msg: Msg
    reasons: list[Msg] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok


def _money(amount: Money) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("money must be int or Decimal, not float")
    return Decimal(amount)


def on_the_spot_allowed(rules: Rules, party_kind: PartyKind, penalty: Literal["warning", "fine"],
                        amount: Money = 0) -> Verdict:
    """§51: simple procedure only for a warning or a small fine."""
    if penalty == "warning":
        return Verdict(True, Msg("警告可以当场作出（行政处罚法第五十一条）",
                                 "A warning may be decided on the spot (Administrative Penalty Law art. 51)",
                                 "penalty.spot.ok"))
    limit = rules.on_the_spot_fine_max_person if party_kind == "person" else rules.on_the_spot_fine_max_organisation
    zh, en = _PARTY[party_kind]
    value = _money(amount)
    if value <= 0:
        return Verdict(False, Msg("罚款金额应大于零", "The fine must be more than zero", "penalty.spot.amount"))
    if value > limit:
        return Verdict(False, Msg(
            f"对{zh}当场罚款不得超过 {limit} 元（行政处罚法第五十一条），{value} 元应适用普通程序",
            f"An on-the-spot fine on {en} may not exceed {limit} yuan (art. 51); {value} yuan needs the general "
            "procedure", "penalty.spot.too_high", {"limit": limit, "amount": str(value)}))
    return Verdict(True, Msg(f"对{zh}罚款 {value} 元可以当场作出（行政处罚法第五十一条，上限 {limit} 元）",
                             f"A fine of {value} yuan on {en} may be decided on the spot (art. 51, limit {limit})",
                             "penalty.spot.ok", {"limit": limit}))


def cash_on_the_spot_allowed(rules: Rules, amount: Money, *, hard_to_enforce_later: bool = False,
                             remote_area_requested: bool = False) -> Verdict:
    """§68 (≤100 元, or hard to enforce later) and §69 (remote area, party asks)."""
    value = _money(amount)
    if value <= rules.cash_on_the_spot_max:
        return Verdict(True, Msg(f"{value} 元不超过 {rules.cash_on_the_spot_max} 元，可以当场收缴（第六十八条）",
                                 f"{value} yuan is within {rules.cash_on_the_spot_max} yuan: may be collected on the "
                                 "spot (art. 68)", "penalty.cash.ok"))
    if hard_to_enforce_later:
        return Verdict(True, Msg("不当场收缴事后难以执行，可以当场收缴（第六十八条第二项）",
                                 "Hard to enforce later: may be collected on the spot (art. 68(2))", "penalty.cash.ok"))
    if remote_area_requested:
        return Verdict(True, Msg("边远、水上、交通不便地区经当事人提出，可以当场收缴（第六十九条）",
                                 "Remote area and the party asked: may be collected on the spot (art. 69)",
                                 "penalty.cash.ok"))
    return Verdict(False, Msg(
        f"{value} 元超过 {rules.cash_on_the_spot_max} 元，应由当事人到指定银行或通过电子支付缴纳（第六十七、六十八条）",
        f"{value} yuan exceeds {rules.cash_on_the_spot_max} yuan: the party pays at the designated bank or "
        "electronically (arts. 67, 68)", "penalty.cash.no", {"limit": rules.cash_on_the_spot_max}))


def legal_review_required(jur: Jurisdiction, *, party_kind: PartyKind, fine: Money | None = None,
                          penalties: Iterable[str] = (), hearing_held: bool = False,
                          flags: Iterable[str] = ()) -> Verdict:
    """§58: legal review (法制审核) before a major decision."""
    rules = jur.rules
    reasons: list[Msg] = []
    limit = rules.review_fine_person if party_kind == "person" else rules.review_fine_organisation
    if fine is not None and limit > 0 and _money(fine) >= limit:
        reasons.append(Msg(f"罚款 {fine} 元达到法制审核标准（{limit} 元）",
                           f"Fine {fine} yuan reaches the legal-review threshold ({limit} yuan)",
                           "review.fine", {"limit": limit}))
    for p in sorted(set(penalties) & rules.review_penalties):
        reasons.append(Msg(f"拟作出“{p}”", f"Proposed penalty '{p}'", "review.penalty", {"penalty": p}))
    if hearing_held and rules.review_on_hearing:
        reasons.append(Msg("直接关系当事人重大权益，经过听证程序（第五十八条第一款第二项）",
                           "Affects the party's major rights and a hearing was held (art. 58(1)(2))",
                           "review.hearing"))
    for f in sorted(set(flags) & rules.review_flags):
        zh, en = _FLAGS.get(f, (f, f))
        reasons.append(Msg(f"{zh}（第五十八条）", f"The case {en} (art. 58)", "review.flag", {"flag": f}))
    if reasons:
        return Verdict(True, Msg("作出决定前须经法制审核（行政处罚法第五十八条）",
                                 "Legal review is required before the decision (Administrative Penalty Law art. 58)",
                                 "review.required"), reasons)
    return Verdict(False, Msg("未触发法制审核情形（第五十八条）", "No legal-review trigger applies (art. 58)",
                              "review.not_required"))


def hearing_right(jur: Jurisdiction, party_kind: PartyKind, fine: Money | None = None,
                  penalties: Iterable[str] = ()) -> Verdict:
    """§63: the party may ask for a hearing; "large amount" is set per jurisdiction."""
    rules = jur.rules
    reasons: list[Msg] = []
    limit = rules.hearing_fine_person if party_kind == "person" else rules.hearing_fine_organisation
    if fine is not None and limit > 0 and _money(fine) >= limit:
        zh, en = _PARTY[party_kind]
        reasons.append(Msg(f"对{zh}罚款 {fine} 元属较大数额（≥{limit} 元）",
                           f"A fine of {fine} yuan on {en} is a large amount (≥{limit} yuan)", "hearing.fine",
                           {"limit": limit}))
    for p in sorted(set(penalties) & rules.hearing_penalties):
        reasons.append(Msg(f"拟作出“{p}”", f"Proposed penalty '{p}'", "hearing.penalty", {"penalty": p}))
    if reasons:
        return Verdict(True, Msg("当事人有权要求听证，应在告知书中载明（行政处罚法第六十三条）",
                                 "The party may request a hearing; the prior notice must say so (art. 63)",
                                 "hearing.right"), reasons)
    return Verdict(False, Msg("不属于应告知听证权利的情形（第六十三条）", "No right to a hearing (art. 63)",
                              "hearing.none"))


def limitation_years(matter: Matter) -> int:
    """§36: 2 years, 5 where life, health or financial safety is involved."""
    return 5 if matter.life_safety else 2


def limitation_msg(matter: Matter) -> Msg:
    years = limitation_years(matter)
    why = "涉及公民生命健康安全、金融安全" if matter.life_safety else "一般违法行为"
    return Msg(f"追责时效 {years} 年（{why}，行政处罚法第三十六条）",
               f"Limitation period {years} years (Administrative Penalty Law art. 36)", "penalty.limitation",
               {"years": years})
