"""One editor widget per spec field type; every widget reads and writes the content value the PDF prints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.forms.spec import FieldSpec
from fieldapp.messages import Msg, get_lang

ROLE = Qt.ItemDataRole.UserRole


class FieldEditor(QObject):
    """Wraps the widget of one field: `value()`, `set_value()`, `changed`."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, widget: QWidget) -> None:
        super().__init__(widget)
        self.spec = spec
        self.widget = widget
        widget.setObjectName(f"field_{spec.key}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class LineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.edit = QLineEdit()
        super().__init__(spec, self.edit)
        hints = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DDTHH:MM", "money": "元"}
        self.edit.setPlaceholderText(spec.help or hints.get(spec.type, ""))
        self.edit.textChanged.connect(lambda _: self.changed.emit())

    def value(self) -> Any:
        text = self.edit.text().strip()
        if self.spec.type == "int" and text.lstrip("-").isdigit():
            return int(text)
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class DateEditor(FieldEditor):
    """A date or date-and-time field with a calendar popup, stored as the same ISO text ("2026-11-21",
    "2026-11-21T04:08") the spec checks and the PDF prints.

    An empty field shows a blank (the lowest date stands for "not filled"); the first click or key fills
    in now, so the calendar opens on this month rather than on 1900; × empties it again. A stored value the widget cannot
    show (typed by hand before) is kept untouched until the officer changes it.
    """

    BLANK = QDate(1900, 1, 1)

    def __init__(self, spec: FieldSpec) -> None:
        self.timed = spec.type == "datetime"
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateTimeEdit() if self.timed else QDateEdit()
        self.edit.setObjectName(f"date_{spec.key}")
        self.edit.setMinimumWidth(170)
        self.clear_button = QToolButton()
        self.clear_button.setText("×")
        self.clear_button.setToolTip(Msg("清空", "Clear", "ui.date_clear").text(get_lang()))
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.edit)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        super().__init__(spec, box)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm" if self.timed else "yyyy-MM-dd")
        self.edit.setMinimumDate(self.BLANK)
        self.edit.setSpecialValueText(" ")  # shown at the minimum: the field is empty
        self._raw: str | None = None  # a stored value that is not a date the widget can hold
        self._setting = False
        self.edit.setToolTip(spec.help)
        self.edit.dateTimeChanged.connect(self._edited)
        self.edit.installEventFilter(self)
        self.set_value(None)

    def is_blank(self) -> bool:
        return self.edit.date() == self.BLANK

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and self.is_blank() and self.edit.isEnabled() and event.type() in (
                QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
            now = QDateTime.currentDateTime()
            self.edit.setDateTime(now.addSecs(-now.time().second()))
            # A click goes on to open the calendar (now on today); a key only fills in today, so an arrow
            # does not move an empty field straight to next year.
            return event.type() == QEvent.Type.KeyPress
        return False

    def _edited(self, _: object) -> None:
        if not self._setting:
            self._raw = None
            self.changed.emit()

    def clear(self) -> None:
        self.set_value(None)

    def value(self) -> Any:
        if self._raw is not None:
            return self._raw
        if self.is_blank():
            return None
        if self.timed:
            moment = self.edit.dateTime().toPython()
            assert isinstance(moment, datetime)
            return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")
        day = self.edit.date().toPython()
        assert isinstance(day, date)
        return day.isoformat()

    def set_value(self, value: Any) -> None:
        before = self.value()
        self._setting = True
        try:
            self._raw = None
            text = "" if value is None else str(value).strip()
            parsed = _parse(text, self.timed) if text else None
            if parsed is None:
                self.edit.setDateTime(QDateTime(self.BLANK, QTime(0, 0)))
                self._raw = text or None  # kept as it was: the spec's check shows what is wrong with it
            elif isinstance(parsed, datetime):
                self.edit.setDateTime(QDateTime(QDate(parsed.year, parsed.month, parsed.day),
                                                QTime(parsed.hour, parsed.minute)))
            else:
                self.edit.setDateTime(QDateTime(QDate(parsed.year, parsed.month, parsed.day), QTime(0, 0)))
        finally:
            self._setting = False
        if self.value() != before:  # as a line edit's textChanged does: the form checks again
            self.changed.emit()


def _parse(text: str, timed: bool) -> date | datetime | None:
    try:
        if timed:
            moment = datetime.fromisoformat(text)
            return None if len(text) < 16 else moment
        return date.fromisoformat(text)
    except ValueError:
        return None


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.edit = QPlainTextEdit()
        self.edit.setMinimumHeight(90)
        super().__init__(spec, self.edit)
        self.edit.setPlaceholderText(spec.help)
        self.edit.textChanged.connect(self.changed.emit)

    def value(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.combo = QComboBox()
        super().__init__(spec, self.combo)
        self.combo.addItem("", None)
        for i, choice in enumerate(spec.choices):
            self.combo.addItem(spec.choice_labels[i] if spec.choice_labels else choice, choice)
        self.combo.currentIndexChanged.connect(lambda _: self.changed.emit())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.box = QCheckBox()
        super().__init__(spec, self.box)
        self.box.toggled.connect(lambda _: self.changed.emit())

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(value in (True, "true", "1", 1, "是"))


class OfficersEditor(FieldEditor):
    """Officers with their certificate numbers: ticked from the roster, as the record's officers by default."""

    def __init__(self, spec: FieldSpec, roster: list[dict[str, Any]]) -> None:
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        super().__init__(spec, self.list)
        self._roster = {r["id"]: r for r in roster}
        for row in roster:
            item = QListWidgetItem(f"{row['name']}  {row['cert_no']}")
            item.setData(ROLE, row["id"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _: self.changed.emit())

    def value(self) -> Any:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                row = self._roster[item.data(ROLE)]
                out.append({"id": row["id"], "name": row["name"], "cert_no": row["cert_no"]})
        return out

    def set_value(self, value: Any) -> None:
        ids = {o.get("id") for o in value or [] if isinstance(o, dict)}
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(ROLE) in ids else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)


class TableEditor(FieldEditor):
    """问/答 pairs (qa) or an item list (items) as rows that can be added and removed."""

    def __init__(self, spec: FieldSpec) -> None:
        box = QWidget()
        super().__init__(spec, box)
        self.keys = ["q", "a"] if spec.type == "qa" else [c.key for c in spec.columns]
        labels = [self.tr("Question"), self.tr("Answer")] if spec.type == "qa" else [c.label for c in spec.columns]
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.keys))
        self.table.setHorizontalHeaderLabels(labels)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        self.table.itemChanged.connect(lambda _: self.changed.emit())
        layout.addWidget(self.table)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add row"))
        add.clicked.connect(self.add_row)
        remove = QPushButton(self.tr("Remove row"))
        remove.clicked.connect(self.remove_row)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        self._buttons = (add, remove)

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def value(self) -> Any:
        out = []
        for r in range(self.table.rowCount()):
            item = {k: _text(self.table.item(r, c)) for c, k in enumerate(self.keys)}
            if any(item.values()):
                out.append(item)
        return out

    def set_value(self, value: Any) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for entry in value or []:
            if not isinstance(entry, dict):
                continue
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, k in enumerate(self.keys):
                self.table.setItem(r, c, QTableWidgetItem(str(entry.get(k, "") or "")))
        self.table.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEnabled(not read_only)
        for b in self._buttons:
            b.setEnabled(not read_only)


