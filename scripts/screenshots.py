"""Screenshots of every main screen, in Chinese, on a fresh demo store: docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--lang zh|en]

Runs offscreen (no display needed). The tour signs in as a demo officer, fills a joint inspection,
opens the lists, a case with its timeline, imports a few photos, opens one, drafts a 现场检查笔录
beside its PDF preview, and ends on the sync screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def scene(path: Path, seed: int) -> Path:
    """A plain street-scene stand-in (sky, road, a shopfront) with camera EXIF, so the gallery has something to show."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (150 + seed * 20 % 80, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 760, 1600, 1200), fill=(90, 90, 95))
    draw.rectangle((220 + seed * 90, 330, 1120 + seed * 60, 780), fill=(200 - seed * 25, 160, 120))
    draw.rectangle((420 + seed * 90, 520, 720 + seed * 90, 780), fill=(60, 70, 80))
    for i in range(6):
        draw.rectangle((120 + i * 230, 820 + (i % 2) * 90, 260 + i * 230, 900 + (i % 2) * 90), fill=(180, 120, 40))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "HUAWEI", "HUAWEI Mate 60", 1
    exif.get_ifd(0x8769)[0x9003] = f"2026:03:14 09:{20 + seed:02d}:00"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--lang", default="zh", choices=["zh", "en"])
    args = ap.parse_args()

    from PySide6.QtCore import QTimer

    from fieldapp.demo import build_demo
    from fieldapp.ui.app import make_app, open_window
    from fieldapp.ui.tour import Tour

    tmp = Path(tempfile.mkdtemp(prefix="fieldapp-shots-"))
    data = tmp / "demo"
    build_demo(data)
    photos = [scene(tmp / "photos" / f"IMG_20260314_09{20 + i:02d}.jpg", i) for i in range(4)]
    app = make_app()
    window, ws, reader = open_window(data, args.lang)
    window.resize(1280, 860)
    window.show()
    tour = Tour(window, args.out, quit_when_done=True, writes=True, photos=photos)
    QTimer.singleShot(300, tour.start)
    app.exec()
    reader.close()
    ws.close()
    return 0 if tour.saved else 1


if __name__ == "__main__":
    raise SystemExit(main())
