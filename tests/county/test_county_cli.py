"""`fieldapp county …` as a real process, on demo stores of both programmes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from fieldapp.demo import BUREAU, build_demo
from fieldapp.workspace import Workspace

YEAR = date.today().year
QUARTER = (date.today().month - 1) // 3 + 1


def run(data: Path, *args: str, ok: bool = True, lang: str = "zh") -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "fieldapp", f"--data-dir={data}", "--lang", lang, "county", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ})
    if ok:
        assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc


@pytest.fixture(scope="module", params=["shaxian", "nanan"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp(request.param) / "d"
    build_demo(path, request.param, inspections=6)
    return path


def _officer(data: Path, name: str) -> str:
    with Workspace.open(data) as ws:
        row = ws.store.one("SELECT id FROM officers WHERE name = ?", (name,))
    assert row is not None
    return str(row["id"])


def test_roster_list_and_check(demo: Path, tmp_path: Path) -> None:
    listed = json.loads(run(demo, "roster", "list", "--json").stdout)
    assert len(listed) >= 8 and any(e["mode"] == "linked" for e in listed)
    check = run(demo, "roster", "check", "--json", ok=False)
    assert check.returncode == 1  # the demo area alone cannot meet the county-wide rules
    report = json.loads(check.stdout)
    assert report["ok"] is False and report["breaches"]
    assert "Roster" in run(demo, "roster", "check", ok=False, lang="en").stdout or "breach" in run(
        demo, "roster", "check", ok=False, lang="en").stdout
    csv = tmp_path / "r.csv"
    csv.write_text("姓名,部门,执法证号,有效期至,片区,乡镇,下沉方式\n何一,,CLI001,2030-01-01,,,\n", encoding="utf-8")
    anonymous = run(demo, "roster", "import", str(csv), ok=False)
    assert anonymous.returncode == 1 and "--actor" in anonymous.stderr
    not_bureau = run(demo, "roster", "import", str(csv), "--actor", _officer(demo, "吴文彬"), ok=False, lang="en")
    assert not_bureau.returncode == 1 and "bureau" in not_bureau.stderr
    bad = run(demo, "roster", "import", str(csv), "--actor", _officer(demo, BUREAU), ok=False)
    assert bad.returncode == 1 and "第 2 行" in bad.stdout


def test_queue_escalate_assign_review(demo: Path) -> None:
    with Workspace.open(demo) as ws:
        row = ws.store.one("SELECT id, township FROM cases WHERE state = 'investigating' AND escalated = 0")
        assert row is not None
        case_id, area = str(row["id"]), ws.jurisdiction.area_of(row["township"]).key
        officers = [r["id"] for r in ws.store.query("SELECT officer_id AS id FROM case_officers WHERE case_id = ?",
                                                    (case_id,))]
    head = _officer(demo, "吴文彬")
    missing = run(demo, "escalate", case_id[-8:], "--reason", "", ok=False)
    assert missing.returncode == 1 and "理由" in missing.stderr
    out = run(demo, "escalate", case_id[-8:], "--reason", "跨乡镇", "--actor", head)
    assert "片长" in out.stdout
    queue = json.loads(run(demo, "queue", "area", area, "--json").stdout)
    assert case_id in [c["id"] for c in queue]
    refused = run(demo, "assign", case_id, "--officer", officers[0], "--department", "market", "--actor", head, ok=False)
    assert refused.returncode == 1
    assert "two" in run(demo, "assign", case_id, "--officer", officers[0], "--actor", head, ok=False, lang="en").stderr
    action = json.loads(run(demo, "assign", case_id, "--officer", officers[0], "--officer", head, "--actor", head,
                            "--json").stdout)
    assert len(action["officers"]) == 2
    no_actor = run(demo, "review", case_id, "passed", ok=False)
    assert no_actor.returncode == 1 and "--actor" in no_actor.stderr
    not_yet = run(demo, "review", case_id, "passed", "--actor", _officer(demo, "许雅琴"), ok=False)
    assert not_yet.returncode == 1 and "法制审核" in not_yet.stderr
    assert isinstance(json.loads(run(demo, "queue", "review", "--json").stdout), list)


def test_plan_round_verify_list_quarterly_rate(demo: Path, tmp_path: Path) -> None:
    with Workspace.open(demo) as ws:
        area = ws.jurisdiction.area_of(str(ws.township)).key
        code = next(iter(ws.catalogue.matters))
        dept = ws.jurisdiction.areas[area].head_department
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(f'area = "{area}"\nyear = {YEAR}\ndepartment = "ecoenv"\n'
                         f'[[items]]\nmatter = "{code}"\ntimes_per_year = 2\nratio = 0.3\n', encoding="utf-8")
    bureau = ("--actor", _officer(demo, BUREAU))
    refused = run(demo, "plan", "add", str(plan_file), "--actor", _officer(demo, "吴文彬"), ok=False)
    assert refused.returncode == 1 and "无权制定检查计划" in refused.stderr
    plan_a = json.loads(run(demo, "plan", "add", str(plan_file), "--json", *bureau).stdout)["id"]
    bad = run(demo, "plan", "add", "--area", area, "--year", str(YEAR), "--department", dept, "--item", "x:y", ok=False)
    assert bad.returncode == 1 and "CODE:TIMES" in run(demo, "plan", "add", "--area", area, "--year", str(YEAR),
                                                      "--department", dept, "--item", "x:y", ok=False,
                                                      lang="en").stderr
    plans = json.loads(run(demo, "plan", "list", "--json").stdout)
    ids = [p["id"] for p in plans]
    assert plan_a in ids and len(ids) == 2
    result = json.loads(run(demo, "plan", "round", *[a for i in ids for a in ("--plan", i)], "--seed", "cli-seed",
                            "--period", f"{YEAR}Q1", "--round", "1", "--json", *bureau).stdout)
    assert result["draws"] and result["inspections"]
    for d in result["draws"]:
        assert "可复现" in run(demo, "draw", "verify", d["id"]).stdout
    assert json.loads(run(demo, "draw", "verify", result["draws"][0]["id"], "--json").stdout)["ok"] is True
    listed = json.loads(run(demo, "draw", "list", "--json").stdout)
    assert [d["id"] for d in listed] == [d["id"] for d in result["draws"]]
    assert all("over_limit" in d["record"] for d in listed) and result["draws"][0]["id"] in run(demo, "draw", "list").stdout
    out = tmp_path / "personnel.csv"
    published = json.loads(run(demo, "list", "publish", "--area", area, "--kind", "personnel", "--out", str(out),
                                "--json").stdout)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and len(published["content_sha"]) == 64
    # A matter outside the base list, approved by the lead unit (南安 四(五)), joins the matter list.
    with Workspace.open(demo) as ws:
        from fieldapp.county.lists import base_matters

        extra = next(c for c in sorted(ws.catalogue.matters)
                     if c not in base_matters(ws.jurisdiction, ws.catalogue, area, date.today()))
    matters = json.loads(run(demo, "list", "publish", "--area", area, "--kind", "matters", "--json",
                             "--add", f"{extra}:{dept}:{date.today().isoformat()}:城执函〔{YEAR}〕3号").stdout)
    added = next(r for r in matters["content"]["rows"] if r[1] == extra)
    assert added[-1].startswith("由") and added[-1].endswith(f"城执函〔{YEAR}〕3号）")
    malformed = run(demo, "list", "publish", "--area", area, "--kind", "matters", "--add", extra, ok=False, lang="en")
    assert malformed.returncode == 1 and "CODE:DEPARTMENT:YYYY-MM-DD:REFERENCE" in malformed.stderr
    officer = _officer(demo, "张丽芳")
    assert "出勤" in run(demo, "attendance", "add", "--officer", officer, "--area", area).stdout
    shown = json.loads(run(demo, "quarterly", "show", "--year", str(YEAR), "--q", str(QUARTER), "--json").stdout)
    assert set(shown) == {"执法人员", "片区", "乡镇案件"}
    xlsx = tmp_path / "q.xlsx"
    run(demo, "quarterly", "export", "--year", str(YEAR), "--q", str(QUARTER), "--out", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"
    with Workspace.open(demo) as ws:
        nanan = ws.jurisdiction.key == "nanan"
    rated = run(demo, "rate", "--officer", officer, "--year", str(YEAR), "--q", "1", "--area-rating", "合格",
                "--grade", "好", ok=False)
    # 张丽芳 is linked: in 南安 not 优秀 means not 好; 沙县 has no quarterly rule.
    assert rated.returncode == (1 if nanan else 0), rated.stderr
    if nanan:
        assert "不得评为" in rated.stderr
    # The department's grade: 张丽芳's department has no linked officer rated 优秀 this quarter.
    with Workspace.open(demo) as ws:
        env = ws.jurisdiction.categories["生态环保"]
        env_name = ws.jurisdiction.departments[env].name
    graded = run(demo, "rate-department", "--department", env_name, "--year", str(YEAR), "--q", "1", "--rating", "优秀",
               *bureau, "--json", ok=False)
    assert graded.returncode == (1 if nanan else 0), graded.stderr
    if nanan:
        assert "不得评为优秀等次" in graded.stderr and "南政办〔2024〕31号" in graded.stderr
        graded = run(demo, "rate-department", "--department", env, "--year", str(YEAR), "--q", "1", "--rating", "良好",
                   *bureau, "--json")
    assert json.loads(graded.stdout)["department"] == env
