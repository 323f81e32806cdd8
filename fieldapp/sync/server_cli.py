"""`fieldapp-server`: run and administer the county sync server (docs/server.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fieldapp import __version__
from fieldapp.messages import FieldappError, set_lang


def default_data_dir() -> Path:
    env = os.environ.get("FIELDAPP_SERVER_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("fieldapp-server", appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="server data directory: SQLite file, blobs, keys (default $FIELDAPP_SERVER_DIR)")
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="database URL, e.g. postgresql://user:pw@host/db (default: SQLite in the data dir)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
    common.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="fieldapp-server", parents=[common],
                                     description="县级同步服务器 / county sync server for fieldapp")
    parser.add_argument("--version", action="version", version=f"fieldapp-server {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("init", parents=[common], help="create the county key; load jurisdiction and catalogue")
    s.add_argument("--jurisdiction", required=True)
    s.add_argument("--catalogue", type=Path)
    s = sub.add_parser("serve", parents=[common], help="serve the sync API (uvicorn)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--certfile", type=Path, help="TLS certificate (PEM) to serve HTTPS directly")
    s.add_argument("--keyfile", type=Path, help="TLS private key (PEM)")
    s.add_argument("--jurisdiction", default="shaxian", help="used only to set up an empty data directory")
    s.add_argument("--log-level", default="info")
    s = sub.add_parser("enroll-code", parents=[common], help="a one-time enrolment code for a township")
    s.add_argument("--township", required=True)
    s.add_argument("--ttl-hours", type=int, default=72)
    sub.add_parser("devices", parents=[common], help="list enrolled devices")
    s = sub.add_parser("revoke", parents=[common], help="revoke a device key")
    s.add_argument("key_id")
    s.add_argument("--reason", default="")
    s = sub.add_parser("lease", parents=[common], help="lease a number block to a device")
    s.add_argument("--device", required=True, help="device key id")
    s.add_argument("--subject", required=True, help="enforcement subject key (township name or department key)")
    s.add_argument("--doc-type", required=True)
    s.add_argument("--year", type=int)
    s.add_argument("--count", type=int, default=50)
    sub.add_parser("status", parents=[common], help="counts of records, blobs, devices, conflicts, quarantined")
    s = sub.add_parser("import-bundle", parents=[common], help="apply a USB bundle exported by a laptop")
    s.add_argument("file", type=Path)
    s = sub.add_parser("events", parents=[common], help="recent refusals and admin actions")
    s.add_argument("--limit", type=int, default=50)
    return parser


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


def _t(args: argparse.Namespace, zh: str, en: str) -> str:
    return en if args.lang == "en" else zh


def run(args: argparse.Namespace) -> int:
    from fieldapp.sync.server import admin, devices, feed
    from fieldapp.sync.server.core import Server

    server = Server(args.data_dir, getattr(args, "db", None))
    try:
        if args.command == "init":
            if getattr(args, "db", None):
                server.save_config(db=args.db)
            info = admin.init_server(server, args.jurisdiction, args.catalogue)
            _emit(args, info, _t(args, f"已初始化：{info['jurisdiction']}，县局密钥 {info['county_key_id']}",
                                 f"Initialised {info['jurisdiction']}; county key {info['county_key_id']}"))
        elif args.command == "serve":
            return _serve(args, server)
        elif args.command == "enroll-code":
            code = devices.new_code(server, args.township, args.ttl_hours)
            _emit(args, {"code": code, "township": args.township, "ttl_hours": args.ttl_hours}, code)
        elif args.command == "devices":
            rows = devices.list_devices(server)
            _emit(args, rows, "\n".join(
                f"{r['key_id']}  {r['township'] or '-'}  {r['hostname'] or '-'}  chain={r['chain_seq']}"
                f"{'  REVOKED' if r['revoked_at'] else ''}{'  ' + r['chain_problem'] if r['chain_problem'] else ''}"
                for r in rows) or "-")
        elif args.command == "revoke":
            devices.revoke(server, args.key_id, args.reason)
            _emit(args, {"revoked": args.key_id}, _t(args, f"已吊销 {args.key_id}", f"Revoked {args.key_id}"))
        elif args.command == "lease":
            block = feed.lease(server, args.device, args.subject, args.doc_type, args.year, args.count)
            _emit(args, block, f"{block['subject_key']} {block['doc_code']} {block['year']}: "
                               f"{block['first']}–{block['last']} ({block['id']})")
        elif args.command == "status":
            info = admin.status(server)
            _emit(args, info, json.dumps(info, ensure_ascii=False, indent=1))
        elif args.command == "import-bundle":
            info = admin.import_bundle(server, args.file)
            _emit(args, info, json.dumps(info, ensure_ascii=False, indent=1))
        elif args.command == "events":
            from sqlalchemy import select

            from fieldapp.sync.server import schema as t

            with server.db.read() as conn:
                rows = [dict(r) for r in conn.execute(select(t.events).order_by(t.events.c.id.desc())
                                                      .limit(args.limit)).mappings()]
            _emit(args, rows, "\n".join(f"{r['at']} {r['level']:7} {r['code']:22} {r['key_id'] or '-'} {r['detail']}"
                                        for r in rows) or "-")
        return 0
    finally:
        server.close()


def _serve(args: argparse.Namespace, server: Any) -> int:
    import uvicorn

    from fieldapp.sync.server import admin
    from fieldapp.sync.server.app import create_app

    if not server.county_key_path.exists():
        info = admin.init_server(server, args.jurisdiction)
        print(_t(args, f"数据目录为空，已按 {info['jurisdiction']} 初始化（县局密钥 {info['county_key_id']}）。",
                 f"Empty data directory: initialised for {info['jurisdiction']} (county key {info['county_key_id']})."),
              file=sys.stderr)
    ssl = {"ssl_certfile": str(args.certfile), "ssl_keyfile": str(args.keyfile)} if args.certfile else {}
    # One worker process: the single writer connection and the upload locks live in it.
    uvicorn.run(create_app(server), host=args.host, port=args.port, workers=1, log_level=args.log_level,
                timeout_keep_alive=30, **ssl)  # type: ignore[arg-type]
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.data_dir = Path(getattr(args, "data_dir", None) or default_data_dir())
    args.lang = getattr(args, "lang", None) or os.environ.get("FIELDAPP_LANG", "zh")
    args.json = bool(getattr(args, "json", False))
    set_lang(args.lang)
    try:
        return run(args)
    except FieldappError as exc:
        print(exc.msg.text(args.lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
