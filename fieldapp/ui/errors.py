"""Errors as plain sentences with what to do next; the details go to the log, not the officer."""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldapp.messages import FieldappError, Msg, get_lang

log = logging.getLogger(__name__)


translate = QCoreApplication.translate


def message_of(exc: BaseException) -> str:
    """One or two sentences for the officer, in the app's language."""
    if isinstance(exc, FieldappError):
        return exc.msg.text(get_lang())
    if isinstance(exc, sqlite3.Error):
        from fieldapp.store.db import translate_db_error

        return translate_db_error(exc).msg.text(get_lang())
    if isinstance(exc, OSError):
        msg = Msg(f"文件或磁盘出错：{exc.strerror or exc}。请检查 U 盘或磁盘空间后重试。",
                  f"A file or disk error: {exc.strerror or exc}. Check the USB stick or the free disk space and retry.",
                  "os_error")
        return msg.text(get_lang())
    log.error("unexpected error", exc_info=exc)
    return translate("Errors", "Something went wrong and nothing was changed. Try again; if it happens again, "
              "tell the county IT staff (the details are in the log).")


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    if not isinstance(exc, FieldappError):
        log.warning("error shown to the officer", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title or translate("Errors", "Cannot do that"), message_of(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()


def show_text(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title or translate("Errors", "Cannot do that"), text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorBox")
    box.open()
