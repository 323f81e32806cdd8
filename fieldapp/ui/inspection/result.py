"""The result of the visit: compliant, order to correct, on-the-spot penalty (within §51's limit), or open a case."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.jurisdiction import Rules
from fieldapp.messages import Msg, get_lang
from fieldapp.rules.penalty import on_the_spot_allowed


def amount_of(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace("元", "").replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class ResultBox(QWidget):
    changed = Signal()

    def __init__(self, rules: Rules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rules = rules
        self.party_kind = "organisation"
        self.read_only = False
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for key, label in (("compliant", self.tr("Compliant")), ("order_to_correct", self.tr("Order to correct")),
                           ("on_the_spot_penalty", self.tr("On-the-spot penalty")), ("open_case", self.tr("Open a case"))):
            button = QRadioButton(label)
            button.setObjectName(f"result_{key}")
            button.toggled.connect(self._toggled)
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.penalty_row = QWidget()
        pr = QHBoxLayout(self.penalty_row)
        pr.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        self.kind.setObjectName("penaltyKind")
        self.kind.addItem(self.tr("Fine"), "fine")
        self.kind.addItem(self.tr("Warning"), "warning")
        self.kind.currentIndexChanged.connect(lambda _: self._update())
        self.amount = QLineEdit()
        self.amount.setObjectName("penaltyAmount")
        self.amount.setPlaceholderText(self.tr("Amount in yuan"))
        self.amount.textChanged.connect(lambda _: self._update())
        pr.addWidget(QLabel(self.tr("Penalty")))
        pr.addWidget(self.kind)
        pr.addWidget(self.amount)
        pr.addStretch(1)
        layout.addWidget(self.penalty_row)
        self.verdict = QLabel()
        self.verdict.setObjectName("penaltyVerdict")
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self._update()

    def _toggled(self, on: bool) -> None:
        if on:
            self._update()

    def result(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_result(self, result: str | None) -> None:
        if result in self.buttons:
            self.buttons[result].setChecked(True)
        else:
            self.group.setExclusive(False)
            for b in self.buttons.values():
                b.setChecked(False)
            self.group.setExclusive(True)
        self._update()

    def set_party_kind(self, kind: str | None) -> None:
        self.party_kind = kind or "organisation"
        self._update()

    def penalty(self) -> tuple[str, Decimal | None]:
        return str(self.kind.currentData()), amount_of(self.amount.text())

    def problem(self) -> Msg | None:
        """Why the chosen result cannot stand (an on-the-spot fine over the limit), or None."""
        if self.result() != "on_the_spot_penalty":
            return None
        kind, amount = self.penalty()
        if kind == "fine" and amount is None:
            return Msg("请填写罚款金额（元）。", "Type the fine in yuan.", "amount_missing")
        verdict = on_the_spot_allowed(self.rules, "person" if self.party_kind == "person" else "organisation",
                                      "warning" if kind == "warning" else "fine", amount or 0)
        return None if verdict.ok else verdict.msg

    def _update(self) -> None:
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        """Show what the chosen result means; no `changed` (becoming read-only is not an edit)."""
        spot = self.result() == "on_the_spot_penalty"
        self.penalty_row.setVisible(spot)
        self.amount.setEnabled(self.kind.currentData() == "fine" and not self.read_only)
        # A final record does not keep the amount here (it is on the on-the-spot decision document), so a
        # read-only box must not ask for it.
        problem = None if self.read_only else self.problem()
        if self.read_only:
            self.verdict.clear()
        elif problem is not None:
            extra = self.tr(" Choose \"Open a case\" for the general procedure.") \
                if problem.code == "penalty.spot.too_high" else ""
            self.verdict.setText(problem.text(get_lang()) + extra)
            self.verdict.setStyleSheet("color: #b00020;")
        elif spot:
            kind, amount = self.penalty()
            verdict = on_the_spot_allowed(self.rules, "person" if self.party_kind == "person" else "organisation",
                                          "warning" if kind == "warning" else "fine", amount or 0)
            self.verdict.setText(verdict.msg.text(get_lang()))
            self.verdict.setStyleSheet("color: #1b5e20;")
        else:
            self.verdict.clear()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for w in (*self.buttons.values(), self.kind, self.amount):
            w.setEnabled(not read_only)
        self._refresh()
