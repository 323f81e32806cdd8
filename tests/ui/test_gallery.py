"""The evidence gallery: import by file list (as a drop or the file dialog gives it), thumbnails, cancel, viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from uihelpers import make_photo, wait_idle

from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.photos.viewer import PhotoViewer


def gallery_of(win: MainWindow) -> Any:
    iid = win.ctx.reader.one("SELECT id FROM inspections WHERE status = 'final' LIMIT 1")["id"]
    win.go("inspection", iid)
    return win.page("new_inspection").gallery  # type: ignore[attr-defined]


def test_dropped_photos_are_imported_with_thumbnails(signed_in: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    gallery = gallery_of(signed_in)
    photos = [make_photo(tmp_path / f"p{i}.jpg", i) for i in range(2)]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in photos])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    gallery.dropEvent(event)
    assert gallery.progress.isVisibleTo(gallery) and gallery.cancel.isVisibleTo(gallery)
    wait_idle(qtbot)
    assert gallery.view.count() == 2
    assert all(not gallery.view.item(i).icon().isNull() for i in range(2))
    assert "2" in gallery.report.text()
    assert not gallery.progress.isVisibleTo(gallery)


def test_the_file_dialog_path(signed_in: MainWindow, qtbot: QtBot, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    gallery = gallery_of(signed_in)
    photo = make_photo(tmp_path / "one.jpg", 7)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    gallery.add.click()
    wait_idle(qtbot)
    assert gallery.view.count() == 1


def test_an_import_can_be_cancelled(signed_in: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    gallery = gallery_of(signed_in)
    photos = [make_photo(tmp_path / f"many{i}.jpg", i) for i in range(60)]
    gallery.import_files(photos)
    gallery.cancel_import()
    wait_idle(qtbot)
    linked = signed_in.ctx.reader.one("SELECT count(*) AS n FROM evidence_links WHERE inspection_id = ?",
                                      (gallery.inspection_id,))["n"]
    assert linked < 60
    assert gallery.view.count() == linked


def test_the_viewer_shows_exif_and_saves_the_caption(signed_in: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    gallery = gallery_of(signed_in)
    gallery.import_files([make_photo(tmp_path / "v.jpg", 3)])
    wait_idle(qtbot)
    viewer = PhotoViewer(signed_in.ctx, gallery.rows[0], gallery)
    viewer.show()
    wait_idle(qtbot)
    assert viewer._pixmap is not None and not viewer._pixmap.isNull()
    assert gallery.rows[0]["sha256"] in "".join(w.text() for w in viewer.findChildren(type(viewer.image)))
    viewer.caption.setText("门店占道堆放货物")
    viewer.save()
    wait_idle(qtbot)
    link = signed_in.ctx.reader.one("SELECT caption FROM evidence_links WHERE id = ?", (gallery.rows[0]["id"],))
    assert link["caption"] == "门店占道堆放货物"