class PhotosEditor(FieldEditor):
    """The record's photos, as the evidence gallery holds them (captions are edited there)."""

    def __init__(self, spec: FieldSpec) -> None:
        self.label = QLabel()
        self.label.setWordWrap(True)
        super().__init__(spec, self.label)
        self._value: list[Any] = []

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = list(value or [])
        captions = [str(p.get("caption") or p.get("sha256", "")[:10]) for p in self._value if isinstance(p, dict)]
        self.label.setText(self.tr("{n} photo(s) from the record: {captions}").format(
            n=len(self._value), captions="、".join(captions[:8])))


def _text(item: QTableWidgetItem | None) -> str:
    return item.text().strip() if item is not None else ""


def editor_for(spec: FieldSpec, roster: list[dict[str, Any]]) -> FieldEditor:
    if spec.type == "multiline":
        return TextEditor(spec)
    if spec.type == "choice":
        return ChoiceEditor(spec)
    if spec.type == "bool":
        return BoolEditor(spec)
    if spec.type == "officers":
        return OfficersEditor(spec, roster)
    if spec.type in ("qa", "items"):
        return TableEditor(spec)
    if spec.type == "photos":
        return PhotosEditor(spec)
    if spec.type in ("date", "datetime"):
        return DateEditor(spec)
    return LineEditor(spec)
