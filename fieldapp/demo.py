"""A realistic demo store for either programme: officers, parties, inspections, cases."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from fieldapp import casework
from fieldapp.keys import DeviceKeys
from fieldapp.store import numbers, parties
from fieldapp.store.cases import CaseInput, add_complaint
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer
from fieldapp.testdata import business_name, make_citizen_id, make_uscc, person_name
from fieldapp.workspace import Workspace

DEMO_PASSWORD = "demo1234"
DEFAULT_TOWNSHIP = {"shaxian": "湖源乡", "nanan": "仑苍镇"}
FINDINGS = {
    True: ["现场检查未发现违法行为。", "经营场所证照齐全，台账规范。", "已按要求整改到位。"],
}


def _finding(ws: Workspace, code: str, compliant: bool, rng: random.Random) -> str:
    # A violation found must be the matter's own, or the printed 笔录 cites the wrong law.
    if compliant:
        return rng.choice(FINDINGS[True])
    return f"经现场检查，发现当事人存在“{ws.matter(code).name}”的行为，执法人员已拍照取证。"


def _matter_like(ws: Workspace, keyword: str) -> str:
    return next(m.code for m in ws.catalogue.matters.values() if keyword in m.name)


def _officers(ws: Workspace, township: str, rng: random.Random) -> tuple[list[dict[str, Any]], list[str]]:
    jur = ws.jurisdiction
    area = jur.area_of(township)
    head = jur.departments[area.head_department]
    town = jur.townships[township]
    prefix = "35" + (jur.division_code or "0000")[2:4]
    today = date.today()
    people = [
        ("陈志明", town.full_name.replace("人民政府", "综合执法队").replace("办事处", "综合执法队"), ["officer", "team_lead"], 700),
        ("林秀英", town.full_name.replace("人民政府", "综合执法队").replace("办事处", "综合执法队"), ["officer"], 500),
        ("黄建华", head.full_name, ["officer"], 400),
        ("张丽芳", jur.departments[jur.categories["生态环保"]].full_name, ["officer"], 300),
        ("郑国平", town.full_name.replace("人民政府", "综合执法队").replace("办事处", "综合执法队"), ["officer"], -30),
        ("吴文彬", head.full_name, ["officer", "area_head"], 600),
        ("许雅琴", jur.departments.get("justice", head).full_name, ["legal_reviewer"], 800),
    ]
    sign_in, ids = [], []
    for i, (name, unit, roles, valid_days) in enumerate(people, start=1):
        cert = f"{prefix}{rng.randint(100000, 999999)}{i:02d}"
        oid = add_officer(ws.store, name=name, cert_no=cert, unit=unit, password=DEMO_PASSWORD,
                          cert_valid_until=today + timedelta(days=valid_days), township=township, roles=roles)
        ids.append(oid)
        sign_in.append({"name": name, "cert_no": cert, "password": DEMO_PASSWORD, "roles": roles,
                        "expired": valid_days < 0})
    return sign_in, ids


def _parties(ws: Workspace, township: str, rng: random.Random, count: int = 30) -> list[str]:
    jur = ws.jurisdiction
    county = jur.division_code or "350405"
    place = jur.townships[township].short_name
    ids = []
    with ws.store.change() as ch:
        for i in range(count):
            if i % 3 == 2:
                born = date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
                fields, _ = parties.validate(parties.PartyInput(
                    kind="person", name=person_name(rng), id_number=make_citizen_id(county, born, rng.randint(1, 999)),
                    address=f"{jur.full_name}{township}{rng.randint(1, 40)}号", phone=f"139{rng.randint(10**7, 10**8 - 1)}",
                    township=township))
            else:
                fields, _ = parties.validate(parties.PartyInput(
                    kind="organisation", name=business_name(rng, place), uscc=make_uscc(county, 96228000 + i * 7,
                                                                                           "92" if i % 2 else "91"),
                    legal_rep=person_name(rng), address=f"{jur.full_name}{township}街{rng.randint(1, 99)}号",
                    phone=f"0598-{rng.randint(1000000, 9999999)}", township=township))
            ids.append(parties.insert(ch, fields))
    return ids


def build_demo(data_dir: Path, jurisdiction: str = "shaxian", township: str | None = None,
               inspections: int = 60, seed: int = 7) -> dict[str, Any]:
    township = township or DEFAULT_TOWNSHIP.get(jurisdiction)
    rng = random.Random(seed)
    with Workspace.init(Path(data_dir), jurisdiction, township) as ws:
        assert township is not None
        if ws.store.one("SELECT 1 FROM officers LIMIT 1"):
            return {"data_dir": str(data_dir), "counts": counts(ws), "sign_in": [], "note": "already built"}
        sign_in, officer_ids = _officers(ws, township, rng)
        active = officer_ids[:4]
        party_ids = _parties(ws, township, rng)
        by_category: dict[str, list[str]] = {}
        for matter in ws.catalogue.matters.values():
            by_category.setdefault(matter.category, []).append(matter.code)
        categories = sorted(by_category)
        now = datetime.now().replace(second=0, microsecond=0)
        inputs = []
        for i in range(inspections):
            start = now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 6))
            cats = rng.sample(categories, 2)
            compliant = rng.random() < 0.6
            crew = rng.sample(active, 2)
            codes = [rng.choice(by_category[c]) for c in cats]
            matters = [MatterFinding(code, _finding(ws, code, compliant or j == 1, rng), compliant or j == 1)
                       for j, code in enumerate(codes)]
            result = "compliant" if compliant else rng.choice(["order_to_correct", "on_the_spot_penalty", "open_case"])
            status = "draft" if i % 10 == 0 else "final"
            inputs.append(InspectionInput(
                township=township, officers=crew, matters=matters, party_id=rng.choice(party_ids),
                place=f"{township}{rng.choice(['街区', '村', '集镇', '工业区'])}{rng.randint(1, 30)}号",
                started_at=start.isoformat(timespec="minutes"),
                ended_at=(start + timedelta(minutes=rng.randint(20, 90))).isoformat(timespec="minutes"),
                result=result, summary="片区联合执法 综合查一次", status=status))
        for k in range(3):
            planned = now.replace(hour=9 + k * 2, minute=0)
            inputs.append(InspectionInput(
                township=township, officers=active[:2], matters=[MatterFinding(by_category[c][0]) for c in categories[k:k + 2]],
                party_id=party_ids[k], place=f"{township}集镇{k + 3}号", planned_for=planned.isoformat(timespec="minutes"),
                status="planned", summary="今日计划检查"))
        ws.create_inspections(inputs, actor=active[0])
        _cases(ws, township, party_ids, officer_ids, by_category, rng)
        sign_in.append(_county(ws, township))
        _blocks(ws, township)
        _keys(ws, Path(data_dir), township)
        return {"data_dir": str(data_dir), "jurisdiction": ws.jurisdiction.key, "township": township,
                "counts": counts(ws), "sign_in": sign_in}


def _cases(ws: Workspace, township: str, party_ids: list[str], officers: list[str],
           by_category: dict[str, list[str]], rng: random.Random) -> None:
    today = date.today()
    complaint = add_complaint(ws.store, township=township, received_at=(today - timedelta(days=20)).isoformat(),
                              channel="12345热线", complainant="匿名", content="反映某店夜间施工噪声扰民。")
    add_complaint(ws.store, township=township, received_at=(today - timedelta(days=2)).isoformat(), channel="来电",
                  complainant="村民", contact="138****1234", content="反映河道有人电鱼。")
    other = next(t for t in ws.jurisdiction.townships if t != township)
    plans = [  # (title, target state, fine, cross-township, a word of its matter's name)
        ("擅自搭建构筑物案", "accepted", None, False, "构筑物"), ("占道经营案", "filed", None, False, "堆放"),
        ("露天焚烧秸秆案", "investigating", 1000, False, "秸秆"), ("无证销售烟花爆竹案", "notified", 20000, False, "烟花爆竹"),
        ("跨乡镇电鱼案", "filed", None, True, "电鱼"), ("夜间施工噪声案", "served", 3000, False, "噪声"),
        ("违法占地建房案", "closed", 5000, False, "占用土地"),
    ]
    paths = {"accepted": [], "filed": ["filed"], "investigating": ["filed", "investigating"],
             "notified": ["filed", "investigating", "notified"],
             "served": ["filed", "investigating", "notified", "decided", "served"],
             "closed": ["filed", "investigating", "notified", "decided", "served", "executing", "closed"]}
    # A township officer works the cases; the county's steps (review) name their own officer.
    actor = officers[0]
    area = ws.jurisdiction.area_of(township)
    other = next((t for t in area.townships if t != township), other)  # cross-township within the area
    for i, (title, target, fine, cross, word) in enumerate(plans):
        case_id = casework.open_case(ws, CaseInput(
            township=township, source="complaint" if i == 5 else "inspection", matters=[_matter_like(ws, word)],
            officers=officers[:2], party_id=party_ids[i], title=title, summary=title,
            complaint_id=complaint if i == 5 else None, accepted_on=(today - timedelta(days=40 - i)).isoformat(),
            townships=[other] if cross else []), actor=actor)
        day = today - timedelta(days=35 - i)
        for step in paths[target]:
            if step == "notified" and fine:
                casework.propose_penalty(ws, case_id, fine=fine, penalties=["fine"], actor=actor)
            if step == "decided":
                case = ws.store.one("SELECT review_required FROM cases WHERE id = ?", (case_id,))
                if case and case["review_required"]:
                    casework.transition(ws, case_id, "legal_review", on=day, actor=actor)
                    casework.record_review(ws, case_id, "passed", "事实清楚，证据充分", actor=officers[6], on_date=day)
            casework.transition(ws, case_id, step, on=day, actor=actor)
            day += timedelta(days=3)


# The county office's officer, and officers sent down to the area besides the demo's own
# (name, department, mode, certificate suffix, days valid; negative: expired). The UI's
# county sample (fieldapp/ui/county/sample.py) uses the same people, so seeding it again
# updates these records instead of adding to them.
BUREAU = "方志远"
SENT_DOWN = [("刘海涛", "ecoenv", "linked", "31", 400), ("罗美玲", "natres", "linked", "32", 300),
             ("谢志强", "transport", "stationed", "33", 500), ("蔡丽君", "agri", "linked", "34", -20)]


def _county(ws: Workspace, township: str) -> dict[str, Any]:
    """A roster for the area (both programmes), its annual plan and a bureau officer, so the county page has data."""
    from fieldapp.county import records
    from fieldapp.county.entries import RosterEntry
    from fieldapp.county.plans import InspectionPlan, PlanItem

    jur = ws.jurisdiction
    area = jur.area_of(township)
    head, env = area.head_department, jur.categories.get("生态环保", area.head_department)
    today = date.today()
    prefix = "35" + (jur.division_code or "0000")[2:4] + "9000"
    bureau = add_officer(ws.store, name=BUREAU, cert_no=prefix + "99", unit=jur.departments[jur.lead_unit].full_name,
                         password=DEMO_PASSWORD, cert_valid_until=today + timedelta(days=900),
                         department=jur.lead_unit, roles=["bureau"])
    sent = {"黄建华": (head, "stationed"), "吴文彬": (head, "stationed"), "张丽芳": (env, "linked")}
    for o in ws.store.query("SELECT * FROM officers WHERE id != ? ORDER BY created_at", (bureau,)):
        if "legal_reviewer" in o["roles"]:
            continue
        dept, mode = sent.get(o["name"], (None, "none"))
        until = date.fromisoformat(o["cert_valid_until"]) if o["cert_valid_until"] else None
        records.save_roster_entry(ws, RosterEntry(o["id"], o["name"], dept, o["cert_no"], until,
                                                  area.key if dept else None, township, mode), bureau)  # type: ignore[arg-type]
    for name, dept, mode, suffix, days in SENT_DOWN:
        records.save_roster_entry(ws, RosterEntry("", name, dept, prefix + suffix, today + timedelta(days=days),
                                                  area.key, None, mode), bureau)  # type: ignore[arg-type]
    code = next(m.code for m in ws.catalogue.matters.values() if m.department == head or
                jur.categories.get(m.category) == head)
    records.save_plan(ws, InspectionPlan(area.key, today.year, head, (PlanItem(code, 4, 0.2, 4, 0.5),)), bureau)
    return {"name": BUREAU, "cert_no": prefix + "99", "password": DEMO_PASSWORD, "roles": ["bureau"], "expired": False}


def _blocks(ws: Workspace, township: str) -> None:
    year = date.today().year
    subjects = {township} | set(ws.jurisdiction.departments)
    with ws.store.lock:
        for subject in sorted(subjects):
            for doc_type in DEMO_DOC_TYPES:
                numbers.add_block(ws.store, subject_key=subject, doc_type=doc_type, year=year, first=1, last=50,
                                  source="demo")


# Every numbered document type (fieldapp/forms/specs/*.toml; a test keeps the two in step).
DEMO_DOC_TYPES = ["inspection_record", "interview_record", "order_to_correct", "penalty_on_the_spot", "case_filing",
                  "evidence_preservation", "prior_notice", "penalty_decision", "service_receipt", "photo_sheet",
                  "case_referral", "case_closing"]


def _keys(ws: Workspace, data_dir: Path, township: str) -> None:
    # A demo laptop has no county server: certify its key locally so issued notices carry a signed QR.
    keys = DeviceKeys(data_dir)
    if not keys.local_county_path.exists():
        keys.init_county()
    keys.enroll_local(device_id=ws.store.device_id, township=township, jurisdiction=ws.jurisdiction.key,
                      issued_at=datetime.now().isoformat(timespec="seconds"))


def counts(ws: Workspace) -> dict[str, int]:
    tables = ["officers", "parties", "inspections", "cases", "complaints", "documents", "roster_entries", "plans",
              "audit_log", "outbox"]
    return {t: int(ws.store.one(f"SELECT count(*) AS n FROM {t}")["n"]) for t in tables}  # type: ignore[index]
