"""A case: its facts and deadlines, the next lawful actions as buttons, Area head and legal review, timeline,
documents and photos."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp import casework, queries
from fieldapp.messages import Msg, get_lang
from fieldapp.rules import deadlines
from fieldapp.rules.case_flow import TERMINAL, CaseState, next_actions
from fieldapp.rules.penalty import Verdict
from fieldapp.store.cases import get_case
from fieldapp.ui.context import AppContext
from fieldapp.ui.county.source import decision_verdict, has_records, records
from fieldapp.ui.documents.panel import DocumentsPanel
from fieldapp.ui.errors import show_text
from fieldapp.ui.inspection.result import amount_of
from fieldapp.ui.photos.gallery import Gallery
from fieldapp.ui.tasks import Job, Op


def fine_of(text: str) -> tuple[Msg | None, int | None]:
    """The proposed fine typed in yuan ("3000", "3,000", "3000元"), parsed as the inspection result parses
    amounts. The case keeps whole yuan, so "3000.50" is refused with the reason rather than silently
    recorded as a warning with no fine."""
    amount = amount_of(text)
    if amount is None or amount <= 0:
        return Msg(f"罚款金额“{text}”无效：请填写大于零的金额（元），如 3000。",
                   f"The fine '{text}' is not valid: type an amount in yuan above zero, e.g. 3000.",
                   "fine.invalid", {"text": text}), None
    if amount != amount.to_integral_value():
        return Msg(f"罚款金额“{text}”须为整数元（拟处罚款按元记录），如 {int(amount)} 或 {int(amount) + 1}。",
                   f"The fine '{text}' must be whole yuan (the proposed fine is kept in yuan), e.g. {int(amount)} "
                   f"or {int(amount) + 1}.", "fine.not_whole", {"text": text}), None
    return None, int(amount)


ASK_REASON = {CaseState.REFERRED, CaseState.CANCELLED, CaseState.INVESTIGATING}
DECISION = "penalty_decision"


class CasePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("casePage")
        self.case: dict[str, Any] | None = None
        outer = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        outer.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setObjectName("caseFacts")
        self.facts.setWordWrap(True)
        outer.addWidget(self.facts)
        self.action_row = QHBoxLayout()
        outer.addLayout(self.action_row)
        penalty = QHBoxLayout()
        self.fine = QLineEdit()
        self.fine.setObjectName("proposedFine")
        self.fine.setPlaceholderText(self.tr("Proposed fine in yuan"))
        self.fine.setMaximumWidth(200)
        self.propose = QPushButton(self.tr("Record the proposed penalty"))
        self.propose.setObjectName("proposePenalty")
        self.propose.clicked.connect(self.propose_penalty)
        penalty.addWidget(self.fine)
        penalty.addWidget(self.propose)
        self.decision = QPushButton(self.tr("Penalty decision document…"))
        self.decision.setObjectName("decisionDocument")
        self.decision.setEnabled(False)
        self.decision.clicked.connect(self.new_decision)
        penalty.addWidget(self.decision)
        self.decision_note = QLabel()
        self.decision_note.setObjectName("decisionNote")
        self.decision_note.setWordWrap(True)
        self.decision_note.setStyleSheet("color: #b00020;")
        penalty.addWidget(self.decision_note, 1)
        outer.addLayout(penalty)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.timeline = QTableWidget(0, 5)
        self.timeline.setObjectName("caseTimeline")
        self.timeline.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Officer"), self.tr("Record"),
                                                 self.tr("What"), self.tr("Detail")])
        self.timeline.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.timeline.setMinimumHeight(220)
        self.documents = DocumentsPanel(ctx, "case")
        self.gallery = Gallery(ctx)
        for title, widget in ((self.tr("Documents"), self.documents),
                              (self.tr("Timeline (every change, document and photo)"), self.timeline),
                              (self.tr("Photos"), self.gallery)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            layout.addWidget(box)
        ctx.changed.connect(self._changed)

    def _changed(self, kind: str) -> None:
        if self.case is not None and kind in ("case", "document", "evidence", "*", "sync"):
            self.load(str(self.case["id"]))

    # -- showing -------------------------------------------------------------------------------------
    def load(self, case_id: str) -> None:
        case = get_case(self.ctx.reader.as_store(), case_id)
        if case is None:
            return
        first = self.case is None or self.case["id"] != case_id
        self.case = case
        state = CaseState(case["state"])
        party = case.get("party") or {}
        self.title.setText(f"{case['title']} — {state.label()}")
        lines = [self.tr("Party: {name}").format(name=party.get("name") or "—"),
                 self.tr("Enforcement subject: {name}").format(name=case["subject_name"] or self.tr("set at filing")),
                 self.tr("Accepted {a}, filed {f}, decided {d}, served {s}").format(
                     a=case["accepted_on"] or "—", f=case["filed_on"] or "—", d=case["decided_on"] or "—",
                     s=case["served_on"] or "—")]
        lines += self._deadlines(case)
        if case["escalated"]:
            lines.append(self.tr("Escalated to the area head (片长)."))
        if case["review_required"]:
            outcome = {"passed": self.tr("passed"), "returned": self.tr("returned for more investigation")}
            lines.append(self.tr("Legal review required: {outcome}").format(
                outcome=outcome.get(case["review_outcome"], self.tr("not yet reviewed"))))
        if case["proposed_fine"]:
            lines.append(self.tr("Proposed fine: {fine} yuan").format(fine=case["proposed_fine"]))
        self.facts.setText("\n".join(lines))
        self._buttons(case, state)
        self._timeline(case_id)
        if first:
            self.documents.set_record(case_id)
            self.gallery.set_target(case_id=case_id)
        self._decision_gate(case)

    def _decision_gate(self, case: dict[str, Any]) -> None:
        """The decision document waits for legal review when it is required (行政处罚法第五十八条)."""
        self.decision.setEnabled(False)
        ws = self.ctx.ws
        Op(lambda job: decision_verdict(ws, case)).success(lambda v: self._show_gate(str(case["id"]), v)).run(self)

    def new_decision(self) -> None:
        self.documents.new_document(DECISION)

    def _show_gate(self, case_id: str, verdict: Verdict) -> None:
        if self.case is None or self.case["id"] != case_id:
            return
        # The core's own verdict (records.can_issue_decision, which issue_document enforces): before the
        # prior notice (告知) and before a required legal review passes, the reason stands beside the button.
        reason = "" if verdict.ok else verdict.msg.text(get_lang())
        self.decision.setEnabled(verdict.ok)
        self.decision.setToolTip(reason)
        self.decision_note.setText(reason)
        self.documents.block(DECISION, reason or None)
        decide = self.findChild(QPushButton, "action_decided")
        if decide is not None:
            decide.setEnabled(verdict.ok)
            decide.setToolTip(reason)

    def _deadlines(self, case: dict[str, Any]) -> list[str]:
        out, today = [], date.today()
        if case["state"] == "decided" and case["decided_on"]:
            due = deadlines.service_deadline(date.fromisoformat(case["decided_on"])).due
            out.append(self.tr("Serve the decision by {due} ({n} days left, 7 working days).").format(
                due=due.isoformat(), n=(due - today).days))
        if case["filed_on"] and case["state"] in ("filed", "investigating", "notified", "legal_review"):
            due = deadlines.decision_deadline(date.fromisoformat(case["filed_on"])).due
            out.append(self.tr("Decide by {due} ({n} days left, 90 days from filing).").format(
                due=due.isoformat(), n=(due - today).days))
        return out

    def _clear_buttons(self) -> None:
        while self.action_row.count():
            item = self.action_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # type: ignore[call-overload]
                widget.deleteLater()

    def _buttons(self, case: dict[str, Any], state: CaseState) -> None:
        self._clear_buttons()
        for action in next_actions(state, review_required=bool(case["review_required"])):
            button = QPushButton(action.label())
            button.setObjectName(f"action_{action.target.value}")
            button.clicked.connect(lambda _=False, t=action.target: self.transition(t))
            self.action_row.addWidget(button)
        if state not in TERMINAL and not case["escalated"]:
            button = QPushButton(self.tr("Escalate to the area head…"))
            button.setObjectName("escalate")
            button.clicked.connect(self.escalate)
            self.action_row.addWidget(button)
        officer = self.ctx.session.officer or {}
        if state is CaseState.LEGAL_REVIEW and "legal_reviewer" in (officer.get("roles") or []):
            for outcome, label in (("passed", self.tr("Review: pass")), ("returned", self.tr("Review: return"))):
                button = QPushButton(label)
                button.setObjectName(f"review_{outcome}")
                button.clicked.connect(lambda _=False, o=outcome: self.review(o))
                self.action_row.addWidget(button)
        self.action_row.addStretch(1)
        self.propose.setEnabled(state in (CaseState.FILED, CaseState.INVESTIGATING, CaseState.NOTIFIED))

    def _timeline(self, case_id: str) -> None:
        rows = queries.timeline(self.ctx.reader, case_id=case_id)
        entity = {"case": self.tr("case"), "inspection": self.tr("inspection"), "document": self.tr("document"),
                  "evidence": self.tr("photo")}
        self.timeline.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row["ts"][:16].replace("T", " "), row["officer"] or "", entity.get(row["entity"], row["entity"]),
                      self._action_label(row["action"]), self._detail(row["entity"], row["after"])]
            for c, value in enumerate(values):
                self.timeline.setItem(r, c, QTableWidgetItem(value))
        self.timeline.resizeColumnsToContents()

    def _detail(self, entity: str, after: dict[str, Any]) -> str:
        """What the record said after the change, in words."""
        from fieldapp.forms.spec import all_specs

        if entity == "case":
            state = str(after.get("state") or "")
            label = CaseState(state).label() if state in CaseState._value2member_map_ else ""
            return f"{label} {after.get('title') or ''}".strip()
        if entity == "document":
            titles = {s.code: s.title for s in all_specs().values()}
            return " ".join(str(x) for x in (titles.get(after.get("doc_type", ""), after.get("doc_type")),
                                               after.get("number")) if x)
        if entity == "evidence":
            return " ".join(str(x) for x in (after.get("caption"), str(after.get("sha256") or "")[:12]) if x)
        if entity == "inspection":
            return str(after.get("place") or "")
        return ""

    def _action_label(self, action: str) -> str:
        """An audit action in words ("state:filed" → 立案)."""
        head, _, rest = action.partition(":")
        if head == "state" and rest in CaseState._value2member_map_:
            return CaseState(rest).label()
        words = {"create": self.tr("created"), "edit": self.tr("edited"), "finalize": self.tr("finalized"),
                 "void": self.tr("voided"), "issue": self.tr("issued"), "print": self.tr("printed"),
                 "superseded": self.tr("superseded"), "escalate": self.tr("escalated to the area head"),
                 "review": self.tr("legal review"), "propose_penalty": self.tr("penalty proposed"),
                 "import": self.tr("photo added"), "link": self.tr("photo added"), "caption": self.tr("caption edited"),
                 "unlink": self.tr("photo removed"), "link_case": self.tr("case opened")}
        word = words.get(head, action)
        return f"{word}：{rest.strip()}" if rest and head in ("review", "print", "unlink") else word

    # -- actions -------------------------------------------------------------------------------------
    def _run(self, fn: Any) -> None:
        assert self.case is not None
        Op(fn).success(self._done).run(self)

    def _done(self, _: object) -> None:
        assert self.case is not None
        self.ctx.changed.emit("case")
        self.load(str(self.case["id"]))

    def _reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, self.tr("Reason (it is kept in the record):"))
        return text.strip() if ok and text.strip() else None

    def transition(self, target: CaseState) -> None:
        assert self.case is not None
        reason = ""
        if target in ASK_REASON:
            got = self._reason(target.label())
            if got is None:
                return
            reason = got
        ws, actor, case_id = self.ctx.ws, self.ctx.actor, self.case["id"]
        self._run(lambda job: casework.transition(ws, case_id, target.value, reason=reason, actor=actor))

    def escalate(self) -> None:
        assert self.case is not None
        reason = self._reason(self.tr("Escalate to the area head"))
        if reason is None:
            return
        ws, actor, case_id = self.ctx.ws, self.ctx.actor, self.case["id"]
        self._run(lambda job: casework.escalate(ws, case_id, reason, actor=actor))

    def review(self, outcome: str) -> None:
        assert self.case is not None
        note = self._reason(self.tr("Legal review")) or ""
        if outcome == "returned" and not note:
            show_text(self, self.tr("A returned case needs the reason."))
            return
        ws, actor, case_id = self.ctx.ws, self.ctx.actor, self.case["id"]
        if has_records():
            self._run(lambda job: records().review(ws, case_id, outcome, note, actor, date.today()))
        else:
            self._run(lambda job: casework.record_review(ws, case_id, outcome, note, actor=actor))

    def propose_penalty(self) -> None:
        assert self.case is not None
        text = self.fine.text().strip()
        fine: int | None = None
        if text:
            problem, fine = fine_of(text)
            if problem is not None:
                show_text(self, problem.text(get_lang()))
                return
        ws, actor, case_id = self.ctx.ws, self.ctx.actor, self.case["id"]

        def work(job: Job) -> Any:
            return casework.propose_penalty(ws, case_id, fine=fine, penalties=["fine"] if fine else ["warning"],
                                            actor=actor)

        self._run(work)
