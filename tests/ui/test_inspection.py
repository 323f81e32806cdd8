"""The joint inspection page: party search and registration, matters, officers, result rules, finalizing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import officer, wait_idle

from fieldapp.ids import uscc_check_char
from fieldapp.store.officers import add_officer
from fieldapp.ui.main_window import MainWindow


def editor_of(win: MainWindow) -> Any:
    win.go("new_inspection", "")
    return win.page("new_inspection")


def pick_party(ed: Any, text: str) -> dict[str, Any]:
    ed.party.search.setText(text)
    ed.party.run_search()
    ed.party._pick(ed.party.results.item(0))
    assert ed.party.party is not None
    return dict(ed.party.party)


def two_categories(win: MainWindow) -> list[str]:
    seen: dict[str, str] = {}
    for m in win.ctx.ws.catalogue.matters.values():
        seen.setdefault(m.category, m.code)
    return list(seen.values())[:2]


def fill(win: MainWindow, ed: Any, result: str = "compliant") -> list[str]:
    pick_party(ed, win.ctx.reader.one("SELECT name FROM parties WHERE kind = 'organisation' LIMIT 1")["name"])
    codes = two_categories(win)
    for code in codes:
        ed.matters.check(code)
        ed.matters.set_result(code, True, "现场检查未发现违法行为。")
    ed.officers.set_selected([officer(win, "陈志明")["id"], officer(win, "林秀英")["id"]])
    ed.result.set_result(result)
    return codes


def test_party_search_by_name_piece_credit_code_and_id_with_check_digit_warning(signed_in: MainWindow) -> None:
    ed = editor_of(signed_in)
    org = signed_in.ctx.reader.one("SELECT name, uscc FROM parties WHERE uscc IS NOT NULL LIMIT 1")
    person = signed_in.ctx.reader.one("SELECT name, id_number FROM parties WHERE id_number IS NOT NULL LIMIT 1")
    assert pick_party(ed, org["name"][2:5])["name"] == org["name"]
    assert pick_party(ed, org["uscc"][:10])["uscc"] == org["uscc"]
    assert pick_party(ed, person["id_number"][:12])["name"] == person["name"]
    wrong = org["uscc"][:17] + ("0" if org["uscc"][17] != "0" else "1")
    ed.party.search.setText(wrong)
    ed.party.run_search()
    assert uscc_check_char(org["uscc"][:17]) in ed.party.note.text()


def test_a_new_party_with_a_bad_check_digit_needs_confirmation(signed_in: MainWindow, qtbot: QtBot,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldapp.ui.inspection.party import PartyDialog

    ed = editor_of(signed_in)
    good = "91350405MA2YQ0PL5" + uscc_check_char("91350405MA2YQ0PL5")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (asked.append(a[2]),
                                                                  QMessageBox.StandardButton.Yes)[1])
    dialog = PartyDialog(signed_in.ctx, ed)
    dialog.saved.connect(ed.party.set_party)
    dialog.name.setText("湖源测试校验位商行")
    dialog.uscc.setText(bad)
    assert dialog.note.text()
    dialog.save(False)
    wait_idle(qtbot)
    assert asked, "a wrong check digit must be confirmed"
    assert ed.party.party is not None and ed.party.party["uscc"] == bad
    assert ed.party.party["id_warning"]


def test_expired_certificates_and_conflicts_are_refused_with_the_reason(signed_in: MainWindow) -> None:
    win = signed_in
    ed = editor_of(win)
    expired = officer(win, "郑国平")
    ed.officers.toggle(expired["id"])
    assert expired["id"] not in ed.officers.selected()
    assert "郑国平" in ed.officers.refusal.text() and expired["cert_valid_until"] in ed.officers.refusal.text()
    party = pick_party(ed, win.ctx.reader.one("SELECT name FROM parties LIMIT 1")["name"])
    oid = add_officer(win.ctx.ws.store, name="回避测试", cert_no="REC-1", unit="测试", password="secret12",
                      cert_valid_until=date.today() + timedelta(days=100), conflicts=[party["id"]])
    ed.officers.reload()
    ed.officers.toggle(oid)
    assert oid not in ed.officers.selected()
    assert "回避" in ed.officers.refusal.text()


def test_matters_from_two_categories_show_who_acts(signed_in: MainWindow) -> None:
    ed = editor_of(signed_in)
    for code in two_categories(signed_in):
        ed.matters.check(code)
    assert ed.matters.table.rowCount() == 2
    subjects = {ed.matters.table.item(r, 1).text() for r in range(2)}
    assert all(subjects) and all(s in ed.matters.subjects.text() for s in subjects)


def test_an_on_the_spot_fine_over_the_limit_is_refused(signed_in: MainWindow) -> None:
    ed = editor_of(signed_in)
    fill(signed_in, ed, "on_the_spot_penalty")
    ed.result.amount.setText("3500")
    assert "3000" in ed.result.verdict.text()
    ed.finalize()
    assert "3000" in ed.message.text()
    assert ed.status in ("new", "draft")
    ed.result.amount.setText("200")
    assert ed.result.problem() is None


def test_finalizing_with_one_officer_is_refused(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = editor_of(signed_in)
    fill(signed_in, ed)
    ed.officers.set_selected([officer(signed_in, "陈志明")["id"]])
    ed.finalize()
    wait_idle(qtbot)
    assert ed.status == "new"
    assert "第四十二条" in ed.message.text()


def test_finalizing_saves_a_final_record_with_its_matters_and_subjects(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = editor_of(signed_in)
    codes = fill(signed_in, ed)
    ed.finalize()
    wait_idle(qtbot)
    assert ed.status == "final"
    row = signed_in.ctx.reader.one("SELECT status, result, created_by FROM inspections WHERE id = ?", (ed.inspection_id,))
    assert row == {"status": "final", "result": "compliant", "created_by": signed_in.ctx.actor}
    matters = signed_in.ctx.reader.query("SELECT matter_code, subject_name FROM inspection_matters"
                                         " WHERE inspection_id = ? ORDER BY matter_code", (ed.inspection_id,))
    assert sorted(codes) == [m["matter_code"] for m in matters] and all(m["subject_name"] for m in matters)
    assert not ed.finalize_button.isVisible() and not ed.matters.tree.isEnabled()


def test_open_a_case_from_the_visit(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = editor_of(signed_in)
    codes = fill(signed_in, ed, "open_case")
    ed.matters.set_result(codes[1], False, "门店占道经营。")
    ed.finalize()
    wait_idle(qtbot)
    case = signed_in.ctx.reader.one("SELECT id, state, source FROM cases WHERE inspection_id = ?", (ed.inspection_id,))
    assert case is not None and case["source"] == "inspection"
    assert signed_in.pages.currentWidget().objectName() == "casePage"
    assert signed_in.page("case").case["id"] == case["id"]  # type: ignore[attr-defined]


def test_starting_a_new_inspection_saves_the_unsaved_one_as_a_draft(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = editor_of(signed_in)
    assert not ed.dirty  # a fresh form is not "unsaved work"
    ed.matters.check(two_categories(signed_in)[0])
    ed.place.setText("未保存就点了新建的检查")
    signed_in.go("new_inspection", "")
    wait_idle(qtbot)
    assert ed.place.text() == "" and ed.inspection_id is None
    row = signed_in.ctx.reader.one("SELECT status FROM inspections WHERE place = ?", ("未保存就点了新建的检查",))
    assert row is not None and row["status"] == "draft"


def test_an_inspection_without_a_matter_is_not_wiped_without_asking(signed_in: MainWindow, qtbot: QtBot,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ed = editor_of(signed_in)
    ed.place.setText("还没勾选事项的检查")
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: (asked.append(text), answer)[1])
    signed_in.go("new_inspection", "")
    assert asked and ed.place.text() == "还没勾选事项的检查"
    answer = QMessageBox.StandardButton.Yes
    signed_in.go("new_inspection", "")
    assert len(asked) == 2 and ed.place.text() == "" and not ed.recovery_path().exists()


def test_unsaved_work_is_saved_by_itself_while_it_is_dirty(signed_in: MainWindow, qtbot: QtBot) -> None:
    from fieldapp.ui.inspection.editor import AUTOSAVE_MS, InspectionEditor

    assert AUTOSAVE_MS <= 30_000
    ed = editor_of(signed_in)
    ed.autosave_timer.setInterval(100)
    ed.place.setText("停电前没有勾选事项")
    qtbot.waitUntil(lambda: ed.recovery_path().exists(), timeout=3000)
    # The power cut: the next start's editor offers the form again.
    again = InspectionEditor(signed_in.ctx)
    qtbot.addWidget(again)
    assert again.place.text() == "停电前没有勾选事项" and again.dirty
    again.autosave_timer.stop()
    ed.matters.check(two_categories(signed_in)[0])
    qtbot.waitUntil(lambda: ed.inspection_id is not None, timeout=3000)
    wait_idle(qtbot)
    row = signed_in.ctx.reader.one("SELECT status FROM inspections WHERE id = ?", (ed.inspection_id,))
    assert row["status"] == "draft" and not ed.dirty and not ed.recovery_path().exists()
    assert not ed.autosave_timer.isActive()
