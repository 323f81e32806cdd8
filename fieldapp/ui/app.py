"""Desktop entry point. The full officer workflow is issue 5; this window shows
the store (home counts, inspections, cases) so the run command opens something real."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp import __version__
from fieldapp.messages import FieldappError
from fieldapp.store import cases, inspections
from fieldapp.workspace import Workspace


def _table(rows: list[dict[str, object]], columns: list[tuple[str, str]]) -> QTableWidget:
    widget = QTableWidget(len(rows), len(columns))
    widget.setHorizontalHeaderLabels([h for _, h in columns])
    for r, row in enumerate(rows):
        for c, (key, _) in enumerate(columns):
            value = row.get(key)
            widget.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    widget.resizeColumnsToContents()
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return widget


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        town = ws.township or ""
        self.setWindowTitle(f"片区联合执法 · {ws.jurisdiction.full_name} {town} — fieldapp {__version__}")
        tabs = QTabWidget()
        home = QWidget()
        layout = QVBoxLayout(home)
        area = ws.jurisdiction.area_of(town) if town else None
        counts = {r["k"]: r["n"] for r in ws.store.query(
            "SELECT 'insp' AS k, count(*) AS n FROM inspections UNION ALL SELECT 'cases', count(*) FROM cases"
            " UNION ALL SELECT 'outbox', count(*) FROM outbox WHERE status = 'pending'")}
        layout.addWidget(QLabel(f"<h2>{ws.jurisdiction.full_name} {town}</h2>"))
        if area is not None:
            head = ws.jurisdiction.departments[area.head_department].name
            layout.addWidget(QLabel(f"所属片区：{area.name}　片长单位：{head}　驻点：{area.station or '无'}"))
        layout.addWidget(QLabel(f"检查记录 {counts.get('insp', 0)} 条　案件 {counts.get('cases', 0)} 件　"
                                f"待同步 {counts.get('outbox', 0)} 条"))
        layout.addStretch(1)
        tabs.addTab(home, "首页")
        tabs.addTab(_table(inspections.list_inspections(ws.store, limit=200),
                           [("started_at", "检查时间"), ("township", "乡镇"), ("party_name", "当事人"),
                            ("place", "地点"), ("status", "状态"), ("result", "结果")]), "检查")
        tabs.addTab(_table(cases.list_cases(ws.store, limit=200),
                           [("created_at", "创建"), ("title", "案由"), ("party_name", "当事人"), ("state", "状态"),
                            ("subject_name", "执法主体")]), "案件")
        self.setCentralWidget(tabs)
        self.resize(1100, 700)


def run(data_dir: Path, lang: str = "zh", screenshot_dir: Path | None = None) -> int:
    if screenshot_dir is not None and not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        ws = Workspace.open(data_dir)
    except FieldappError as exc:
        QMessageBox.critical(None, "fieldapp", str(exc))
        return 1
    window = MainWindow(ws)
    window.show()
    if screenshot_dir is not None:
        screenshot_dir.mkdir(parents=True, exist_ok=True)

        def shoot() -> None:
            window.grab().save(str(screenshot_dir / "main.png"))
            print(f"screenshot: {screenshot_dir / 'main.png'}")
            app.quit()

        QTimer.singleShot(500, shoot)
    code = app.exec()
    ws.close()
    return int(code)
