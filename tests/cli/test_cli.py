"""The `fieldapp` command, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp import __version__


def run(*args: str, data: Path | None = None, ok: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "fieldapp", *([f"--data-dir={data}"] if data else []), *args]
    env = {**os.environ, "FIELDAPP_PASSWORD": "secret12"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, input=stdin)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_version() -> None:
    assert run("--version").stdout.strip() == f"fieldapp {__version__}"


def test_init_officers_and_listing_in_both_languages(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("init", "--jurisdiction", "shaxian", "--township", "湖源乡", data=data)
    run("officer", "add", "--name", "陈志明", "--cert-no", "35040512345", "--unit", "湖源乡综合执法队",
        "--valid-until", "2030-12-31", data=data)
    listed = json.loads(run("officer", "list", "--json", data=data).stdout)
    assert [(o["name"], o["cert_no"], o["cert_valid_until"]) for o in listed] == [
        ("陈志明", "35040512345", "2030-12-31")]
    assert "password_hash" not in listed[0]
    dup = run("officer", "add", "--name", "别人", "--cert-no", "35040512345", "--unit", "x", data=data, ok=False)
    assert dup.returncode == 1 and "已登记" in dup.stderr
    dup_en = run("--lang", "en", "officer", "add", "--name", "x", "--cert-no", "35040512345", "--unit", "x",
                 data=data, ok=False)
    assert "already registered" in dup_en.stderr


def test_unknown_township_and_uninitialised_dir(tmp_path: Path) -> None:
    bad = run("init", "--jurisdiction", "shaxian", "--township", "溪美街道", data=tmp_path / "a", ok=False)
    assert bad.returncode == 1 and "溪美街道" in bad.stderr
    empty = run("inspection", "list", data=tmp_path / "b", ok=False)
    assert empty.returncode == 1 and "fieldapp init" in empty.stderr


def test_jurisdiction_show_both_programmes() -> None:
    shaxian = json.loads(run("jurisdiction", "show", "shaxian", "--json").stdout)
    area4 = next(a for a in shaxian["areas"].values() if "湖源乡" in a["townships"])
    assert area4["name"] == "第四片区"
    assert shaxian["departments"][area4["head_department"]]["name"] == "区市场监督管理局"
    text = run("jurisdiction", "show", "nanan").stdout
    assert "仑苍片区" in text and "中心城区" in text
    nanan = json.loads(run("jurisdiction", "show", "nanan", "--json").stdout)
    assert nanan["areas"][next(k for k, a in nanan["areas"].items() if a["name"] == "仑苍片区")]["station"] == "仑苍镇"


def test_demo_store_lists_shows_and_verifies(demo_dir: Path) -> None:
    inspections = json.loads(run("inspection", "list", "--json", "--limit", "500", data=demo_dir).stdout)
    assert len(inspections) >= 40
    assert {i["status"] for i in inspections} >= {"final", "draft", "planned"}
    shown = json.loads(run("inspection", "show", inspections[0]["id"][-8:], "--json", data=demo_dir).stdout)
    assert len(shown["officers"]) >= 2 and len({m["category"] for m in shown["matters"]}) >= 2
    final = next(i for i in inspections if i["status"] == "final")
    text = run("inspection", "show", final["id"][-8:], data=demo_dir).stdout
    assert "已定稿" in text and "主办" in text and "final" not in text and " lead" not in text
    assert " lead" in run("inspection", "show", final["id"][-8:], "--lang", "en", data=demo_dir).stdout
    cases = json.loads(run("case", "list", "--json", data=demo_dir).stdout)
    assert len({c["state"] for c in cases}) >= 5
    case = json.loads(run("case", "show", cases[0]["id"], "--json", data=demo_dir).stdout)
    assert case["id"] == cases[0]["id"]
    verify = json.loads(run("audit", "verify", "--json", data=demo_dir).stdout)
    assert verify["ok"] and verify["entries"] > 100


def test_audit_verify_exit_code_after_hand_edit(demo_dir: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(demo_dir / "fieldapp.db")
    conn.execute("UPDATE parties SET phone = '110' WHERE rowid = 3")
    conn.commit()
    conn.close()
    proc = run("audit", "verify", data=demo_dir, ok=False)
    assert proc.returncode == 1
    assert "私自改动" in proc.stdout


def test_parties_import_reports_lines(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("init", "--jurisdiction", "nanan", "--township", "溪美街道", data=data)
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("名称,统一社会信用代码\n溪美某公司,9135058309622813X6\n坏公司,ABC\n", encoding="utf-8")
    proc = run("parties", "import", str(csv_file), data=data, ok=False)
    assert proc.returncode == 1
    assert "已导入 1 条" in proc.stdout and "第 3 行" in proc.stdout
    found = json.loads(run("parties", "search", "某公司", "--json", data=data).stdout)
    assert [p["name"] for p in found] == ["溪美某公司"]


def test_numbers_add_block_and_list(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("init", "--jurisdiction", "shaxian", "--township", "湖源乡", data=data)
    run("numbers", "add-block", "--subject", "湖源乡", "--doc-type", "penalty_on_the_spot", "--year", "2026",
        "--first", "1", "--last", "20", data=data)
    blocks = json.loads(run("numbers", "list", "--json", data=data).stdout)
    assert blocks[0]["remaining"] == 20
    overlap = run("numbers", "add-block", "--subject", "湖源乡", "--doc-type", "penalty_on_the_spot", "--year", "2026",
                  "--first", "10", "--last", "30", data=data, ok=False)
    assert overlap.returncode == 1 and "重叠" in overlap.stderr


@pytest.mark.parametrize("jurisdiction", ["shaxian", "nanan"])
def test_demo_for_both_programmes(tmp_path: Path, jurisdiction: str) -> None:
    summary = json.loads(run("demo", "--jurisdiction", jurisdiction, "--inspections", "10", "--json",
                             data=tmp_path / jurisdiction).stdout)
    assert summary["counts"]["inspections"] >= 10 and summary["counts"]["cases"] >= 5
    assert summary["township"] == {"shaxian": "湖源乡", "nanan": "仑苍镇"}[jurisdiction]
