"""Evidence import benchmark: 200 synthetic 12-megapixel JPEGs.

Prints figures; it is not a test. Run: .venv/bin/python bench/evidence.py [--n 200] [--workers N] [--repeat 3]
Targets (issue 7), on 2 cores: import ≥ 25 photos/s; import ÷ floor ≥ 1.3; import peak RSS ≤ 300 MB.

The floor is the least work an import can do, in one process: read each file, SHA-256 it, copy it, and
decode it at 1/8 scale (Pillow draft). The import also validates, reads EXIF, writes a thumbnail, fsyncs
the original and records it with its audit entries. Floor and import each run in a fresh child process
so the peak RSS printed is theirs alone. Generated files go to a temp dir, never the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops
from PIL.TiffImagePlugin import IFDRational

W, H = 4000, 3000


def _exif(i: int) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Canon", "Canon EOS R6", 1
    exif.get_ifd(0x8769)[0x9003] = f"2026:03:14 {9 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (IFDRational(26, 1), IFDRational(23, 1), IFDRational(i, 100))
    gps[3], gps[4] = "E", (IFDRational(117, 1), IFDRational(47, 1), IFDRational(i, 100))
    return exif.tobytes()


def generate(folder: Path, n: int) -> list[Path]:
    """Noisy content (σ 24 noise over gradients, quality 86) so each file really is 3–4 MB."""
    folder.mkdir(parents=True, exist_ok=True)
    noise = Image.effect_noise((W + 400, H + 300), 24)
    grad = Image.linear_gradient("L").resize((W, H))
    grad_flip = grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT)

    def make(i: int) -> Path:
        path = folder / f"IMG_{i:04d}.JPG"
        if path.exists():
            return path
        dx, dy = (i * 37) % 400, (i * 53) % 300
        crop = noise.crop((dx, dy, dx + W, dy + H))
        r = ImageChops.add(crop, grad, 2.0, i % 40)
        g = ImageChops.add(crop.transpose(Image.Transpose.ROTATE_180), grad_flip, 2.0, 0)
        b = crop.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        tmp = path.with_suffix(".part")
        Image.merge("RGB", (r, g, b)).save(tmp, "JPEG", quality=86, exif=_exif(i))
        tmp.rename(path)
        return path

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(make, range(n)))


def peak_rss_mb() -> float:
    # VmHWM is this process image's own peak; ru_maxrss on Linux survives exec and would report the
    # parent's (the photo generator's) peak instead.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_floor(folder: Path, out: Path) -> dict[str, float]:
    files = sorted(folder.glob("*.JPG"))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    total = 0
    for path in files:
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        (out / path.name).write_bytes(data)
        with Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (im.width // 8, im.height // 8))
            im.load()
        total += len(data)
    seconds = time.perf_counter() - start
    return {"photos": len(files), "bytes": total, "seconds": seconds, "rss_mb": peak_rss_mb()}


def _cpu_seconds() -> float:
    """CPU time of this process's threads and any worker processes: ÷ wall time = cores kept busy."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_import(folder: Path, data_dir: Path, workers: int | None, display: bool) -> dict[str, float]:
    from fieldapp import evidence
    from fieldapp.store.inspections import InspectionInput, MatterFinding
    from fieldapp.store.officers import add_officer
    from fieldapp.workspace import Workspace

    with Workspace.init(data_dir, "shaxian", "湖源乡") as ws:
        officers = [add_officer(ws.store, name=name, cert_no=f"3504050{i}", unit="湖源乡综合执法队",
                                password="secret1") for i, name in enumerate(["陈志明", "林秀英"], start=1)]
        code = next(iter(ws.catalogue.matters))
        inspection = ws.create_inspection(InspectionInput(township="湖源乡", officers=officers, status="draft",
                                                          matters=[MatterFinding(code, "占道经营", False)]))
        cpu0 = _cpu_seconds()
        start = time.perf_counter()
        report = evidence.import_paths(ws.store, [folder], inspection_id=inspection, photographer="陈志明",
                                       workers=workers)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu0
        assert report.count("imported") == len(report.results), report.as_dict()["counts"]
        total = sum(f.stat().st_size for f in folder.glob("*.JPG"))
        result = {"photos": len(report.results), "bytes": total, "seconds": seconds, "rss_mb": peak_rss_mb(),
                  "cores_busy": cpu / seconds}
        if display:  # what the UI's background pass costs after the import has returned
            start = time.perf_counter()
            evidence.make_display_copies(ws.store, [str(r.sha256) for r in report.results])
            result["display_seconds"] = time.perf_counter() - start
    return result


def child(mode: str, folder: Path, work: Path, workers: int | None, display: bool = False) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", mode, "--dir", str(folder), "--work", str(work)]
    if display:
        cmd.append("--display")
    if workers:
        cmd += ["--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def show(label: str, r: dict[str, float]) -> str:
    rate = r["photos"] / r["seconds"]
    mbs = r["bytes"] / 2**20 / r["seconds"]
    line = f"{label:<8} {r['photos']:.0f} photos in {r['seconds']:.2f} s: {rate:.1f} photos/s, {mbs:.0f} MB/s, " \
           f"peak RSS {r['rss_mb']:.0f} MB" + (f", {r['cores_busy']:.2f} cores busy" if "cores_busy" in r else "")
    print(line, flush=True)
    return line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--repeat", type=int, default=3, help="floor and import runs, alternating (medians are compared)")
    ap.add_argument("--dir", type=Path, help="reuse generated photos from this folder")
    ap.add_argument("--display", action="store_true", help="also time the background display-copy pass")
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child", choices=["floor", "import"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_floor(args.dir, args.work) if args.child == "floor" else run_import(args.dir, args.work,
                                                                                          args.workers, args.display)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="fieldapp-bench-evidence-") as tmp:
        folder = args.dir or Path(tmp) / "card"
        start = time.perf_counter()
        files = generate(folder, args.n)
        sizes = [f.stat().st_size / 1e6 for f in files]
        print(f"generated {len(files)} photos {W}×{H} in {time.perf_counter() - start:.1f} s: "
              f"{min(sizes):.2f}–{max(sizes):.2f} MB (mean {statistics.mean(sizes):.2f} MB), "
              f"{os.cpu_count()} CPUs, workers {args.workers or 'default'}")
        # Floor and import alternate, so a neighbour's load on this shared machine hits both alike;
        # the ratio is of the medians, and every run is printed.
        floors, runs = [], []
        for k in range(args.repeat):
            floors.append(child("floor", folder, Path(tmp) / f"floor-copy{k}", None))
            show(f"floor#{k + 1}", floors[-1])
            runs.append(child("import", folder, Path(tmp) / f"data{k}", args.workers, args.display))
            show(f"import#{k + 1}", runs[-1])
            if "display_seconds" in runs[-1]:
                print(f"         display copies afterwards (background, one thread): "
                      f"{runs[-1]['photos'] / runs[-1]['display_seconds']:.1f} photos/s", flush=True)
        floor_rate = statistics.median(f["photos"] / f["seconds"] for f in floors)
        import_rate = statistics.median(r["photos"] / r["seconds"] for r in runs)
        print(f"median import {import_rate:.1f} photos/s (target ≥ 25), median floor {floor_rate:.1f} photos/s, "
              f"ratio import/floor {import_rate / floor_rate:.2f} (target ≥ 1.3), "
              f"peak RSS {max(r['rss_mb'] for r in runs):.0f} MB (target ≤ 300), "
              f"cores busy {statistics.median(r['cores_busy'] for r in runs):.2f} of {os.cpu_count()}")


if __name__ == "__main__":
    main()
