"""Screenshots of the county page's tabs on a fresh demo store with sample county records.

    .venv/bin/python -m fieldapp.ui.county.shots [--out docs/screenshots]

Offscreen, in Chinese: the 片长's queue and the joint-action check, legal review and the case page's decision
button waiting for it, the roster with its breaches,
a drawn round, a published list, the quarterly figures with the chart. Writes docs/screenshots/county-*.png.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[3]


def settle(app: Any, rounds: int = 3) -> None:
    from fieldapp.ui import tasks

    for _ in range(rounds):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            app.processEvents()
            if tasks.running() == 0:
                break
            time.sleep(0.02)
        app.processEvents()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()

    from fieldapp.demo import DEMO_PASSWORD, build_demo
    from fieldapp.ui import tasks
    from fieldapp.ui.app import make_app, open_window
    from fieldapp.ui.county.sample import BUREAU, add_bureau_officer, seed_county
    from fieldapp.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="fieldapp-county-shots-"))
    data = tmp / "demo"
    build_demo(data)
    ws = Workspace.open(data)
    add_bureau_officer(ws, DEMO_PASSWORD)
    seeded = seed_county(ws)
    ws.close()
    app = make_app()
    window, ws, reader = open_window(data, "zh")
    window.resize(1280, 860)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(name: str, widget: Any = None) -> None:
        settle(app)
        path = args.out / f"county-{name}.png"
        (widget or window).grab().save(str(path))
        saved.append(path)

    def as_officer(name: str) -> Any:
        officer = next(o for o in reader.query("SELECT cert_no, name FROM officers") if o["name"] == name)
        if not window.ctx.session.locked:
            window.ctx.session.lock()
        window.signin.select(officer["cert_no"])
        window.signin.password.setText(DEMO_PASSWORD)
        window.signin.submit()
        settle(app)
        window.go("county", "")
        settle(app)
        return window.page("county")

    def tab(page: Any, key: str, before: Callable[[Any], None] | None = None) -> Any:
        widget = page.show_tab(key)
        settle(app)
        if before is not None:
            before(widget)
        return widget

    page = as_officer("吴文彬")
    queue = tab(page, "queue")
    shot("queue")
    ids = [c["id"] for c in queue.cases]
    if seeded["escalated"] in ids:
        queue.table.selectRow(ids.index(seeded["escalated"]))
    queue.assign_action()
    settle(app)
    if queue.dialog is not None:
        names = {o["name"]: o["id"] for o in reader.query("SELECT id, name FROM officers")}
        queue.dialog.set_checked([names["黄建华"], names["郑国平"]], ["ecoenv"])
        shot("joint", queue.dialog)
        queue.dialog.reject()
    page = as_officer("许雅琴")
    tab(page, "review", lambda w: w.select(seeded["review"]) if seeded["review"] else None)
    shot("review")
    if seeded["review"]:
        window.go("case", seeded["review"])
        shot("decision")
    page = as_officer(BUREAU)
    tab(page, "roster")
    shot("roster")
    draws = tab(page, "draws")
    draws.seed.setText("2026-q4-demo-seed")
    draws.run_round()
    shot("draws")
    lists = tab(page, "lists")
    lists.publish(tmp / "personnel.pdf")
    shot("lists")
    tab(page, "quarterly")
    shot("quarterly")
    settle(app)
    window.close()
    tasks.wait_all()
    reader.close()
    ws.close()
    for path in saved:
        print(f"screenshot: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
