from __future__ import annotations

from decimal import Decimal

import pytest

from fieldapp.catalogue import load_catalogue
from fieldapp.jurisdiction import Jurisdiction, load_jurisdiction
from fieldapp.rules.penalty import (
    cash_on_the_spot_allowed,
    hearing_right,
    legal_review_required,
    limitation_msg,
    limitation_years,
    on_the_spot_allowed,
)


@pytest.fixture(scope="module", params=["shaxian", "nanan"])
def jur(request: pytest.FixtureRequest) -> Jurisdiction:
    return load_jurisdiction(request.param)


@pytest.mark.parametrize(("kind", "amount", "ok"), [
    ("person", 200, True), ("person", 201, False), ("person", Decimal("200.01"), False),
    ("organisation", 3000, True), ("organisation", 3001, False), ("person", 0, False)])
def test_on_the_spot_fine(jur: Jurisdiction, kind: str, amount: int | Decimal, ok: bool) -> None:
    v = on_the_spot_allowed(jur.rules, kind, "fine", amount)  # type: ignore[arg-type]
    assert v.ok is ok
    if amount and not ok:
        assert "第五十一条" in v.msg.zh and v.msg.code == "penalty.spot.too_high"


def test_on_the_spot_warning_always(jur: Jurisdiction) -> None:
    assert on_the_spot_allowed(jur.rules, "organisation", "warning").ok


def test_float_money_refused(jur: Jurisdiction) -> None:
    with pytest.raises(TypeError):
        on_the_spot_allowed(jur.rules, "person", "fine", 50.0)  # type: ignore[arg-type]


def test_cash_on_the_spot(jur: Jurisdiction) -> None:
    assert cash_on_the_spot_allowed(jur.rules, 100).ok
    no = cash_on_the_spot_allowed(jur.rules, 101)
    assert not no.ok and no.msg.data == {"limit": 100}
    assert cash_on_the_spot_allowed(jur.rules, 150, hard_to_enforce_later=True).ok
    assert "第六十九条" in cash_on_the_spot_allowed(jur.rules, 150, remote_area_requested=True).msg.zh


def test_legal_review(jur: Jurisdiction) -> None:
    assert not legal_review_required(jur, party_kind="person", fine=9999).ok
    v = legal_review_required(jur, party_kind="person", fine=10000)
    assert v.ok and [r.code for r in v.reasons] == ["review.fine"] and "第五十八条" in v.msg.zh
    assert not legal_review_required(jur, party_kind="organisation", fine=99999).ok
    v = legal_review_required(jur, party_kind="organisation", fine=500, penalties={"责令停产停业", "警告"},
                              hearing_held=True, flags={"public_interest", "nothing"})
    assert [r.code for r in v.reasons] == ["review.penalty", "review.hearing", "review.flag"]


def test_hearing_right(jur: Jurisdiction) -> None:
    assert hearing_right(jur, "person", 10000).ok
    assert not hearing_right(jur, "person", 9999).ok
    assert not hearing_right(jur, "organisation", 99999).ok
    v = hearing_right(jur, "organisation", 100000, {"吊销许可证"})
    assert v.ok and len(v.reasons) == 2 and "第六十三条" in v.msg.zh
    assert hearing_right(jur, "person", None, {"限制从业"}).ok


def test_limitation() -> None:
    cat = load_catalogue()
    assert limitation_years(cat.matter("YJ-001")) == 5
    assert limitation_years(cat.matter("ST-001")) == 2
    assert limitation_msg(cat.matter("SC-002")).data == {"years": 5}
