"""Evidence photos of one inspection or case: thumbnails, drag and drop or a file dialog, import with cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.messages import get_lang
from fieldapp.ui.context import AppContext
from fieldapp.ui.tasks import Job, Op

ROLE = Qt.ItemDataRole.UserRole
THUMB = 128
PHOTO_FILTER = "*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif"


def load_thumbs(rows: list[dict[str, Any]], job: Job) -> list[tuple[str, QImage]]:
    """Read the thumbnail files in a worker (QImage is safe off the GUI thread); rebuild missing ones."""
    out = []
    for i, row in enumerate(rows):
        if job.cancelled():
            break
        image = QImage(row["thumbnail"])
        if image.isNull():
            image = QImage(THUMB, THUMB, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.lightGray)
        out.append((row["id"], image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation)))
        job.progress(i + 1, len(rows))
    return out


class Gallery(QWidget):
    imported = Signal(object)  # the ImportReport

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("gallery")
        self.inspection_id: str | None = None
        self.case_id: str | None = None
        # Set by a record editor that saves itself first: called with a continuation taking the new id.
        self.request_target: Callable[[Callable[[str], None]], None] | None = None
        self.rows: list[dict[str, Any]] = []
        self._import: Op[Any] | None = None
        blank = QPixmap(THUMB, THUMB * 3 // 4)
        blank.fill(Qt.GlobalColor.lightGray)
        self._placeholder = QIcon(blank)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add = QPushButton(self.tr("Add photos…"))
        self.add.setObjectName("addPhotos")
        self.add.clicked.connect(self.choose_files)
        bar.addWidget(self.add)
        self.hint = QLabel(self.tr("or drag photos here"))
        bar.addWidget(self.hint, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.hide()
        bar.addWidget(self.progress)
        self.cancel = QPushButton(self.tr("Cancel import"))
        self.cancel.setObjectName("cancelImport")
        self.cancel.hide()
        self.cancel.clicked.connect(self.cancel_import)
        bar.addWidget(self.cancel)
        layout.addLayout(bar)
        self.view = QListWidget()
        self.view.setObjectName("photoList")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(THUMB, THUMB))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setGridSize(QSize(THUMB + 28, THUMB + 44))
        self.view.setMinimumHeight(THUMB + 60)
        self.view.setWordWrap(True)
        self.view.itemActivated.connect(self._open)
        layout.addWidget(self.view)
        self.report = QLabel()
        self.report.setObjectName("importReport")
        self.report.setWordWrap(True)
        layout.addWidget(self.report)

    # -- target --------------------------------------------------------------------------------------
    def set_target(self, *, inspection_id: str | None = None, case_id: str | None = None) -> None:
        self.inspection_id, self.case_id = inspection_id, case_id
        self.report.clear()
        self.reload()

    def has_target(self) -> bool:
        return bool(self.inspection_id or self.case_id)

    def reload(self) -> None:
        self.view.clear()
        self.rows = []
        if not self.has_target():
            return
        from fieldapp.evidence import list_evidence

        self.rows = list_evidence(self.ctx.reader.as_store(), inspection_id=self.inspection_id, case_id=self.case_id)
        for row in self.rows:
            item = QListWidgetItem(row["caption"] or row["original_name"] or row["sha256"][:10])
            item.setData(ROLE, row["id"])
            item.setToolTip(f"{row['original_name']}\n{row['taken_at'] or ''}\n{row['sha256'][:16]}…")
            item.setIcon(self._placeholder)
            self.view.addItem(item)
        rows = list(self.rows)
        if rows:
            Op(lambda job: load_thumbs(rows, job), kind="work").success(self._show_thumbs).run(self)

    def _show_thumbs(self, thumbs: list[tuple[str, QImage]]) -> None:
        icons = {link_id: QIcon(QPixmap.fromImage(image)) for link_id, image in thumbs}
        for i in range(self.view.count()):
            item = self.view.item(i)
            icon = icons.get(item.data(ROLE))
            if icon is not None:
                item.setIcon(icon)

    # -- adding photos -------------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose photos"), str(Path.home()),
                                                self.tr("Photos ({patterns})").format(patterns=PHOTO_FILTER))
        if files:
            self.import_files([Path(f) for f in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def import_files(self, paths: list[Path]) -> None:
        if self._import is not None:
            return
        if not self.has_target():
            if self.request_target is None:
                self.report.setText(self.tr("Save the record first, then add photos."))
                return
            def then(inspection_id: str) -> None:
                self.set_target(inspection_id=inspection_id)
                self.import_files(paths)

            self.request_target(then)
            return
        from fieldapp.evidence import import_paths

        store, actor = self.ctx.ws.store, self.ctx.actor
        iid, cid = self.inspection_id, self.case_id
        photographer = self.ctx.session.name

        def work(job: Job) -> Any:
            return import_paths(store, paths, inspection_id=iid, case_id=cid, actor=actor, photographer=photographer,
                                progress=job.progress, cancel=job.cancel_event)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel.show()
        self.add.setEnabled(False)
        self.report.setText(self.tr("Importing {n} item(s)…").format(n=len(paths)))
        self._import = Op(work, kind="work", label=self.tr("Importing photos")) \
            .progress(self._progress).success(self._done).finally_(self._ended).run(self)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def cancel_import(self) -> None:
        if self._import is not None:
            self._import.cancel()
            self.report.setText(self.tr("Cancelling… photos already stored stay."))

    def _ended(self) -> None:
        self._import = None
        self.progress.hide()
        self.cancel.hide()
        self.add.setEnabled(True)

    def _done(self, report: Any) -> None:
        lang = get_lang()
        ok = report.count("imported") + report.count("linked")
        lines = [self.tr("{ok} photo(s) added, {dup} already there, {bad} not added.").format(
            ok=ok, dup=report.count("already_linked"),
            bad=report.count("failed") + report.count("cancelled") + report.count("skipped"))]
        for r in report.results:
            if r.status in ("failed", "skipped") and r.msg is not None:
                lines.append("• " + r.msg.text(lang))
            lines += ["• " + n.text(lang) for n in r.notes[:2]]
        self.report.setText("\n".join(lines[:12]))
        self.ctx.changed.emit("evidence")
        self.reload()
        self.imported.emit(report)

    def _open(self, item: QListWidgetItem) -> None:
        from fieldapp.ui.photos.viewer import PhotoViewer

        row = next((r for r in self.rows if r["id"] == item.data(ROLE)), None)
        if row is not None:
            viewer = PhotoViewer(self.ctx, row, self)
            viewer.saved.connect(self.reload)
            viewer.open()

    def set_read_only(self, read_only: bool) -> None:
        self.add.setEnabled(not read_only)
        self.setAcceptDrops(not read_only)
