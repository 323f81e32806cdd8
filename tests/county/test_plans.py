"""Annual plans: frequencies (raised for complaints and the abnormal list), rounds, 综合查一次, yearly limits."""

from __future__ import annotations

from fieldapp.catalogue import Catalogue
from fieldapp.county.draws import Inspector, verify_draw
from fieldapp.county.plans import (
    InspectionPlan,
    PlanItem,
    PlannedVisit,
    Target,
    check_plan,
    count_visits,
    frequency,
    merge_plans,
    over_limit,
    plan_round,
    runs_in_round,
    yearly_limit,
)
from fieldapp.jurisdiction import Jurisdiction

ITEM = PlanItem("SC-001", times_per_year=2, ratio=0.1, raised_times_per_year=4, raised_ratio=0.5)


def test_raised_frequency_for_complaints_or_abnormal_list() -> None:
    normal = frequency(ITEM, Target("t1", matters=("SC-001",)))
    assert (normal.times_per_year, normal.ratio, normal.raised) == (2, 0.1, False)
    complained = frequency(ITEM, Target("t2", complaints=2))
    assert (complained.times_per_year, complained.ratio, complained.raised) == (4, 0.5, True)
    assert complained.reason.zh == "投诉举报2件，提高抽查频次"
    abnormal = frequency(ITEM, Target("t3", abnormal=True))
    assert abnormal.raised and abnormal.reason.zh == "列入异常名录，提高抽查频次"
    # An item with no raised figures keeps its frequency for everyone.
    assert not frequency(PlanItem("SC-001", 1, 0.1), Target("t2", complaints=1)).raised


def test_rounds_are_spread_over_the_year() -> None:
    assert [r for r in range(1, 5) if runs_in_round(2, r, 4)] == [1, 3]
    assert [r for r in range(1, 5) if runs_in_round(1, r, 4)] == [1]
    assert [r for r in range(1, 5) if runs_in_round(4, r, 4)] == [1, 2, 3, 4]
    assert [r for r in range(1, 13) if runs_in_round(3, r, 12)] == [1, 5, 9]


def test_check_plan(nanan: Jurisdiction, catalogue: Catalogue) -> None:
    ok = InspectionPlan("luncang", 2025, "market", (ITEM,))
    assert check_plan(nanan, catalogue, ok) == []
    bad = InspectionPlan("nowhere", 2025, "market", (ITEM, ITEM, PlanItem("XX-1", 0, 2.0),
                                                      PlanItem("SC-003", 3, 0.2, raised_times_per_year=1)))
    assert [m.code for m in check_plan(nanan, catalogue, bad)] == [
        "plan.unknown_area", "plan.duplicate", "plan.unknown_matter", "plan.bad_frequency", "plan.raised_lower"]


def _targets() -> list[Target]:
    ts = [Target(f"p{k:02d}", matters=("SC-001", "WH-001") if k % 2 else ("SC-001",)) for k in range(20)]
    return [*ts, Target("p90", matters=("SC-001", "WH-001"), complaints=1), Target("p91", matters=("SC-001",), abnormal=True)]


INSPECTORS = [Inspector("m1", "market"), Inspector("m2", "market"), Inspector("c1", "culture"), Inspector("c2", "culture"),
              Inspector("t1", "township:仑苍镇"), Inspector("t2", "township:仑苍镇")]


