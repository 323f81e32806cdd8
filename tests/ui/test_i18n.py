"""Chinese by default through Qt translations (ours and Qt's own dialogs); English selectable."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from fieldapp.resources import resource_path
from fieldapp.ui import i18n, tasks
from fieldapp.ui.app import open_window
from fieldapp.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = resource_path("i18n", "fieldapp_zh_CN.ts")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            out.append((name, m.findtext("source") or "", m.find("translation")))  # type: ignore[arg-type]
    return out


def test_every_string_has_a_chinese_translation() -> None:
    unfinished = [src for _, src, tr in messages(TS) if tr.get("type") == "unfinished" or not (tr.text or "").strip()]
    assert unfinished == []


def test_the_ts_file_holds_every_string_in_the_source(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "fieldapp" / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(c, s) for c, s, _ in messages(fresh)}
    have = {(c, s) for c, s, _ in messages(TS)}
    assert wanted - have == set(), "run the lupdate command in docs/desktop.md and translate the new strings"


def test_the_compiled_qm_matches_the_ts() -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("i18n", "fieldapp_zh_CN.qm")))
    stale = [src for ctx, src, tr in messages(TS) if translator.translate(ctx, src) != (tr.text or "")]
    assert stale == [], "recompile: pyside6-lrelease resources/i18n/fieldapp_zh_CN.ts"


def test_chinese_is_the_default_with_qts_own_dialogs(window: MainWindow) -> None:
    assert window.nav.item(0).text() == "首页"
    assert window.signin.button.text() == "登录"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_english_can_be_chosen(demo_dir: Path, qtbot: QtBot) -> None:
    from fieldapp.ui.settings import UiSettings

    UiSettings(demo_dir).lang = "en"
    win, ws, reader = open_window(demo_dir, "zh")
    try:
        assert win.nav.item(0).text() == "Home"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        qtbot.waitUntil(lambda: tasks.running() == 0)
        win.close()
        win.deleteLater()
        reader.close()
        ws.close()
        i18n.install(QCoreApplication.instance(), "zh")  # type: ignore[arg-type]


def test_lrelease_is_available_to_rebuild_the_qm() -> None:
    assert shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))


def test_the_language_button_saves_the_choice(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox, QPushButton

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.findChild(QPushButton, "switchLanguage").click()
    assert window.ctx.settings.lang == "en"
