"""Parties: identifier checks on entry, search by Chinese substring, CSV import."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.messages import FieldappError
from fieldapp.store.audit import verify_chain
from fieldapp.store.parties import PartyInput, add_party, search
from fieldapp.store.party_import import import_csv
from fieldapp.workspace import Workspace

GOOD_USCC = "9135058309622813X6"
GOOD_ID = "11010519491231002X"


def test_bad_check_digit_warns_and_needs_confirmation(ws: Workspace) -> None:
    bad = GOOD_USCC[:-1] + "7"
    with pytest.raises(FieldappError) as info:
        add_party(ws.store, PartyInput(kind="organisation", name="湖源某商行", uscc=bad))
    assert info.value.msg.code == "party_id_warning"
    party_id, warnings = add_party(ws.store, PartyInput(kind="organisation", name="湖源某商行", uscc=bad),
                                   accept_warnings=True)
    assert warnings and ws.store.one("SELECT id_warning FROM parties WHERE id = ?", (party_id,))["id_warning"]


@pytest.mark.parametrize("bad", ["12345", "9135058309622813X", "9135058309622813I6", "913505830962281 X6"])
def test_wrong_length_or_charset_is_rejected(ws: Workspace, bad: str) -> None:
    with pytest.raises(FieldappError):
        add_party(ws.store, PartyInput(kind="organisation", name="某公司", uscc=bad), accept_warnings=True)
    assert ws.store.one("SELECT count(*) AS n FROM parties") == {"n": 0}


def test_search_by_substring_uscc_and_id(ws: Workspace) -> None:
    add_party(ws.store, PartyInput(kind="organisation", name="沙县湖源陈记竹制品厂", uscc=GOOD_USCC))
    add_party(ws.store, PartyInput(kind="person", name="林秀英", id_number=GOOD_ID))
    add_party(ws.store, PartyInput(kind="organisation", name="南霞乡农资店（分店）"))
    assert [p["name"] for p in search(ws.store, "竹")] == ["沙县湖源陈记竹制品厂"]
    assert [p["name"] for p in search(ws.store, "陈记")] == ["沙县湖源陈记竹制品厂"]
    assert [p["name"] for p in search(ws.store, "湖源陈记竹")] == ["沙县湖源陈记竹制品厂"]
    assert search(ws.store, "陈竹") == []  # not a substring
    assert [p["name"] for p in search(ws.store, "农资店分")] == ["南霞乡农资店（分店）"]
    assert [p["name"] for p in search(ws.store, "913505830")] == ["沙县湖源陈记竹制品厂"]
    assert [p["name"] for p in search(ws.store, "110105194912")] == ["林秀英"]
    assert [p["name"] for p in search(ws.store, "11010519491231002x")] == ["林秀英"]


def test_csv_import_reports_bad_rows_and_imports_good_ones(ws: Workspace, tmp_path: Path) -> None:
    csv_file = tmp_path / "dir.csv"
    csv_file.write_text(
        "类型,名称,统一社会信用代码,身份证号,地址\n"
        f"单位,湖源陈记竹制品厂,{GOOD_USCC},,湖源乡\n"
        "个人,林秀英,,11010519491231002X,湖源乡\n"
        "单位,坏代码商行,12345,,湖源乡\n"
        "个人,校验位错,,110105194912310021,湖源乡\n"
        ",,,,\n"
        "外星人,无名,,,\n"
        f"单位,重复的厂,{GOOD_USCC},,湖源乡\n", encoding="utf-8")
    report = import_csv(ws.store, csv_file)
    assert report.imported == 3
    assert [e["line"] for e in report.errors] == [4, 7, 8]
    assert [w["line"] for w in report.warnings] == [5]
    assert {r["name"] for r in ws.store.query("SELECT name FROM parties")} == {"湖源陈记竹制品厂", "林秀英", "校验位错"}
    assert verify_chain(ws.store).ok


def test_csv_import_reads_gbk_from_excel(ws: Workspace, tmp_path: Path) -> None:
    csv_file = tmp_path / "gbk.csv"
    csv_file.write_bytes("名称,地址\n湖源乡张记小吃店,湖源街1号\n".encode("gb18030"))
    assert import_csv(ws.store, csv_file).imported == 1
    assert search(ws.store, "张记")[0]["address"] == "湖源街1号"


def test_csv_without_name_column_names_line_one(ws: Workspace, tmp_path: Path) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(FieldappError) as info:
        import_csv(ws.store, csv_file)
    assert "第 1 行" in info.value.msg.zh


def test_binary_file_as_csv_is_refused_clearly(ws: Workspace, tmp_path: Path) -> None:
    csv_file = tmp_path / "photo.csv"
    csv_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(FieldappError) as info:
        import_csv(ws.store, csv_file)
    assert info.value.msg.code in {"csv_encoding", "csv_malformed", "csv_header"}
    assert ws.store.one("SELECT count(*) AS n FROM parties") == {"n": 0}


def test_csv_unpaired_quote_is_refused_and_line_numbers_follow_multiline_cells(ws: Workspace, tmp_path: Path) -> None:
    before = ws.store.one("SELECT count(*) AS n FROM parties")["n"]
    open_quote = tmp_path / "open.csv"
    open_quote.write_text('名称,地址\n"张三,湖源街1号\n李四,湖源街2号\n', encoding="utf-8")
    with pytest.raises(FieldappError) as info:
        import_csv(ws.store, open_quote)
    assert info.value.msg.code == "csv_malformed" and "第 2 行" in info.value.msg.zh
    swallowed = tmp_path / "swallowed.csv"  # the quote closes two rows later: 李四 is pulled into 张三's name
    swallowed.write_text('名称,地址\n"张三,湖源街1号\n李四",湖源街2号\n王五,湖源街3号\n', encoding="utf-8")
    report = import_csv(ws.store, swallowed)
    assert report.imported == 1 and [(e["line"], e["code"]) for e in report.errors] == [(2, "csv_newline_in_cell")]
    multiline = tmp_path / "multi.csv"  # a quoted address over two lines is fine, and line numbers stay true
    multiline.write_text('名称,地址,统一社会信用代码\n湖源赵记商行,"湖源街5号\n二楼",\n坏代码商行,湖源街6号,123\n',
                         encoding="utf-8")
    report = import_csv(ws.store, multiline)
    assert report.imported == 1 and [e["line"] for e in report.errors] == [4]
    assert ws.store.one("SELECT count(*) AS n FROM parties")["n"] == before + 2
