"""Sync with the county: a button and a nightly setting, progress by phase, and each record's problem."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fieldapp import queries
from fieldapp.messages import get_lang
from fieldapp.ui.context import AppContext
from fieldapp.ui.tasks import Job, Op

PHASES = ("connect", "chain", "photos", "batches", "pull")


def run_sync(ctx: AppContext, job: Job) -> Any:
    from fieldapp.sync.client import SyncEngine

    def progress(phase: str, done: int, total: int, message: str) -> None:
        job.progress(done, total, f"{phase}\t{message}")

    return SyncEngine(ctx.ws.store, progress=progress, cancel=job.cancelled).run()


def next_run(now: datetime, at: QTime) -> datetime:
    target = now.replace(hour=at.hour(), minute=at.minute(), second=0, microsecond=0)
    return target if target > now else target + timedelta(days=1)


class SyncPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncPanel")
        self.op: Op[Any] | None = None
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.button = QPushButton(self.tr("Sync now"))
        self.button.setObjectName("syncNow")
        self.button.clicked.connect(self.sync_now)
        row.addWidget(self.button)
        self.cancel = QPushButton(self.tr("Stop"))
        self.cancel.setObjectName("syncCancel")
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(lambda: self.op is not None and self.op.cancel())
        row.addWidget(self.cancel)
        self.nightly = QCheckBox(self.tr("Sync every night at"))
        self.nightly.setObjectName("syncNightly")
        self.nightly_time = QTimeEdit()
        self.nightly_time.setDisplayFormat("HH:mm")
        row.addWidget(self.nightly)
        row.addWidget(self.nightly_time)
        row.addStretch(1)
        layout.addLayout(row)
        phases = QGroupBox(self.tr("Progress"))
        form = QFormLayout(phases)
        names = {"connect": self.tr("Connect"), "chain": self.tr("Audit log"), "photos": self.tr("Photos"),
                 "batches": self.tr("Records"), "pull": self.tr("Updates from the county")}
        self.bars: dict[str, QProgressBar] = {}
        self.details: dict[str, QLabel] = {}
        for phase in PHASES:
            bar = QProgressBar()
            bar.setObjectName(f"phase_{phase}")
            detail = QLabel()
            line = QHBoxLayout()
            line.addWidget(bar, 2)
            line.addWidget(detail, 1)
            form.addRow(names[phase], line)
            self.bars[phase], self.details[phase] = bar, detail
        layout.addWidget(phases)
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.problems = QTableWidget(0, 3)
        self.problems.setObjectName("syncProblems")
        self.problems.setHorizontalHeaderLabels([self.tr("Record"), self.tr("Problem"), self.tr("Why")])
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.problems, 1)
        enroll = QGroupBox(self.tr("Enrol this laptop with the county server"))
        self.enroll_box = enroll
        ef = QFormLayout(enroll)
        self.server = QLineEdit()
        self.server.setObjectName("enrollServer")
        self.server.setPlaceholderText("https://…")
        self.code = QLineEdit()
        self.code.setObjectName("enrollCode")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        go = QPushButton(self.tr("Enrol"))
        go.clicked.connect(self.enroll)
        ef.addRow(self.tr("Server address"), self.server)
        ef.addRow(self.tr("One-time code"), self.code)
        ef.addRow(go)
        layout.addWidget(enroll)
        settings = ctx.settings
        self.nightly.setChecked(settings.nightly_sync)
        self.nightly_time.setTime(QTime.fromString(settings.nightly_time, "HH:mm"))
        self.nightly.toggled.connect(self._save_nightly)
        self.nightly_time.timeChanged.connect(lambda _: self._save_nightly())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._nightly_due)
        self._schedule()
        ctx.changed.connect(self._changed)
        self.refresh()

    def _changed(self, kind: str) -> None:
        self.refresh()

    # -- state ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        reader = self.ctx.reader  # counting the outbox of a big store is work: not on the GUI thread
        Op(lambda job: queries.sync_state(reader), kind="work").success(self.show_state).run(self)

    def show_state(self, s: queries.SyncState) -> None:
        lang = get_lang()
        lines = [self.tr("County server: {url}").format(url=s.server) if s.server else
                 self.tr("This laptop is not enrolled with a county server yet.")]
        lines.append(self.tr("{n} records and {mb:.1f} MB of photos waiting.").format(n=s.pending, mb=s.pending_mb))
        lines.append(self.tr("Last complete sync: {when}").format(when=s.last_sync[:16].replace("T", " "))
                     if s.last_sync else self.tr("Never synced completely."))
        self.state.setText("\n".join(lines))
        self.enroll_box.setVisible(not s.server)
        self.button.setEnabled(bool(s.server) and self.op is None)
        kinds = {"rejected": self.tr("refused by the county"), "conflict": self.tr("changed on both sides")}
        self.problems.setRowCount(len(s.problems))
        for r, p in enumerate(s.problems):
            for c, value in enumerate((f"{p['entity']} {p['entity_id'][-8:]}", kinds.get(p["kind"], p["kind"]),
                                       p["en"] if lang == "en" else p["zh"])):
                self.problems.setItem(r, c, QTableWidgetItem(value))

    # -- syncing -------------------------------------------------------------------------------------
    def sync_now(self) -> None:
        if self.op is not None:
            return
        for bar in self.bars.values():
            bar.setRange(0, 1)
            bar.setValue(0)
        for label in self.details.values():
            label.clear()
        self.button.setEnabled(False)
        self.cancel.setEnabled(True)
        self.result.setText(self.tr("Syncing… you can keep working."))
        ctx = self.ctx
        self.op = Op(lambda job: run_sync(ctx, job), kind="work", label=self.tr("Syncing")) \
            .progress(self._progress).success(self._done).finally_(self._ended).run(self)

    def _progress(self, done: int, total: int, message: str) -> None:
        phase, _, detail = message.partition("\t")
        if phase not in self.bars:
            return
        index = PHASES.index(phase)
        for earlier in PHASES[:index]:
            self.bars[earlier].setRange(0, 1)
            self.bars[earlier].setValue(1)
        bar = self.bars[phase]
        if phase == "photos" and total > 2**31 - 1:
            done, total = done // 1024, total // 1024
        bar.setRange(0, max(total, 1))
        bar.setValue(min(done, max(total, 1)))
        if phase == "photos":
            self.details[phase].setText(self.tr("{done:.1f} of {total:.1f} MB").format(done=done / 2**20,
                                                                                       total=total / 2**20))
        elif phase in ("chain", "batches"):
            self.details[phase].setText(self.tr("{done} of {total}").format(done=done, total=total))
        elif phase == "connect":
            self.details[phase].setText(detail)

    def _done(self, report: Any) -> None:
        lang = get_lang()
        pushed = sum(v for k, v in report.pushed.items() if k not in ("rejected", "conflict"))
        text = {"ok": self.tr("Sync finished."), "partial": self.tr("Sync finished, but some records are waiting "
                                                                    "or have problems (listed below)."),
                "offline": self.tr("The county server cannot be reached: check the network and try again later. "
                                   "Nothing was lost."),
                "refused": self.tr("The county server refused the sync:"),
                "cancelled": self.tr("Sync stopped. Nothing was lost; the next sync continues where this one "
                                     "stopped.")}.get(report.status, report.status)
        if report.error is not None:
            text += " " + report.error.text(lang)
        text += "\n" + self.tr("Sent {n} records and {photos} photos ({mb:.1f} MB); received {got} records.").format(
            n=pushed, photos=report.blobs_uploaded, mb=report.blob_bytes / 2**20, got=sum(report.pulled.values()))
        for w in report.warnings[:5]:
            text += "\n• " + w.text(lang)
        self.result.setText(text)
        if report.status == "ok":
            for bar in self.bars.values():
                bar.setRange(0, 1)
                bar.setValue(1)
        self.ctx.changed.emit("sync")

    def _ended(self) -> None:
        self.op = None
        self.cancel.setEnabled(False)
        self.refresh()

    # -- enrolment and the nightly sync ----------------------------------------------------------------
    def enroll(self) -> None:
        from fieldapp.sync.device import enroll

        data_dir, url, code = self.ctx.ws.store.data_dir, self.server.text().strip(), self.code.text().strip()
        Op(lambda job: enroll(data_dir, url, code), kind="work", label=self.tr("Enrolling")).success(
            self._enrolled).run(self)

    def _enrolled(self, _: object) -> None:
        self.result.setText(self.tr("Enrolled. You can sync now."))
        self.refresh()

    def _save_nightly(self) -> None:
        self.ctx.settings.nightly_sync = self.nightly.isChecked()
        self.ctx.settings.nightly_time = self.nightly_time.time().toString("HH:mm")
        self._schedule()

    def _schedule(self) -> None:
        self.timer.stop()
        if self.nightly.isChecked():
            wait = next_run(datetime.now(), self.nightly_time.time()) - datetime.now()
            self.timer.start(max(1000, int(wait.total_seconds() * 1000)))

    def _nightly_due(self) -> None:
        self.sync_now()
        self._schedule()
