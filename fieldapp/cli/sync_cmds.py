"""enroll | sync | export-bundle: the laptop's side of sync with the county server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fieldapp.cli.output import emit_json, t


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("enroll", parents=[common], help="enroll this laptop with the county server (one-time code)")
    p.add_argument("--server", required=True, help="server URL, e.g. https://sync.example.gov.cn")
    p.add_argument("--code", required=True, help="one-time code from fieldapp-server enroll-code")
    p.set_defaults(func=cmd_enroll)
    p = sub.add_parser("sync", parents=[common],
                       help="sync with the county server (exit 0 ok, 3 partial, 4 no connection, 1 refused)")
    p.add_argument("--server", help="server URL (default: the one saved at enrolment)")
    p.add_argument("--retries", type=int, default=6, help="retries per request on a dropped link")
    p.add_argument("--quiet", action="store_true", help="no progress lines (for cron)")
    p.set_defaults(func=cmd_sync)
    p = sub.add_parser("export-bundle", parents=[common],
                       help="write everything not yet acknowledged to one signed file (USB stick)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_export_bundle)


def cmd_enroll(args: argparse.Namespace) -> int:
    from fieldapp.sync.device import enroll

    info = enroll(args.data_dir, args.server, args.code)
    if args.json:
        emit_json(info)
    else:
        where = info["township"] or t(args.lang, "县级（全县）", "the county (county-level device)")
        print(t(args.lang, f"已登记：{where}，设备密钥 {info['device_key_id']}，服务器 {info['server']}",
                f"Enrolled for {where}: device key {info['device_key_id']}, server {info['server']}"))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from fieldapp.store.store import Store
    from fieldapp.sync.client import SyncEngine

    def progress(phase: str, done: int, total: int, message: str) -> None:
        if not args.quiet and not args.json:
            print(f"\r{phase:8} {done}/{total} {message[:40]:40}", end="", file=sys.stderr, flush=True)

    with Store.in_dir(args.data_dir) as store:
        report = SyncEngine(store, args.server, progress=progress, retries=args.retries).run()
    if not args.quiet and not args.json:
        print(file=sys.stderr)
    if args.json:
        emit_json(report.as_dict())
    else:
        pushed = ", ".join(f"{k} {v}" for k, v in sorted(report.pushed.items())) or "-"
        pulled = ", ".join(f"{k} {v}" for k, v in sorted(report.pulled.items()) if v) or "-"
        print(t(args.lang, f"同步结果：{report.status}；上报 {pushed}；照片 {report.blobs_uploaded} 张；下载 {pulled}；"
                f"新号段 {report.leases}；用时 {report.seconds:.1f} 秒",
                f"Sync {report.status}: pushed {pushed}; photos {report.blobs_uploaded}; pulled {pulled}; "
                f"new number blocks {report.leases}; {report.seconds:.1f} s"))
        for msg in ([report.error] if report.error else []) + report.warnings:
            print(msg.text(args.lang), file=sys.stderr)
    return report.exit_code


def cmd_export_bundle(args: argparse.Namespace) -> int:
    from fieldapp.store.store import Store
    from fieldapp.sync.device import export_bundle

    with Store.in_dir(args.data_dir) as store:
        info = export_bundle(store, args.file)
    if args.json:
        emit_json(info)
    else:
        print(t(args.lang, f"已写入 {info['file']}：{info['records']} 条记录、{info['blobs']} 张照片、{info['bytes']} 字节。"
                "请在县局运行 fieldapp-server import-bundle 导入。",
                f"Wrote {info['file']}: {info['records']} records, {info['blobs']} photos, {info['bytes']} bytes. "
                "Import it at the county with fieldapp-server import-bundle."))
    return 0
