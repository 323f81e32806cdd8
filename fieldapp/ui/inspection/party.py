"""Pick or register the party: search by a piece of the name, the 统一社会信用代码 or the ID number."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.ids import check_citizen_id, check_uscc
from fieldapp.messages import FieldappError, get_lang
from fieldapp.store import parties
from fieldapp.ui.context import AppContext
from fieldapp.ui.errors import show_error
from fieldapp.ui.tasks import Op

ROLE = Qt.ItemDataRole.UserRole


def id_note(text: str) -> tuple[str, str]:
    """("warn"|"reject"|"ok"|"", message) for an 18-character code typed in a search or form field."""
    value = text.strip().upper()
    if len(value) != 18:
        return "", ""
    rank = {"ok": 0, "warn": 1, "reject": 2}
    checks = [check_uscc(value), check_citizen_id(value)]  # the one that fits better is the one meant
    if value[:17].isdigit():
        checks.reverse()
    check = min(checks, key=lambda c: rank[c.status])
    return check.status, check.msg.text(get_lang()) if check.msg else ""


def describe(party: dict[str, Any]) -> str:
    code = party.get("uscc") or party.get("id_number") or ""
    return f"{party['name']}  {code}  {party.get('address') or ''}".strip()


class PartyPicker(QWidget):
    chosen = Signal(object)  # the party row, or None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.party: dict[str, Any] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        layout = QVBoxLayout(self)
        self.search_row = QWidget()
        row = QHBoxLayout(self.search_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("partySearch")
        self.search.setPlaceholderText(self.tr("Name, unified social credit code or ID number"))
        self.search.textChanged.connect(lambda _: self._timer.start())
        row.addWidget(self.search, 1)
        new = QPushButton(self.tr("Register a new party…"))
        new.setObjectName("partyNew")
        new.clicked.connect(self.register)
        row.addWidget(new)
        layout.addWidget(self.search_row)
        self.note = QLabel()
        self.note.setObjectName("partySearchNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.results = QListWidget()
        self.results.setObjectName("partyResults")
        self.results.setMaximumHeight(130)
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        layout.addWidget(self.results)
        self.current = QLabel()
        self.current.setObjectName("partyCurrent")
        self.current.setWordWrap(True)
        self.current.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.current)
        self._timer.timeout.connect(self.run_search)
        self.set_party(None)

    def run_search(self) -> None:
        text = self.search.text()
        status, message = id_note(text)
        self.note.setText(message)
        self.note.setStyleSheet("color: #b00020;" if status in ("warn", "reject") else "")
        found = parties.search(self.ctx.reader.as_store(), text, limit=30) if text.strip() else []
        self.results.clear()
        for party in found:
            item = QListWidgetItem(describe(party))
            item.setData(ROLE, party)
            self.results.addItem(item)
        if text.strip() and not found:
            item = QListWidgetItem(self.tr("No party found: register a new one."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)

    def _pick(self, item: QListWidgetItem) -> None:
        party = item.data(ROLE)
        if party:
            self.set_party(party)

    def set_party(self, party: dict[str, Any] | None) -> None:
        self.party = party
        if party is None:
            self.current.setText(self.tr("No party chosen yet."))
        else:
            warn = f"  ⚠ {party['id_warning']}" if party.get("id_warning") else ""
            self.current.setText(self.tr("Party: {party}").format(party=describe(party)) + warn)
        self.chosen.emit(party)

    def set_party_id(self, party_id: str | None) -> None:
        row = self.ctx.reader.one("SELECT * FROM parties WHERE id = ?", (party_id,)) if party_id else None
        self.set_party(row)

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.search_row, self.note, self.results):
            w.setVisible(not read_only)

    def register(self) -> None:
        dialog = PartyDialog(self.ctx, self)
        text = self.search.text().strip()
        if text:
            if id_note(text)[0] or text[:1].isdigit():
                (dialog.id_number if text[:17].isdigit() else dialog.uscc).setText(text)
            else:
                dialog.name.setText(text)
        dialog.saved.connect(self.set_party)
        dialog.open()


class PartyDialog(QDialog):
    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("partyDialog")
        self.setWindowTitle(self.tr("Register a party"))
        form = QFormLayout(self)
        kinds = QHBoxLayout()
        self.org = QRadioButton(self.tr("Organisation or business"))
        self.person = QRadioButton(self.tr("Citizen"))
        self.org.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.org, self.person):
            group.addButton(b)
            kinds.addWidget(b)
        form.addRow(self.tr("Kind"), kinds)
        self.name = QLineEdit()
        self.name.setObjectName("partyName")
        self.uscc = QLineEdit()
        self.uscc.setObjectName("partyUscc")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("partyIdNumber")
        self.legal_rep = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Unified social credit code"), self.uscc)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Legal representative"), self.legal_rep)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Phone"), self.phone)
        self.note = QLabel()
        self.note.setObjectName("partyNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b00020;")
        form.addRow(self.note)
        for edit in (self.uscc, self.id_number):
            edit.textChanged.connect(self._check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: self.save(False))
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        notes = [m for _, m in (id_note(self.uscc.text()), id_note(self.id_number.text())) if m]
        self.note.setText("\n".join(notes))

    def values(self) -> parties.PartyInput:
        return parties.PartyInput(
            kind="organisation" if self.org.isChecked() else "person", name=self.name.text(),
            uscc=self.uscc.text() or None, id_number=self.id_number.text() or None,
            legal_rep=self.legal_rep.text() or None, address=self.address.text() or None,
            phone=self.phone.text() or None, township=self.ctx.ws.township)

    def save(self, accept_warnings: bool) -> None:
        inp, store, actor = self.values(), self.ctx.ws.store, self.ctx.actor

        def work(job: object) -> dict[str, Any]:
            party_id, _ = parties.add_party(store, inp, accept_warnings=accept_warnings, actor=actor)
            row = parties.get_party(store, party_id)
            assert row is not None
            return row

        Op(work).success(self._saved).failure(self._failed).run(self)

    def _saved(self, row: dict[str, Any]) -> None:
        self.ctx.changed.emit("party")
        self.saved.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, FieldappError) and exc.msg.code == "party_id_warning":
            answer = QMessageBox.question(self, self.tr("Check the number"), self.tr(
                "{problem}\n\nSave anyway? Only do this after checking the licence or ID card: some real "
                "numbers are irregular.").format(problem=self.note.text() or str(exc)))
            if answer == QMessageBox.StandardButton.Yes:
                self.save(True)
            return
        show_error(self, exc)
