"""A document's editor form, generated from its spec, beside the PDF preview.

Every field is checked as it is typed (the spec's own checks, in Chinese by
default). "Issue and print" stays disabled while anything would make the paper
unlawful (a missing field, fewer than two certified officers, an on-the-spot
fine over the limit) and says why; the core refuses the same things again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldapp import queries
from fieldapp.forms.spec import DocSpec, load_spec
from fieldapp.forms.validate import check_content
from fieldapp.messages import Msg, get_lang
from fieldapp.rules.officers import check_officers
from fieldapp.store import documents
from fieldapp.ui.context import AppContext
from fieldapp.ui.documents.fields import FieldEditor, editor_for
from fieldapp.ui.documents.preview import PdfPreview
from fieldapp.ui.documents.printing import print_issued
from fieldapp.ui.inspection.officers import ref_of
from fieldapp.ui.tasks import Job, Op


def problems(ctx: AppContext, spec: DocSpec, content: dict[str, Any], roster: dict[str, dict[str, Any]],
             case_id: str | None = None) -> list[Msg]:
    """Everything that would stop this paper being issued today, without touching the store."""
    from fieldapp.forms.lifecycle import CHECKS, DECISION_TYPES

    out = []
    if spec.code in DECISION_TYPES and case_id:
        # The same verdict issue_document enforces first: a decision draft made earlier (or a case sent back
        # from legal review) must not offer "Issue" before the prior notice and a passed review.
        from fieldapp.county.records import can_issue_decision

        verdict = can_issue_decision(ctx.ws, case_id)
        if not verdict.ok:
            out.append(verdict.msg)
    out += list(check_content(spec, content).errors)
    if spec.officers_required > 0:
        ids = [str(o["id"]) for o in content.get("officers") or [] if isinstance(o, dict) and o.get("id")]
        refs = [ref_of(roster[i]) for i in ids if i in roster]
        out += check_officers(refs, date.today(), content.get("party_id"), min_officers=max(spec.officers_required, 2))
    for name in spec.checks:
        problem = CHECKS[name](ctx.ws, spec, content)
        if problem is not None:
            out.append(problem)
    return out


class DocumentEditor(QDialog):
    changed = Signal(str)  # the document id (a supersede opens the new draft)

    def __init__(self, ctx: AppContext, doc_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("documentEditor")
        self.resize(1300, 850)
        self.roster = {r["id"]: r for r in queries.officers(ctx.reader)}
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        split.addWidget(self.scroller)
        self.preview = PdfPreview()
        split.addWidget(self.preview)
        split.setSizes([620, 680])
        layout.addWidget(split, 1)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("documentProblems")
        self.problem_label.setWordWrap(True)
        layout.addWidget(self.problem_label)
        buttons = QHBoxLayout()
        self.save_button = self._button(buttons, self.tr("Save draft (Ctrl+S)"), "docSave", self.save)
        self.preview_button = self._button(buttons, self.tr("Preview"), "docPreview", self.refresh_preview)
        self.issue_button = self._button(buttons, self.tr("Issue and print (Ctrl+P)"), "docIssuePrint", self.issue_and_print)
        self.print_button = self._button(buttons, self.tr("Print again (copy)"), "docReprint", self.print_again)
        self.void_button = self._button(buttons, self.tr("Void…"), "docVoid", self.void)
        self.supersede_button = self._button(buttons, self.tr("Correct (void and supersede)…"), "docSupersede",
                                             self.supersede)
        buttons.addStretch(1)
        self._button(buttons, self.tr("Close"), "docClose", self.reject)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self).activated.connect(self._print_shortcut)
        self.load(doc_id)

    def _button(self, row: QHBoxLayout, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # -- building the form ---------------------------------------------------------------------------
    def load(self, doc_id: str) -> None:
        self.doc = documents.get_document(self.ctx.reader.as_store(), doc_id)
        self.spec = load_spec(self.doc["doc_type"])
        status = {"draft": self.tr("draft"), "issued": self.tr("issued"), "voided": self.tr("void")}[self.doc["status"]]
        self.setWindowTitle(f"{self.spec.title} {self.doc['number'] or ''} — {status}")
        form_host = QWidget()
        outer = QVBoxLayout(form_host)
        self.editors.clear()
        self.errors.clear()
        head = QLabel(f"<b>{self.doc['subject_name'] or ''}</b>　{self.spec.title}　{self.doc['number'] or ''}")
        head.setWordWrap(True)
        outer.addWidget(head)
        for title, fields in self.spec.editor_sections():
            box = QGroupBox(title if title not in ("fields", "party", "text", "legal") else "")
            form = QFormLayout(box)
            for f in fields:
                editor = editor_for(f, list(self.roster.values()))
                editor.set_value(self.doc["content"].get(f.key))
                editor.changed.connect(self.validate)
                error = QLabel()
                error.setObjectName(f"error_{f.key}")
                error.setWordWrap(True)
                error.hide()
                column = QVBoxLayout()
                column.addWidget(editor.widget)
                column.addWidget(error)
                label = f.label + (" *" if f.required else "")
                form.addRow(label, column)
                if f.help:
                    editor.widget.setToolTip(f.help)
                self.editors[f.key], self.errors[f.key] = editor, error
            outer.addWidget(box)
        outer.addStretch(1)
        self.scroller.setWidget(form_host)
        draft = self.doc["status"] == "draft"
        for editor in self.editors.values():
            editor.set_read_only(not draft)
        self.save_button.setVisible(draft)
        self.issue_button.setVisible(draft)
        self.print_button.setVisible(self.doc["status"] == "issued")
        self.void_button.setVisible(self.doc["status"] == "issued")
        self.supersede_button.setVisible(self.doc["status"] != "draft" and not self.doc["superseded_by"])
        self.validate()
        self.refresh_preview()

    def content(self) -> dict[str, Any]:
        """The form's values over the stored content (keys the form does not show, like party_id, stay)."""
        out = dict(self.doc["content"])
        for key, editor in self.editors.items():
            value = editor.value()
            if value in (None, "", []):
                out.pop(key, None)
            else:
                out[key] = value
        return out

    def validate(self) -> list[Msg]:
        lang = get_lang()
        content = self.content()
        for key, editor in self.editors.items():
            error, warning = editor.spec.check(content.get(key))
            label = self.errors[key]
            shown = error or warning
            label.setVisible(shown is not None)
            if shown is not None:
                label.setText(shown.text(lang))
                label.setStyleSheet("color: #b00020;" if error else "color: #b26a00;")
        found = problems(self.ctx, self.spec, content, self.roster, self.doc.get("case_id")) \
            if self.doc["status"] == "draft" else []
        self.issue_button.setEnabled(not found)
        if found:
            self.problem_label.setStyleSheet("color: #b00020;")
            self.problem_label.setText(self.tr("Cannot issue yet:") + "\n" + "\n".join(f"• {m.text(lang)}" for m in found))
        else:
            self.problem_label.setStyleSheet("")
            self.problem_label.setText(self.tr("Ready to issue.") if self.doc["status"] == "draft" else "")
        return found

    # -- actions ---------------------------------------------------------------------------------------
    def _save_op(self) -> Op[dict[str, Any]]:
        store, actor, doc_id, content = self.ctx.ws.store, self.ctx.actor, self.doc["id"], self.content()
        return Op(lambda job: documents.update_draft(store, doc_id, content, actor))

    def save(self) -> None:
        if self.doc["status"] != "draft":
            return
        self._save_op().success(self._saved).run(self)

    def save_before_switch(self) -> None:
        """The laptop locks or the officer changes: keep what was typed, as the officer who typed it
        (the actor is taken now, before the session changes)."""
        if self.doc["status"] != "draft" or self.content() == self.doc["content"]:
            return
        self._save_op().success(lambda _: self.ctx.changed.emit("document")).run(self)

    def _saved(self, _: object) -> None:
        self.ctx.changed.emit("document")
        self.refresh_preview()

    def refresh_preview(self) -> None:
        from fieldapp.forms.lifecycle import render_document

        ws, doc_id = self.ctx.ws, self.doc["id"]
        self.preview.busy()

        def render(job: Job) -> Any:
            return render_document(ws, doc_id)

        Op(render, kind="work").success(lambda r: self.preview.show_pdf(r.pdf, r.pages)).run(self)

    def issue_and_print(self) -> None:
        if self.validate():
            return
        from fieldapp.forms.lifecycle import issue_document

        ws, actor, doc_id, content = self.ctx.ws, self.ctx.actor, self.doc["id"], self.content()

        def work(job: Job) -> Any:
            documents.update_draft(ws.store, doc_id, content, actor)
            return issue_document(ws, doc_id, actor=actor)

        Op(work, label=self.tr("Issuing")).success(self._issued).run(self)

    def _issued(self, outcome: Any) -> None:
        self.ctx.changed.emit("document")
        self.load(self.doc["id"])
        if outcome.warnings:
            self.problem_label.setText("\n".join(w.text(get_lang()) for w in outcome.warnings))
        self.changed.emit(self.doc["id"])
        print_issued(self.ctx, self, self.doc["id"], lambda _: self.load(self.doc["id"]))

    def _print_shortcut(self) -> None:
        if self.doc["status"] == "draft":
            self.issue_and_print()
        elif self.doc["status"] == "issued":
            self.print_again()

    def print_again(self) -> None:
        print_issued(self.ctx, self, self.doc["id"], lambda _: self.load(self.doc["id"]))

    def _reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, self.tr("Reason (it is kept in the record):"))
        return text.strip() if ok and text.strip() else None

    def void(self) -> None:
        reason = self._reason(self.tr("Void this document"))
        if reason is None:
            return
        from fieldapp.forms.lifecycle import void_document

        ws, actor, doc_id = self.ctx.ws, self.ctx.actor, self.doc["id"]
        Op(lambda job: void_document(ws, doc_id, reason, actor)).success(self._changed).run(self)

    def _changed(self, outcome: object) -> None:
        self.ctx.changed.emit("document")
        self.load(self.doc["id"])
        self.changed.emit(self.doc["id"])

    def supersede(self) -> None:
        reason = self._reason(self.tr("Correct this document"))
        if reason is None:
            return
        from fieldapp.forms.lifecycle import supersede_document

        ws, actor, doc_id = self.ctx.ws, self.ctx.actor, self.doc["id"]
        Op(lambda job: supersede_document(ws, doc_id, reason, actor=actor)).success(self._superseded).run(self)

    def _superseded(self, outcome: Any) -> None:
        self.ctx.changed.emit("document")
        self.load(outcome.document["id"])
        self.changed.emit(self.doc["id"])
