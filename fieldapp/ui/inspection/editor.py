"""Joint inspection: party, matters, officers, findings, photos, result, documents — one page.

The page saves a draft as often as the officer likes, by itself every 30 seconds
while something is unsaved (power may cut in the field) and before the laptop
locks or the officer changes. The store keeps only drafts with at least one
matter; until a matter is ticked the form is kept in a recovery file beside the
store and offered again at the next start. Starting another inspection never
wipes unsaved work: it is saved first, or the officer is asked. "Finalize" applies the rules of §42 (two
certified officers), and the result's follow-up: an order to correct or an
on-the-spot decision as a pre-filled document, or a case opened from the visit.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldapp import casework, drafts
from fieldapp.messages import Msg, get_lang
from fieldapp.store.cases import CaseInput
from fieldapp.store.inspections import InspectionInput, MatterFinding, get_inspection
from fieldapp.ui.context import AppContext
from fieldapp.ui.documents.panel import DocumentsPanel
from fieldapp.ui.errors import show_text
from fieldapp.ui.inspection.matters import MatterPicker
from fieldapp.ui.inspection.officers import OfficerPicker
from fieldapp.ui.inspection.party import PartyPicker
from fieldapp.ui.inspection.result import ResultBox
from fieldapp.ui.photos.gallery import Gallery
from fieldapp.ui.tasks import Job, Op

FMT = "yyyy-MM-ddTHH:mm"
AUTOSAVE_MS = 30_000


def say(zh: str, en: str) -> str:
    """A sentence added after the translation file was last updated: both languages in the code (as Msg)."""
    return Msg(zh, en, "ui.inspection").text(get_lang())
RECOVERY_FILE = "unsaved-inspection.json"


class InspectionEditor(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("inspectionEditor")
        self.inspection_id: str | None = None
        self.status = "new"
        self.dirty = False
        self._loading = False
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self._autosave)
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("inspectionTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        head.addWidget(self.title, 1)
        self.save_button = QPushButton(self.tr("Save draft (Ctrl+S)"))
        self.save_button.setObjectName("saveDraft")
        self.save_button.clicked.connect(lambda: self.save_draft())
        head.addWidget(self.save_button)
        self.finalize_button = QPushButton(self.tr("Finalize"))
        self.finalize_button.setObjectName("finalize")
        self.finalize_button.clicked.connect(self.finalize)
        head.addWidget(self.finalize_button)
        outer.addLayout(head)
        self.message = QLabel()
        self.message.setObjectName("inspectionMessage")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.scroller.setWidget(body)
        outer.addWidget(self.scroller, 1)

        self.party = PartyPicker(ctx)
        self._section(self.tr("1. Party"), self.party)
        when = QWidget()
        form = QFormLayout(when)
        self.place = QLineEdit()
        self.place.setObjectName("inspectionPlace")
        self.started = QDateTimeEdit()
        self.started.setObjectName("startedAt")
        self.ended = QDateTimeEdit()
        self.ended.setObjectName("endedAt")
        for edit in (self.started, self.ended):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.summary = QLineEdit()
        form.addRow(self.tr("Township"), QLabel(ctx.ws.township or ""))
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Started"), self.started)
        form.addRow(self.tr("Ended"), self.ended)
        form.addRow(self.tr("Note"), self.summary)
        self._section(self.tr("2. Place and time"), when)
        self.matters = MatterPicker(ctx.ws)
        self._section(self.tr("3. Matters and findings"), self.matters)
        self.officers = OfficerPicker(ctx.reader)
        self._section(self.tr("4. Officers (at least two)"), self.officers)
        self.gallery = Gallery(ctx)
        self.gallery.request_target = self._save_then
        self._section(self.tr("5. Photos"), self.gallery)
        self.result = ResultBox(ctx.ws.jurisdiction.rules)
        self._section(self.tr("6. Result"), self.result)
        self.documents = DocumentsPanel(ctx, "inspection")
        self._section(self.tr("7. Documents (inspection record, notices)"), self.documents)
        self.body.addStretch(1)

        self.party.chosen.connect(self._party_changed)
        self.started.dateTimeChanged.connect(lambda _: self._date_changed())
        for signal in (self.place.textChanged, self.summary.textChanged, self.ended.dateTimeChanged,
                       self.matters.changed, self.officers.changed, self.result.changed):
            signal.connect(self._touched)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(lambda: self.save_draft())
        ctx.session.about_to_switch.connect(self._autosave)
        self.new()
        self._restore_recovery()

    def _section(self, title: str, widget: QWidget) -> None:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        self.body.addWidget(box)

    # -- loading -------------------------------------------------------------------------------------
    def new(self) -> None:
        self._loading = True
        self.inspection_id, self.status = None, "new"
        now = QDateTime.currentDateTime()
        now = now.addSecs(-now.time().second())
        self.started.setDateTime(now)
        self.ended.setDateTime(now.addSecs(3600))
        self.place.clear()
        self.summary.setText(self.tr("Joint inspection"))
        self.party.search.clear()
        self.party.set_party(None)
        self.matters.set_findings([])
        self.officers.reload()
        self.officers.set_selected([self.ctx.actor] if self.ctx.actor else [])
        self.result.set_result(None)
        self.gallery.set_target()
        self.documents.set_record(None)
        self._date_changed()
        self._loading = False
        self._clean()
        self._show_state()

    def load(self, inspection_id: str) -> None:
        data = get_inspection(self.ctx.reader.as_store(), inspection_id)
        if data is None:
            show_text(self, self.tr("This inspection no longer exists."))
            return
        self._loading = True
        self.inspection_id, self.status = data["id"], data["status"]
        self.party.search.clear()
        self.party.results.clear()
        when = data["started_at"] or data["planned_for"]
        if when:
            self.started.setDateTime(QDateTime.fromString(when[:16], FMT))
        if data["ended_at"]:
            self.ended.setDateTime(QDateTime.fromString(data["ended_at"][:16], FMT))
        self.place.setText(data["place"] or "")
        self.summary.setText(data["summary"] or "")
        self.party.set_party(data.get("party"))
        self.matters.set_findings([MatterFinding(m["matter_code"], m["finding"] or "",
                                                 None if m["compliant"] is None else bool(m["compliant"]))
                                   for m in data["matters"]])
        self.officers.reload()
        self.officers.set_selected([o["officer_id"] for o in data["officers"]])
        self.result.set_result(data["result"])
        self.gallery.set_target(inspection_id=data["id"])
        self.documents.set_record(data["id"])
        self._date_changed()
        self._loading = False
        self._clean()
        self._show_state()

    def _show_state(self) -> None:
        labels = {"new": self.tr("New joint inspection"), "draft": self.tr("Joint inspection — draft"),
                  "planned": self.tr("Planned inspection"), "final": self.tr("Joint inspection — final"),
                  "voided": self.tr("Joint inspection — void")}
        self.title.setText(labels.get(self.status, self.status))
        editable = self.status in ("new", "draft", "planned")
        for w in (self.place, self.started, self.ended, self.summary):
            w.setEnabled(editable)
        self.party.set_read_only(not editable)
        self.matters.set_read_only(not editable)
        self.officers.set_read_only(not editable)
        self.result.set_read_only(not editable)
        self.gallery.set_read_only(self.status == "voided")
        self.save_button.setVisible(editable)
        self.finalize_button.setVisible(editable)

    def show_section(self, widget: QWidget) -> None:
        self.scroller.ensureWidgetVisible(widget, 0, 0)

    # -- changes -------------------------------------------------------------------------------------
    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True
            if not self.autosave_timer.isActive():
                self.autosave_timer.start()

    def _clean(self) -> None:
        self.dirty = False
        self.autosave_timer.stop()

    def unsaved(self) -> bool:
        return self.dirty and self.status in ("new", "draft", "planned")

    # -- starting another one without losing this one ------------------------------------------------
    def start_new(self) -> None:
        """The "new inspection" navigation: unsaved work is saved as a draft first, or the officer is asked."""
        self._leave(self.new, say("上一份检查已保存为草稿（在首页“草稿”中）。",
                                  "The previous inspection was saved as a draft (it is on the home page)."))

    def open_record(self, inspection_id: str) -> None:
        if inspection_id == self.inspection_id and self.unsaved():
            return  # the same record, still being edited: keep what was typed
        self._leave(lambda: self.load(inspection_id),
                    say("正在编辑的检查已保存为草稿（在首页“草稿”中）。",
                        "The inspection you were editing was saved as a draft (it is on the home page)."))

    def _leave(self, then: Any, note: str) -> None:
        if not self.unsaved():
            then()
            return
        if self.matters.findings():
            def after(_: str) -> None:
                then()
                self.message.setText(note)

            self.save_draft(after)
            return
        answer = QMessageBox.question(self, say("检查尚未保存", "Unsaved inspection"), say(
            "这份检查尚未保存：草稿至少要勾选一项执法事项。放弃这份检查并继续吗？选“否”继续编辑。",
            "This inspection is not saved: a draft needs at least one matter ticked. Discard it and go on? "
            "Choose No to keep editing it."))
        if answer == QMessageBox.StandardButton.Yes:
            self._drop_recovery()
            then()
        else:
            self.message.setText(say("已保留。勾选至少一项执法事项即可保存为草稿。",
                                     "Kept. Tick at least one matter to save it as a draft."))

    def _day(self) -> date:
        value = self.started.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.date()

    def _party_changed(self, party: dict[str, Any] | None) -> None:
        self.result.set_party_kind(party["kind"] if party else None)
        self.officers.set_context(self._day(), party["id"] if party else None)
        if party and not self.place.text().strip() and party.get("address") and not self._loading:
            self.place.setText(str(party["address"]))
        self._touched()

    def _date_changed(self) -> None:
        township = self.ctx.ws.township or self.matters.township
        self.matters.set_context(township, self._day())
        self.officers.set_context(self._day(), self.party.party["id"] if self.party.party else None)
        self._touched()

    def inputs(self) -> InspectionInput:
        def iso(edit: QDateTimeEdit) -> str:
            value: datetime = edit.dateTime().toPython()  # type: ignore[assignment]
            return value.replace(second=0, microsecond=0).isoformat(timespec="minutes")

        return InspectionInput(
            township=self.ctx.ws.township or self.matters.township, officers=self.officers.selected(),
            matters=self.matters.findings(), party_id=self.party.party["id"] if self.party.party else None,
            place=self.place.text().strip(), started_at=iso(self.started), ended_at=iso(self.ended),
            result=self.result.result(), summary=self.summary.text().strip(), status="draft")

    # -- saving --------------------------------------------------------------------------------------
    def save_draft(self, then: Any = None) -> None:
        if self.status not in ("new", "draft", "planned"):
            return
        inp = self.inputs()
        if not inp.matters:
            # The store holds a draft only with a matter (it decides the enforcement subject); until then
            # the form is kept in the recovery file so a power cut does not lose it.
            self._write_recovery()
            self.message.setText(say("已暂存在本机，尚未成为草稿记录：勾选至少一项执法事项即可保存为草稿。",
                                     "Kept on this laptop, not yet as a draft record: tick at least one matter to "
                                     "save it as a draft."))
            return
        ws, actor, iid = self.ctx.ws, self.ctx.actor, self.inspection_id
        Op(lambda job: drafts.save_draft(ws, inp, iid, actor)).success(lambda new_id: self._saved(new_id, then)).run(self)

    def _saved(self, inspection_id: str, then: Any) -> None:
        first = self.inspection_id is None
        self.inspection_id, self.status = inspection_id, "draft"
        self._clean()
        self._drop_recovery()
        if first:
            self.gallery.set_target(inspection_id=inspection_id)
            self.documents.set_record(inspection_id)
        self._show_state()
        self.message.setText(self.tr("Draft saved at {time}.").format(time=datetime.now().strftime("%H:%M")))
        self.ctx.changed.emit("inspection")
        if then is not None:
            then(inspection_id)

    def _save_then(self, then: Any) -> None:
        self.save_draft(then)

    def _autosave(self) -> None:
        """Every 30 s while unsaved, and before a lock or a change of officer."""
        if not self.unsaved():
            self.autosave_timer.stop()
            return
        if self.matters.findings():
            self.save_draft()
        else:
            self._write_recovery()

    # -- the recovery file (a form the store cannot hold yet: no matter ticked) ----------------------
    def recovery_path(self) -> Path:
        return Path(self.ctx.ws.store.data_dir) / RECOVERY_FILE

    def _write_recovery(self) -> None:
        inp = self.inputs()
        data = {"inspection_id": self.inspection_id, "officer": self.ctx.session.name, "saved_at":
                datetime.now().isoformat(timespec="minutes"), "party_id": inp.party_id, "place": inp.place,
                "started_at": inp.started_at, "ended_at": inp.ended_at, "summary": inp.summary,
                "officers": inp.officers, "result": inp.result}
        path = self.recovery_path()
        tmp = path.with_suffix(".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)  # a power cut leaves the old file or the new one, never half of one
        except OSError:
            return  # best effort: the form itself is still on screen
        self.message.setText(say("尚未保存为草稿（须勾选至少一项执法事项）；已在本机暂存，断电也不会丢失。",
                                 "Not saved as a draft yet (tick at least one matter); the form is kept on this "
                                 "laptop in case the power fails."))

    def _drop_recovery(self) -> None:
        with contextlib.suppress(OSError):
            self.recovery_path().unlink(missing_ok=True)

    def _restore_recovery(self) -> None:
        try:
            data = json.loads(self.recovery_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict):
            return
        if data.get("inspection_id"):
            self.load(str(data["inspection_id"]))
            if self.inspection_id != data["inspection_id"] or self.status not in ("draft", "planned"):
                self._drop_recovery()  # finalized or gone meanwhile: nothing to restore into
                self.new()
                return
        self._loading = True
        self.party.set_party_id(data.get("party_id"))
        self.place.setText(str(data.get("place") or ""))
        self.summary.setText(str(data.get("summary") or ""))
        for edit, key in ((self.started, "started_at"), (self.ended, "ended_at")):
            if data.get(key):
                edit.setDateTime(QDateTime.fromString(str(data[key])[:16], FMT))
        self.officers.set_selected([str(o) for o in data.get("officers") or []])
        self.result.set_result(data.get("result"))
        self._date_changed()
        self._loading = False
        self._touched()
        when, name = str(data.get("saved_at") or "").replace("T", " "), str(data.get("officer") or "")
        self.message.setText(say(f"已恢复一份未保存的检查（{when}，{name}）。请勾选执法事项后保存，或新建检查。",
                                 f"An inspection that was not saved ({when}, {name}) was restored. Tick at least one "
                                 "matter and save it, or start a new one."))

    def problems(self) -> list[str]:
        """What stops finalizing, in words, before the core is asked."""
        lang, out = get_lang(), []
        inp = self.inputs()
        if not inp.party_id:
            out.append(self.tr("Choose the party."))
        if not inp.matters:
            out.append(self.tr("Tick at least one matter."))
        if any(m.compliant is None for m in inp.matters):
            out.append(self.tr("Mark every matter compliant or not compliant."))
        if len(inp.officers) < 2:
            out.append(self.tr("At least two certified officers must take part (art. 42)."))
        if inp.result is None:
            out.append(self.tr("Choose the result of the visit."))
        problem: Msg | None = self.result.problem()
        if problem is not None:
            out.append(problem.text(lang))
        return out

    def finalize(self) -> None:
        found = self.problems()
        if found:
            self.message.setText(self.tr("Cannot finalize yet:") + "\n" + "\n".join(f"• {p}" for p in found))
            self.message.setStyleSheet("color: #b00020;")
            return
        self.message.setStyleSheet("")
        inp, ws, actor, iid = self.inputs(), self.ctx.ws, self.ctx.actor, self.inspection_id
        party_name = self.party.party["name"] if self.party.party else ""

        def work(job: Job) -> tuple[str, str | None]:
            saved = drafts.save_draft(ws, inp, iid, actor)
            ws.finalize_inspection(saved, actor)
            case_id = None
            if inp.result == "open_case":
                bad = [m.code for m in inp.matters if m.compliant is False] or [inp.matters[0].code]
                case_id = casework.open_case(ws, CaseInput(
                    township=inp.township, source="inspection", matters=bad, officers=inp.officers,
                    party_id=inp.party_id, inspection_id=saved, title=f"{party_name}{ws.matter(bad[0]).name}案",
                    summary="\n".join(m.finding for m in inp.matters if m.compliant is False),
                    accepted_on=date.today().isoformat()), actor)
            return saved, case_id

        self._drop_recovery()
        Op(work, label=self.tr("Finalizing")).success(self._finalized).run(self)

    def _finalized(self, result: tuple[str, str | None]) -> None:
        inspection_id, case_id = result
        kind, amount = self.result.penalty()
        outcome = self.result.result()
        self.ctx.changed.emit("inspection")
        self.load(inspection_id)
        if outcome == "on_the_spot_penalty":
            self.documents.values["penalty_on_the_spot"] = {"penalty_kind": kind, **({"fine": str(amount)} if amount else {})}
            self.documents.kind.setCurrentIndex(max(self.documents.kind.findData("penalty_on_the_spot"), 0))
        elif outcome == "order_to_correct":
            self.documents.kind.setCurrentIndex(max(self.documents.kind.findData("order_to_correct"), 0))
        self.message.setText(self.tr("Finalized. Make the inspection record and the notices in section 7; they print with "
                                     "the enforcement subject the rules give."))
        if case_id:
            self.ctx.changed.emit("case")
            self.ctx.navigate.emit("case", case_id)
