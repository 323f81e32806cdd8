"""The county page: shown only for county roles; 片长 queue and joint actions; legal review and the decision gate;
roster breaches; plans and draws; published lists; quarterly figures with a chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from uihelpers import sign_in, wait_idle

from fieldapp.demo import DEMO_PASSWORD
from fieldapp.messages import set_lang
from fieldapp.ui import tasks
from fieldapp.ui.app import open_window
from fieldapp.ui.county.sample import BUREAU, add_bureau_officer, seed_county
from fieldapp.ui.main_window import MainWindow
from fieldapp.workspace import Workspace


@pytest.fixture
def seeded(demo_dir: Path) -> dict[str, Any]:
    ws = Workspace.open(demo_dir)
    try:
        add_bureau_officer(ws, DEMO_PASSWORD)
        return seed_county(ws)
    finally:
        ws.close()


@pytest.fixture
def win(demo_dir: Path, seeded: dict[str, Any], qtbot: QtBot) -> Iterator[MainWindow]:
    window, ws, reader = open_window(demo_dir, "zh")
    window.show()
    yield window
    wait_idle(qtbot)
    window.close()
    tasks.wait_all()
    window.deleteLater()
    qtbot.wait(1)
    reader.close()
    ws.close()
    set_lang("zh")


def county_item(win: MainWindow) -> Any:
    return next(win.nav.item(r) for r in range(win.nav.count())
                if win.nav.item(r).data(Qt.ItemDataRole.UserRole) == "county")


def open_county(win: MainWindow, qtbot: QtBot, name: str) -> Any:
    if not win.ctx.session.locked:
        win.ctx.session.lock()
    sign_in(win, qtbot, name)
    win.go("county", "")
    wait_idle(qtbot)
    page = win.page("county")
    assert win.pages.currentWidget() is page
    return page


def show(page: Any, qtbot: QtBot, key: str) -> Any:
    widget = page.show_tab(key)
    wait_idle(qtbot)
    return widget


def test_hidden_for_a_plain_officer_and_shown_for_the_area_head(win: MainWindow, qtbot: QtBot) -> None:
    sign_in(win, qtbot, "林秀英")
    assert county_item(win).isHidden()
    win.go("county", "")
    assert win.pages.currentWidget().objectName() != "countyPage"
    page = open_county(win, qtbot, "吴文彬")
    assert not county_item(win).isHidden()
    assert list(page.tab) == ["queue", "lists", "quarterly"]
    assert page.tabs.tabText(0) == "片长待办"
    win.ctx.session.lock()
    sign_in(win, qtbot, "林秀英")
    assert county_item(win).isHidden() and win.pages.currentWidget().objectName() == "homePage"


def test_each_role_sees_its_tabs(win: MainWindow, qtbot: QtBot) -> None:
    assert list(open_county(win, qtbot, "许雅琴").tab) == ["review"]
    page = open_county(win, qtbot, BUREAU)
    assert list(page.tab) == ["roster", "draws", "lists", "quarterly"]
    assert page.loaded == {"roster"}  # the others load when first shown
    assert page.tab["quarterly"].report is None


def test_the_area_head_assigns_a_joint_action_checked_before_saving(win: MainWindow, qtbot: QtBot,
                                                                    seeded: dict[str, Any]) -> None:
    page = open_county(win, qtbot, "吴文彬")
    queue = show(page, qtbot, "queue")
    ids = [c["id"] for c in queue.cases]
    assert seeded["escalated"] in ids
    filed = [c.get("filed_on") or "" for c in queue.cases]
    assert filed == sorted(filed)  # oldest first
    queue.table.selectRow(ids.index(seeded["escalated"]))
    queue.assign_action()
    wait_idle(qtbot)
    dialog = queue.dialog
    officers = {o["name"]: o["id"] for o in win.ctx.reader.query("SELECT id, name FROM officers")}
    dialog.set_checked([officers["黄建华"]])
    assert "两个以上部门" in dialog.problems.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.set_checked([officers["黄建华"], officers["郑国平"]], ["ecoenv"])
    text = dialog.problems.text()
    assert "郑国平" in text and "生态" in text  # expired certificate; the department named sends nobody
    dialog.set_checked([officers["黄建华"], officers["陈志明"], officers["张丽芳"]], ["ecoenv"])
    assert dialog.check() == []
    dialog.save()
    wait_idle(qtbot)
    row = win.ctx.reader.one("SELECT officers, departments FROM joint_actions WHERE case_id = ?", (seeded["escalated"],))
    assert row is not None and officers["张丽芳"] in row["officers"]


def test_review_pass_enables_the_decision_button(win: MainWindow, qtbot: QtBot, seeded: dict[str, Any]) -> None:
    page = open_county(win, qtbot, "许雅琴")
    review = show(page, qtbot, "review")
    assert seeded["review"] in [c["id"] for c in review.cases]
    win.go("case", seeded["review"])
    wait_idle(qtbot)
    case_page = win.page("case")
    assert not case_page.decision.isEnabled()
    decide = case_page.findChild(QPushButton, "action_decided")
    assert decide is not None and not decide.isEnabled()
    docs = case_page.documents
    docs.kind.setCurrentIndex(docs.kind.findData("penalty_decision"))
    assert not docs.new_button.isEnabled() and "第五十八条" in docs.new_button.toolTip()
    assert "法制审核" in case_page.decision.toolTip() and "第五十八条" in case_page.decision_note.text()
    win.go("county", "")
    review.select(seeded["review"])
    review.decide("passed")
    wait_idle(qtbot)
    assert win.ctx.reader.one("SELECT review_outcome FROM cases WHERE id = ?",
                              (seeded["review"],))["review_outcome"] == "passed"
    assert seeded["review"] not in [c["id"] for c in review.cases]
    win.go("case", seeded["review"])
    wait_idle(qtbot)
    assert case_page.decision.isEnabled() and case_page.decision_note.text() == ""
    assert case_page.findChild(QPushButton, "action_decided").isEnabled()
    case_page.documents.kind.setCurrentIndex(case_page.documents.kind.findData("penalty_decision"))
    assert case_page.documents.new_button.isEnabled()


def test_a_return_without_a_reason_is_refused_in_the_ui(win: MainWindow, qtbot: QtBot, seeded: dict[str, Any]) -> None:
    review = show(open_county(win, qtbot, "许雅琴"), qtbot, "review")
    review.select(seeded["review"])
    review.note.setText("  ")
    review.decide("returned")
    wait_idle(qtbot)
    assert "理由" in review.message.text()
    assert win.ctx.reader.one("SELECT state FROM cases WHERE id = ?", (seeded["review"],))["state"] == "legal_review"
    review.note.setText("证据不足，补充现场勘验")
    review.decide("returned")
    wait_idle(qtbot)
    row = win.ctx.reader.one("SELECT state, review_outcome FROM cases WHERE id = ?", (seeded["review"],))
    assert (row["state"], row["review_outcome"]) == ("investigating", "returned")


def test_roster_breaches_appear_in_plain_chinese(win: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    roster = show(open_county(win, qtbot, BUREAU), qtbot, "roster")
    assert roster.table.rowCount() >= 8
    lines = [roster.breach_list.item(i).text() for i in range(roster.breach_list.count())]
    assert any("大洛镇综合执法机构具备资格的行政执法人员0人，少于2人" in line for line in lines)
    csv = tmp_path / "roster.csv"
    csv.write_text("姓名,部门,执法证号,有效期至,片区,乡镇,下沉方式\n"
                   "王大力,,35279000041,2030-01-01,,大洛镇,\n"
                   "李二,market,35279000042,not-a-date,area4,,常驻\n", encoding="utf-8")
    roster.import_csv(csv)
    wait_idle(qtbot)
    assert "1" in roster.message.text() and "第3行" in roster.message.text().replace(" ", "")
    assert any(roster.table.item(r, 0).text() == "王大力" for r in range(roster.table.rowCount()))


def test_a_round_is_drawn_shown_and_verified(win: MainWindow, qtbot: QtBot) -> None:
    draws = show(open_county(win, qtbot, BUREAU), qtbot, "draws")
    assert draws.plan_table.rowCount() == 1
    draws.seed.setText("demo-seed-2026")
    draws.run_round()
    wait_idle(qtbot)
    assert "demo-seed-2026" in draws.message.text()
    assert draws.drawn.rowCount() >= 1
    assert draws.over.count() >= 1
    assert draws.draw_table.rowCount() >= 1
    draws.draw_table.selectRow(0)
    draws.verify()
    wait_idle(qtbot)
    assert "可重现" in draws.verify_label.text()


def test_a_list_is_published_and_exported(win: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    lists = show(open_county(win, qtbot, "吴文彬"), qtbot, "lists")
    assert lists.area.count() == 1
    out = tmp_path / "personnel.pdf"
    lists.publish(out)
    wait_idle(qtbot)
    assert out.read_bytes()[:4] == b"%PDF"
    assert lists.table.rowCount() == 1 and len(lists.table.item(0, 3).text()) == 64


def test_the_quarterly_chart_renders_and_exports(win: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    quarterly = show(open_county(win, qtbot, BUREAU), qtbot, "quarterly")
    assert quarterly.report is not None
    assert quarterly.areas.rowCount() == len(win.ctx.ws.jurisdiction.areas)
    chart = quarterly.chart
    assert chart.categories == [a.name for a in win.ctx.ws.jurisdiction.areas.values()]
    assert chart.bar_count() == 4 * len(chart.categories)
    (bars,) = chart.chart().series()
    assert [bars.barSets()[i].label() for i in range(bars.count())] == [name for name, _ in chart.series]
    image = chart.grab().toImage()
    assert image.width() > 200 and image.height() > 150
    blue = QColor("#1f6fb2").rgb()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert len(colours) > 3  # not a blank widget: axes, text and bars
    assert blue in colours or max(r[4] for r in quarterly.report.areas) == 0  # inspections per area, in blue
    out = tmp_path / "q.xlsx"
    quarterly.export(out)
    wait_idle(qtbot)
    assert out.exists() and "q.xlsx" in quarterly.message.text()


@pytest.fixture
def nanan_win(tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    from fieldapp.demo import build_demo

    data = tmp_path / "nanan"
    build_demo(data, "nanan", inspections=20)
    ws = Workspace.open(data)
    add_bureau_officer(ws, DEMO_PASSWORD)
    seed_county(ws)
    ws.close()
    window, ws, reader = open_window(data, "zh")
    window.show()
    yield window
    wait_idle(qtbot)
    window.close()
    tasks.wait_all()
    window.deleteLater()
    qtbot.wait(1)
    reader.close()
    ws.close()


def test_nanan_grade_chooser_offers_only_the_allowed_grades(nanan_win: MainWindow, qtbot: QtBot) -> None:
    ratings = show(open_county(nanan_win, qtbot, BUREAU), qtbot, "quarterly").ratings
    wait_idle(qtbot)
    names = [e.name for e in ratings.entries]
    assert "张丽芳" in names  # a linked officer
    row = names.index("张丽芳")
    area, grade = ratings.combos(row)

    def grades() -> list[str]:
        return [grade.itemText(i) for i in range(grade.count())]

    area.setCurrentIndex(area.findData("合格"))
    assert "好" not in grades() and "较好" in grades()
    area.setCurrentIndex(area.findData("优秀"))
    assert grades()[0] == "好"
    grade.setCurrentIndex(0)
    ratings.save()
    wait_idle(qtbot)
    row_saved = nanan_win.ctx.reader.one("SELECT area_rating, personal_grade FROM ratings WHERE officer_id = ?",
                                         (ratings.entries[row].officer_id,))
    assert (row_saved["area_rating"], row_saved["personal_grade"]) == ("优秀", "好")
    assert "1" in ratings.message.text()


def test_the_area_head_records_a_disputed_subject_and_attendance(win: MainWindow, qtbot: QtBot,
                                                                 seeded: dict[str, Any]) -> None:
    queue = show(open_county(win, qtbot, "吴文彬"), qtbot, "queue")
    ids = [c["id"] for c in queue.cases]
    queue.table.selectRow(ids.index(seeded["escalated"]))
    queue.record_dispute()
    dialog = queue.dialog
    dialog.set_claimed(["market"])
    dialog.save()
    assert "至少两个" in dialog.message.text()
    dialog.set_claimed(["market", "ecoenv"])
    dialog.determination.setCurrentIndex(dialog.determination.findData("ecoenv"))
    dialog.reference.setText("沙城管函〔2026〕12号")
    dialog.save()
    wait_idle(qtbot)
    row = win.ctx.reader.one("SELECT subject_key, subject_dispute FROM cases WHERE id = ?", (seeded["escalated"],))
    assert row["subject_key"] == "ecoenv" and "沙城管函" in row["subject_dispute"]
    queue.record_attendance()
    wait_idle(qtbot)
    sheet = queue.dialog
    officers = {o["name"]: o["id"] for o in win.ctx.reader.query("SELECT id, name FROM officers")}
    sheet.set_checked([officers["黄建华"], officers["张丽芳"]])
    sheet.save()
    wait_idle(qtbot)
    assert win.ctx.reader.one("SELECT count(*) AS n FROM attendance")["n"] == 2


def test_home_offers_the_county_page_to_county_roles_only(win: MainWindow, qtbot: QtBot) -> None:
    sign_in(win, qtbot, "林秀英")
    home = win.page("home")
    assert home.county.isHidden()
    win.ctx.session.lock()
    sign_in(win, qtbot, "许雅琴")
    assert not home.county.isHidden()
    home.county.click()
    wait_idle(qtbot)
    assert win.pages.currentWidget().objectName() == "countyPage"
