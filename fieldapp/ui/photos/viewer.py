"""One photo at full size with its EXIF facts and its caption, place and photographer (edits are audited)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldapp.messages import get_lang
from fieldapp.ui.context import AppContext
from fieldapp.ui.tasks import Job, Op


def _gps(row: dict[str, Any]) -> str:
    if row.get("gps_lat") is None or row.get("gps_lon") is None:
        return "—"
    return f"{row['gps_lat']:.6f}, {row['gps_lon']:.6f}"


class PhotoViewer(QDialog):
    saved = Signal()

    def __init__(self, ctx: AppContext, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setObjectName("photoViewer")
        self.setWindowTitle(self.tr("Photo {name}").format(name=row.get("original_name") or row["sha256"][:12]))
        self.resize(1000, 700)
        layout = QHBoxLayout(self)
        self.image = QLabel(self.tr("Loading…"))
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(480, 360)
        # Ignored: the label never grows to the picture's size; the picture is scaled to the label.
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.image, 3)
        side = QVBoxLayout()
        facts = QFormLayout()
        notes = "\n".join(n.get("zh" if get_lang() == "zh" else "en", "") for n in row.get("exif_notes") or [])
        for label, value in ((self.tr("Taken at"), row.get("taken_at") or "—"), (self.tr("GPS"), _gps(row)),
                             (self.tr("Camera"), row.get("camera") or "—"),
                             (self.tr("Size"), f"{row.get('width')}×{row.get('height')}, {int(row.get('size') or 0) // 1024} KB"),
                             (self.tr("File name"), row.get("original_name") or "—"),
                             (self.tr("SHA-256"), row["sha256"]), (self.tr("EXIF notes"), notes or "—")):
            value_label = QLabel(str(value))
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(label, value_label)
        side.addLayout(facts)
        edit = QFormLayout()
        self.caption = QLineEdit(row.get("caption") or "")
        self.caption.setObjectName("photoCaption")
        self.place = QLineEdit(row.get("place") or "")
        self.photographer = QLineEdit(row.get("photographer") or "")
        edit.addRow(self.tr("Caption"), self.caption)
        edit.addRow(self.tr("Place"), self.place)
        edit.addRow(self.tr("Photographer"), self.photographer)
        side.addLayout(edit)
        side.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        side.addWidget(buttons)
        layout.addLayout(side, 2)
        self._pixmap: QPixmap | None = None
        store, sha = ctx.ws.store, row["sha256"]

        def load(job: Job) -> QImage:
            from fieldapp.evidence import ensure_display

            return QImage(str(ensure_display(store, sha)))

        Op(load, kind="work").success(self._show).failure(
            lambda exc: self.image.setText(self.tr("The photo cannot be shown: {why}").format(why=exc))).run(self)

    def _show(self, image: QImage) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is not None and not self._pixmap.isNull():
            size = self.image.size()
            self.image.setPixmap(self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def save(self) -> None:
        from fieldapp.evidence import edit_link

        store, actor, link = self.ctx.ws.store, self.ctx.actor, self.row["id"]
        caption, place, who = self.caption.text(), self.place.text(), self.photographer.text()
        Op(lambda job: edit_link(store, link, caption=caption, place=place, photographer=who, actor=actor)) \
            .success(self._saved).run(self)

    def _saved(self, _: object) -> None:
        self.ctx.changed.emit("evidence")
        self.saved.emit()
        self.accept()