def test_plan_round_draws_each_item_and_stratum(nanan: Jurisdiction, catalogue: Catalogue) -> None:
    plan = InspectionPlan("luncang", 2025, "urban", (ITEM, PlanItem("WH-001", 4, 0.2)))
    draws, visits = plan_round(nanan, catalogue, plan, _targets(), INSPECTORS, seed="luncang-2025", period="2025-Q2",
                               round_no=2)
    # Round 2 of 4: SC-001 normal targets rest (rounds 1 and 3); the raised stratum and WH-001 run.
    assert [d.seed for d in draws] == ["luncang-2025/SC-001/raised", "luncang-2025/WH-001/normal",
                                       "luncang-2025/WH-001/raised"]
    sc = [v for v in visits if v.matters == ("SC-001",)]
    assert len(sc) == 1 and sc[0].target_id in ("p90", "p91")  # ceil(0.5 × 2) = 1 of the two raised targets
    assert all(v.department == "market" for v in sc)
    wh = [v for v in visits if v.matters == ("WH-001",)]
    assert len(wh) == 2 + 1 and all(v.department == "culture" for v in wh)  # ceil(0.2 × 10) + ceil(0.2 × 1)
    # Each item's team comes from its department and the township team.
    assert all(set(v.inspectors) <= {"c1", "c2", "t1", "t2"} for v in wh)
    targets = [t for t in _targets() if "WH-001" in t.matters and not t.raised]
    assert verify_draw(draws[1].audit_record(), targets, [i for i in INSPECTORS if i.unit != "market"])
    again = plan_round(nanan, catalogue, plan, list(reversed(_targets())), INSPECTORS, seed="luncang-2025",
                       period="2025-Q2", round_no=2)
    assert again[1] == visits


def test_merge_plans_gives_one_visit_per_target() -> None:
    market = InspectionPlan("luncang", 2025, "market", (ITEM,), (
        PlannedVisit("p01", "2025-Q2", "market", ("SC-001",), ("m1", "t1"), "h1"),
        PlannedVisit("p02", "2025-Q2", "market", ("SC-001",), ("m2", "t2"), "h1")))
    culture = InspectionPlan("luncang", 2025, "culture", (PlanItem("WH-001", 1, 0.2),), (
        PlannedVisit("p01", "2025-Q2", "culture", ("WH-001", "WH-002"), ("c1", "t1"), "h2"),
        PlannedVisit("p01", "2025-Q3", "culture", ("WH-001",), ("c2", "t2"), "h3")))
    merged = merge_plans([market, culture])
    assert [(m.period, m.target_id) for m in merged] == [("2025-Q2", "p01"), ("2025-Q2", "p02"), ("2025-Q3", "p01")]
    one = merged[0]
    assert one.matters_by_department == {"culture": ("WH-001", "WH-002"), "market": ("SC-001",)}
    assert one.departments == ("culture", "market") and one.inspectors == ("m1", "t1", "c1")
    assert one.draw_hashes == ("h1", "h2") and one.matters == ("WH-001", "WH-002", "SC-001")
    assert one.as_dict()["matters_by_department"]["market"] == ["SC-001"]


def test_over_limit() -> None:
    plans = [InspectionPlan("luncang", 2025, "market", (ITEM,)), InspectionPlan("luncang", 2025, "culture",
                                                                                (PlanItem("WH-001", 3, 0.2),))]
    assert yearly_limit(plans, Target("a", matters=("SC-001",))) == 2
    assert yearly_limit(plans, Target("b", matters=("SC-001", "WH-001"))) == 3
    assert yearly_limit(plans, Target("c", matters=("SC-001",), complaints=1)) == 4
    assert yearly_limit(plans, Target("d", matters=("ZH-009",))) == 0
    inspections = [{"party_id": "a", "status": "final", "started_at": f"2025-0{m}-03T09:00"} for m in (1, 4, 7)]
    inspections += [{"party_id": "a", "status": "voided", "started_at": "2025-08-01"},
                    {"party_id": "a", "status": "final", "started_at": "2024-12-30"},
                    {"party_id": "b", "status": "final", "started_at": "2025-02-01"}]
    visits = count_visits(inspections, 2025)
    assert visits == {"a": 3, "b": 1}
    flags = over_limit(visits, {"a": 2, "b": 3})
    assert [(f.target_id, f.visits, f.limit) for f in flags] == [("a", 3, 2)]
    assert "本年度已检查3次，超过计划频次2次" in flags[0].msg.zh
    assert [f.target_id for f in over_limit(visits, {"a": 3})] == ["b"]  # b is in no plan: 计划之外无检查
    assert over_limit(visits, 5) == []
