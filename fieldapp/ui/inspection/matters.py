"""Matters from several categories (综合查一次), each with its finding and the enforcement subject the rules give."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.messages import FieldappError, get_lang
from fieldapp.store.inspections import MatterFinding
from fieldapp.workspace import Workspace

ROLE = Qt.ItemDataRole.UserRole


class MatterPicker(QWidget):
    """A tree of categories and matters with check boxes, and a findings table for the checked ones."""

    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.township = ws.township or next(iter(ws.jurisdiction.townships))
        self.on = date.today()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("matterFilter")
        self.filter.setPlaceholderText(self.tr("Filter matters"))
        self.filter.textChanged.connect(self._filter)
        left.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("matterTree")
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(320)
        by_cat: dict[str, list[tuple[str, str]]] = {}
        for m in ws.catalogue.matters.values():
            by_cat.setdefault(m.category, []).append((m.code, m.name))
        self._groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for category in sorted(by_cat):
            parent_item = QTreeWidgetItem([category])
            leaves: list[QTreeWidgetItem] = []
            parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for code, name in by_cat[category]:
                child = QTreeWidgetItem([name])
                child.setData(0, ROLE, code)
                child.setToolTip(0, f"{code} {name}")
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Unchecked)
                parent_item.addChild(child)
                leaves.append(child)
            self.tree.addTopLevelItem(parent_item)
            self._groups.append((parent_item, leaves))
        self.tree.expandAll()
        self.tree.itemChanged.connect(self._toggled)
        left.addWidget(self.tree)
        layout.addLayout(left, 2)
        right = QVBoxLayout()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("findingsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Matter"), self.tr("Enforcement subject"),
                                              self.tr("Result"), self.tr("Finding")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((200, 170, 90)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().hide()
        right.addWidget(self.table)
        self.subjects = QLabel()
        self.subjects.setObjectName("subjectsLabel")
        self.subjects.setWordWrap(True)
        right.addWidget(self.subjects)
        layout.addLayout(right, 3)
        self._codes: list[str] = []
        self._cells: list[tuple[QTableWidgetItem, QTableWidgetItem, QComboBox]] = []  # subject, finding, result

    # -- check boxes ---------------------------------------------------------------------------------
    def _items(self) -> list[QTreeWidgetItem]:
        return [leaf for _, leaves in self._groups for leaf in leaves]

    def _filter(self, text: str) -> None:
        for top, leaves in self._groups:
            visible = 0
            for child in leaves:
                hide = bool(text) and text not in child.text(0) and text not in str(child.data(0, ROLE))
                child.setHidden(hide)
                visible += not hide
            top.setHidden(visible == 0)

    def _toggled(self, item: QTreeWidgetItem, column: int) -> None:
        code = item.data(0, ROLE)
        if not code:
            return
        checked = item.checkState(0) == Qt.CheckState.Checked
        if checked and code not in self._codes:
            self._add_row(code, None, "")
        elif not checked and code in self._codes:
            row = self._codes.index(code)
            self._codes.pop(row)
            self._cells.pop(row)
            self.table.removeRow(row)
        self.refresh_subjects()
        self.changed.emit()

    def _add_row(self, code: str, compliant: bool | None, finding: str) -> None:
        row = self.table.rowCount()
        self._codes.append(code)
        self.table.insertRow(row)
        name = QTableWidgetItem(self.ws.matter(code).name)
        name.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 0, name)
        subject = QTableWidgetItem("")
        subject.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 1, subject)
        combo = QComboBox()
        combo.addItem(self.tr("Not yet checked"), None)
        combo.addItem(self.tr("Compliant"), True)
        combo.addItem(self.tr("Not compliant"), False)
        combo.setCurrentIndex(0 if compliant is None else 1 if compliant else 2)
        combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.table.setCellWidget(row, 2, combo)
        finding_item = QTableWidgetItem(finding)
        self.table.setItem(row, 3, finding_item)
        self._cells.append((subject, finding_item, combo))

    # -- values --------------------------------------------------------------------------------------
    def set_context(self, township: str, on: date) -> None:
        self.township, self.on = township, on
        self.refresh_subjects()

    def refresh_subjects(self) -> None:
        """Who acts for each matter on this date here (delegated → the township, else the department)."""
        groups: dict[str, list[str]] = {}
        for row, code in enumerate(self._codes):
            try:
                s = self.ws.subject_for(code, self.township, self.on)
            except FieldappError as exc:
                self._cells[row][0].setText(str(exc))
                continue
            self._cells[row][0].setText(s.full_name)
            self._cells[row][0].setToolTip(s.reason.text(get_lang()))
            groups.setdefault(s.full_name, []).append(self.ws.matter(code).name)
        if len(groups) > 1:
            text = self.tr("These matters belong to {n} enforcement subjects; each document is issued in the name "
                           "of its own subject:").format(n=len(groups))
            text += "\n" + "\n".join(f"• {name}: {'、'.join(ms)}" for name, ms in groups.items())
        elif groups:
            text = self.tr("Enforcement subject: {name}").format(name=next(iter(groups)))
        else:
            text = self.tr("Tick the matters checked on this visit (several categories may be combined).")
        self.subjects.setText(text)

    def findings(self) -> list[MatterFinding]:
        out = []
        for code, (_, finding, combo) in zip(self._codes, self._cells, strict=True):
            out.append(MatterFinding(code, finding.text().strip(), combo.currentData()))
        return out

    def set_findings(self, findings: list[MatterFinding]) -> None:
        self.tree.blockSignals(True)
        self.table.setRowCount(0)
        self._codes = []
        self._cells = []
        wanted = {f.code for f in findings}
        for item in self._items():
            item.setCheckState(0, Qt.CheckState.Checked if item.data(0, ROLE) in wanted else Qt.CheckState.Unchecked)
        self.tree.blockSignals(False)
        for f in findings:
            self._add_row(f.code, f.compliant, f.finding)
        self.refresh_subjects()

    def check(self, code: str, on: bool = True) -> None:
        for item in self._items():
            if item.data(0, ROLE) == code:
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_result(self, code: str, compliant: bool | None, finding: str) -> None:
        _, finding_item, combo = self._cells[self._codes.index(code)]
        combo.setCurrentIndex(0 if compliant is None else 1 if compliant else 2)
        finding_item.setText(finding)

    def set_read_only(self, read_only: bool) -> None:
        self.tree.setEnabled(not read_only)
        self.filter.setEnabled(not read_only)
        self.table.setEnabled(not read_only)
