"""The bureau's plans and 双随机 rounds: run a round from a recorded seed, see who was drawn, verify a draw."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldapp.county.draws import new_seed
from fieldapp.county.quarterly import quarter_of
from fieldapp.messages import get_lang
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import RED, ROLE, area_label, dept_label, fill, message_label, say, selected_key, table
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op


def load(reader: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    return source.plans(reader), source.draws(reader), source.names(reader)


def drawn_rows(draw_rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every drawn target of the round's draws: target, inspectors, units and any problem code."""
    out = []
    for d in draw_rows:
        record = d.get("record") or {}
        for t in (record.get("result") or {}).get("drawn") or []:
            out.append({**t, "period": d.get("period"), "draw_id": d.get("id")})
    return out


class DrawsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plans: list[dict[str, Any]] = []
        self.draws: list[dict[str, Any]] = []
        self.names: dict[str, str] = {}
        self.last_round: dict[str, Any] | None = None
        self.setObjectName("countyDraws")
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.plan_table = table("planTable", [self.tr("Area"), self.tr("Year"), self.tr("Department"),
                                              self.tr("Matters"), self.tr("Seed commitment")], stretch=4)
        self.plan_table.setSelectionMode(self.plan_table.SelectionMode.MultiSelection)
        box = QGroupBox(self.tr("Annual plans (select those to draw)"))
        QVBoxLayout(box).addWidget(self.plan_table)
        top_layout.addWidget(box, 3)
        top_layout.addWidget(self._round_form(), 2)
        split.addWidget(top)
        self.result_label = QLabel()
        self.result_label.setObjectName("roundSummary")
        self.result_label.setWordWrap(True)
        self.drawn = table("drawnTable", [self.tr("Target"), self.tr("Inspectors"), self.tr("Units"),
                                          self.tr("Period"), self.tr("Problem")], stretch=1)
        self.over = QListWidget()
        self.over.setObjectName("overLimit")
        result = QGroupBox(self.tr("Result of the round"))
        inner = QVBoxLayout(result)
        inner.addWidget(self.result_label)
        inner.addWidget(self.drawn, 3)
        inner.addWidget(QLabel(self.tr("Targets inspected more often than their yearly limit")))
        inner.addWidget(self.over, 1)
        split.addWidget(result)
        split.addWidget(self._draw_list())
        split.setSizes([220, 320, 200])
        layout.addWidget(split, 1)
        ctx.changed.connect(self._changed)  # the page loads a tab when it is first shown

    def _round_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Run a round"))
        form = QFormLayout(box)
        year, q = quarter_of(date.today())
        self.period = QLineEdit(f"{year}Q{q}")
        self.period.setObjectName("roundPeriod")
        form.addRow(self.tr("Period"), self.period)
        self.round_no = QSpinBox()
        self.round_no.setObjectName("roundNo")
        self.round_no.setRange(1, 12)
        self.round_no.setValue(q)
        form.addRow(self.tr("Round"), self.round_no)
        seed_row = QHBoxLayout()
        self.seed = QLineEdit(new_seed())
        self.seed.setObjectName("roundSeed")
        seed_row.addWidget(self.seed, 1)
        fresh = QPushButton(self.tr("New seed"))
        fresh.clicked.connect(lambda: self.seed.setText(new_seed()))
        seed_row.addWidget(fresh)
        form.addRow(self.tr("Seed"), seed_row)
        self.run_button = QPushButton(self.tr("Draw the round"))
        self.run_button.setObjectName("runRound")
        self.run_button.clicked.connect(self.run_round)
        form.addRow(self.run_button)
        self.message = message_label("roundMessage")
        form.addRow(self.message)
        return box

    def _draw_list(self) -> QGroupBox:
        box = QGroupBox(self.tr("Recorded draws"))
        inner = QVBoxLayout(box)
        self.draw_table = table("drawTable", [self.tr("Area"), self.tr("Period"), self.tr("Round"), self.tr("Seed"),
                                              self.tr("Result hash"), self.tr("Drawn by"), self.tr("When")],
                                stretch=4)
        self.draw_table.itemSelectionChanged.connect(self._show_selected_draw)
        inner.addWidget(self.draw_table)
        row = QHBoxLayout()
        verify = QPushButton(self.tr("Verify the draw"))
        verify.setObjectName("verifyDraw")
        verify.clicked.connect(self.verify)
        row.addWidget(verify)
        self.verify_label = message_label("verifyMessage")
        row.addWidget(self.verify_label, 1)
        inner.addLayout(row)
        return box

    def _changed(self, kind: str) -> None:
        if kind in ("plan", "draw", "sync", "*"):
            self.refresh()

    def refresh(self) -> None:
        reader = self.ctx.reader
        Op(lambda job: load(reader), kind="work").success(self.show_data).run(self)

    def show_data(self, data: tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]) -> None:
        self.plans, self.draws, self.names = data
        jur = self.ctx.ws.jurisdiction
        fill(self.plan_table, [[area_label(jur, p["area_key"]), p["year"], dept_label(jur, p["department"]),
                                len(p.get("items") or []), (p.get("seed_commitment") or "")[:16]] for p in self.plans],
             [p["id"] for p in self.plans])
        fill(self.draw_table, [[area_label(jur, d["area_key"]), d["period"], d["round_no"], d["seed"],
                                (d.get("result_sha") or "")[:16], self.names.get(str(d.get("drawn_by")), ""),
                                str(d.get("created_at") or "")[:16].replace("T", " ")] for d in self.draws],
             [d["id"] for d in self.draws])

    def selected_plans(self) -> list[str]:
        rows = sorted({i.row() for i in self.plan_table.selectedIndexes()})
        items = [self.plan_table.item(r, 0) for r in rows]
        picked = [str(i.data(ROLE)) for i in items if i is not None]
        return picked or [str(p["id"]) for p in self.plans]

    def run_round(self) -> None:
        plan_ids, seed = self.selected_plans(), self.seed.text().strip()
        period, round_no = self.period.text().strip(), self.round_no.value()
        if not plan_ids:
            say(self.message, self.tr("There is no plan to draw from."), problem=True)
            return
        if not seed or not period:
            say(self.message, self.tr("A round needs a seed and a period."), problem=True)
            return
        ws, actor = self.ctx.ws, self.ctx.actor

        reader = self.ctx.reader

        def work(job: Job) -> Any:
            result = source.records().run_round(ws, plan_ids, seed, period, round_no, actor, date.today())
            ids = {str(d.get("id")) for d in result.get("draws") or []}
            result["draw_rows"] = [d for d in source.draws(reader) if str(d["id"]) in ids]
            return result

        self.run_button.setEnabled(False)
        say(self.message, self.tr("Drawing…"))
        Op(work, kind="db", label=self.tr("Drawing the round")).success(self.show_round).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).finally_(
            lambda: self.run_button.setEnabled(True)).run(self)

    def show_round(self, result: dict[str, Any]) -> None:
        self.last_round = result
        self.ctx.changed.emit("draw")
        self.ctx.changed.emit("inspection")
        draws = result.get("draw_rows") or []
        planned = result.get("inspections") or []
        say(self.message, self.tr("Round {round} of {period} drawn with seed {seed}: {d} draws, {n} planned "
                                  "inspections.").format(round=self.round_no.value(), period=self.period.text(),
                                                         seed=self.seed.text(), d=len(draws), n=len(planned)))
        problems = [str(p.get(get_lang()) or p.get("zh") or "") for p in result.get("problems") or []
                    if isinstance(p, Mapping)]
        if not draws:
            problems.append(self.tr("No item of these plans runs in this round: an item checked k times a year runs "
                                    "in k evenly spread rounds."))
        if problems:
            say(self.message, self.message.text() + "\n" + "\n".join(problems), problem=True)
        self.show_drawn(draws, result.get("over_limit") or [])

    def _show_selected_draw(self) -> None:
        key = selected_key(self.draw_table)
        draw = next((d for d in self.draws if d["id"] == key), None)
        if draw is not None:
            self.show_drawn([draw], [])

    def show_drawn(self, draws: list[Mapping[str, Any]], over: list[Any]) -> None:
        lang = get_lang()
        rows, colours = [], []
        for t in drawn_rows(draws):
            problem = t.get("problem")
            text = {"draw.too_few_inspectors": self.tr("too few inspectors after recusal: assign by hand")}.get(
                str(problem), str(problem or ""))
            rows.append([self.names.get(str(t["target"]), str(t["target"])),
                         "、".join(self.names.get(i, i) for i in t.get("inspectors") or []),
                         "、".join(dept_label(self.ctx.ws.jurisdiction, u) if not u.startswith("township:") else u[9:]
                                  for u in t.get("units") or []), t.get("period") or "", text])
            colours.append(RED if problem else None)
        fill(self.drawn, rows, None, colours)
        if draws:
            first = draws[0]
            self.result_label.setText(self.tr("Seed {seed} · period {period} · round {round}").format(
                seed=first.get("seed") or "", period=first.get("period") or "", round=first.get("round_no") or ""))
        self.over.clear()
        for o in over:
            if isinstance(o, Mapping):  # named by the party, not by its id
                target = str(o.get("target") or o.get("target_id") or "")
                text = self.tr("{name}: {visits} visits this year, limit {limit}").format(
                    name=self.names.get(target, target), visits=o.get("visits"), limit=o.get("limit"))
                self.over.addItem(text if target in self.names else str(o.get(lang) or text))
            else:
                msg = getattr(o, "msg", None)
                self.over.addItem(msg.text(lang) if msg is not None else str(o))
        if not over:
            self.over.addItem(self.tr("No target over its yearly limit."))

    def verify(self) -> None:
        key = selected_key(self.draw_table)
        if not key:
            say(self.verify_label, self.tr("Choose a recorded draw first."), problem=True)
            return
        ws = self.ctx.ws
        Op(lambda job: source.records().verify_draw(ws, str(key)), kind="db").success(self._verified).failure(
            lambda exc: say(self.verify_label, message_of(exc), problem=True)).run(self)

    def _verified(self, problems: list[Any]) -> None:
        lang = get_lang()
        if not problems:
            say(self.verify_label, self.tr("Reproducible: re-running the recorded seed and inputs gives the same draw."))
            return
        texts = [p.text(lang) if hasattr(p, "text") else str(p) for p in problems]
        say(self.verify_label, self.tr("Does not verify:") + " " + "；".join(texts), problem=True)
