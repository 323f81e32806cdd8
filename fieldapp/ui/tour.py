"""A scripted walk through the main screens that saves a screenshot of each (`gui --screenshot-dir`,
scripts/screenshots.py). Steps wait for background work to finish before the picture is taken.

Without `writes`, the tour only looks (it is run on the officer's own store by `gui --screenshot-dir`);
with it, it also makes a document draft and imports photos, for the README's pictures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldapp import queries
from fieldapp.ui import tasks
from fieldapp.ui.main_window import MainWindow

DEMO_PASSWORD = "demo1234"
Step = tuple[str, Callable[[], QWidget | None]]


class Tour(QObject):
    def __init__(self, window: MainWindow, out: Path, *, quit_when_done: bool = False, writes: bool = False,
                 photos: list[Path] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.out = Path(out)
        self.quit_when_done = quit_when_done
        self.writes = writes
        self.photos = photos or []
        self.saved: list[Path] = []
        self.steps: list[Step] = self._steps()
        self._poll = QTimer(self)
        self._poll.setInterval(150)
        self._poll.timeout.connect(self._tick)
        self._pending: Step | None = None
        self._quiet = 0
        self._extra: QWidget | None = None

    def start(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self._next()

    def _next(self) -> None:
        if "new_inspection" in self.window._page_index:
            # The inspection was filled in for its picture only: not unsaved work to keep (that would save it
            # as a draft, or ask, when the tour opens another record).
            self.window.page("new_inspection")._clean()  # type: ignore[attr-defined]
        if self._extra is not None:
            self._extra.close()
            self._extra = None
        if not self.steps:
            self._poll.stop()
            for path in self.saved:
                print(f"screenshot: {path}")
            if self.quit_when_done:
                QApplication.instance().quit()  # type: ignore[union-attr]
            return
        name, action = self.steps.pop(0)
        try:
            self._extra = action()
        except Exception as exc:  # a screen that cannot be shown must not stop the others
            print(f"screenshot {name} skipped: {exc}")
            QTimer.singleShot(0, self._next)
            return
        self._pending = (name, action)
        self._quiet = 0
        self._poll.start()

    def _tick(self) -> None:
        # Two quiet polls in a row: no background job, and the last results have been painted.
        self._quiet = self._quiet + 1 if tasks.running() == 0 else 0
        if self._quiet < 3 or self._pending is None:
            return
        self._poll.stop()
        name = self._pending[0]
        target = self._extra or self.window
        path = self.out / f"{name}.png"
        target.grab().save(str(path))
        self.saved.append(path)
        self._pending = None
        self._next()

    # -- the steps ----------------------------------------------------------------------------------
    def _steps(self) -> list[Step]:
        steps: list[Step] = [("signin", lambda: None), ("home", self._sign_in)]
        steps += [("inspection", self._inspection), ("inspections", lambda: self._go("inspections")),
                  ("cases", lambda: self._go("cases")), ("case", self._case)]
        if self.writes:
            steps += [("gallery", self._gallery), ("photo", self._photo), ("document", self._document)]
        steps.append(("sync", lambda: self._go("sync")))
        steps.append(("county", self._county))
        return steps

    def _county(self) -> None:
        # Every county tab is built, the quarterly chart (QtCharts) included: a frozen build that
        # left a Qt module out fails here, not in the county office.
        from fieldapp.ui.county import chart  # noqa: F401

        self._go("county" if self.window.county_allowed() else "home")

    def _go(self, key: str) -> None:
        self.window.go(key, "")

    def _sign_in(self) -> None:
        today = __import__("datetime").date.today().isoformat()
        officers = [o for o in queries.officers(self.ctx.reader)
                    if "officer" in o["roles"] and (o["cert_valid_until"] or "") >= today]
        if not officers:
            raise RuntimeError("no officer to sign in as")
        officers.sort(key=lambda o: "team_lead" not in o["roles"])  # the township team lead, as on a real day
        self.window.signin.select(officers[0]["cert_no"])
        self.window.signin.password.setText(DEMO_PASSWORD)
        self.window.signin.submit()

    def _inspection(self) -> None:
        self.window.go("new_inspection", "")
        editor = self.window.page("new_inspection")
        rows = self.ctx.reader.query("SELECT name FROM parties ORDER BY rowid LIMIT 1")
        if rows:
            editor.party.search.setText(rows[0]["name"][:4])  # type: ignore[attr-defined]
            editor.party.run_search()  # type: ignore[attr-defined]
            item = editor.party.results.item(0)  # type: ignore[attr-defined]
            if item is not None:
                editor.party._pick(item)  # type: ignore[attr-defined]
        picked: set[str] = set()
        for matter in self.ctx.ws.catalogue.matters.values():
            if matter.category not in picked and len(picked) < 2:
                picked.add(matter.category)
                editor.matters.check(matter.code)  # type: ignore[attr-defined]
        officers = [o["id"] for o in queries.officers(self.ctx.reader)][:3]
        editor.officers.set_selected(officers[:2])  # type: ignore[attr-defined]
        editor.result.set_result("order_to_correct")  # type: ignore[attr-defined]

    def _case(self) -> None:
        row = self.ctx.reader.one("SELECT c.id FROM cases c JOIN case_transitions t ON t.case_id = c.id"
                                  " WHERE c.state NOT IN ('closed', 'referred', 'cancelled')"
                                  " GROUP BY c.id ORDER BY count(*) DESC LIMIT 1")
        if row is None:
            raise RuntimeError("no case")
        self.window.go("case", row["id"])

    def _final_inspection(self) -> str:
        row = self.ctx.reader.one("SELECT id FROM inspections WHERE status = 'final' ORDER BY started_at DESC LIMIT 1")
        if row is None:
            raise RuntimeError("no final inspection")
        return str(row["id"])

    def _gallery(self) -> None:
        self.window.go("inspection", self._final_inspection())
        editor = self.window.page("new_inspection")
        editor.show_section(editor.gallery)  # type: ignore[attr-defined]
        if self.photos:
            editor.gallery.import_files(self.photos)  # type: ignore[attr-defined]

    def _photo(self) -> QWidget:
        from fieldapp.ui.photos.viewer import PhotoViewer

        editor = self.window.page("new_inspection")
        rows = editor.gallery.rows  # type: ignore[attr-defined]
        if not rows:
            raise RuntimeError("no photo")
        viewer = PhotoViewer(self.ctx, rows[0], self.window)
        viewer.show()
        return viewer

    def _document(self) -> QWidget:
        from fieldapp.forms.lifecycle import new_document
        from fieldapp.ui.documents.editor import DocumentEditor

        inspection_id = self._final_inspection()
        outcome = new_document(self.ctx.ws, "inspection_record", inspection_id=inspection_id, actor=self.ctx.actor)
        editor = DocumentEditor(self.ctx, str(outcome.document["id"]), self.window)
        editor.show()
        return editor
