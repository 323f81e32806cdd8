"""`fieldapp-server`: run and administer the county sync server (docs/server.md)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp import __version__
from fieldapp.messages import FieldappError, Msg, set_lang


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
    s = sub.add_parser("enroll-code", parents=[common],
                       help="a one-time enrolment code for a township laptop, or (--county) a county-level one")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--township", help="the township whose laptop will use the code")
    who.add_argument("--county", action="store_true",
                     help="a county-level laptop (片长, legal reviewer, bureau): no township, sees the whole county")
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
    _county_parsers(sub, common)
    return parser


def _county_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Read-only county reports over the synced records (docs/server.md, docs/county-records.md)."""
    group = sub.add_parser("roster", parents=[common], help="county roster: staffing rules")
    gsub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = gsub.add_parser("check", parents=[common], help="every breach of the staffing rules (exit 1 if any)")
    s.add_argument("--date", help="check on this date (YYYY-MM-DD; default today)")
    group = sub.add_parser("lists", parents=[common], help="published personnel and matter lists of an area")
    gsub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = gsub.add_parser("export", parents=[common], help="write an area's list (.pdf .csv .xlsx) and print its hash")
    s.add_argument("--area", required=True, help="area key")
    s.add_argument("--kind", required=True, choices=["personnel", "matters"])
    s.add_argument("--out", required=True, type=Path, help="FILE.pdf, FILE.csv or FILE.xlsx")
    s.add_argument("--date", help="list date (YYYY-MM-DD; default today)")
    group = sub.add_parser("draw", parents=[common], help="双随机 draws")
    gsub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = gsub.add_parser("verify", parents=[common], help="re-run stored draws on their recorded inputs (exit 1 on a problem)")
    s.add_argument("draw_id", nargs="?", help="one draw id (default: all)")
    s.add_argument("--all", action="store_true", help="every stored draw (the default)")
    group = sub.add_parser("quarterly", parents=[common], help="quarterly figures per officer, area, township")
    gsub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, helptext in (("show", "print the quarterly figures"), ("export", "write them as .xlsx or .pdf")):
        s = gsub.add_parser(name, parents=[common], help=helptext)
        s.add_argument("--year", type=int, required=name == "export")
        s.add_argument("--q", type=int, required=name == "export", help="quarter 1-4")
        s.add_argument("--as-of", help="count deadlines missed by this date (default: the quarter's end)")
        if name == "export":
            s.add_argument("--out", required=True, type=Path, help="FILE.xlsx or FILE.pdf")
    group = sub.add_parser("queue", parents=[common], help="片长 and legal-review queues (read-only)")
    gsub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = gsub.add_parser("area", parents=[common], help="open escalated cases of an area (片长)")
    s.add_argument("area", help="area key")
    gsub.add_parser("review", parents=[common], help="cases waiting for legal review")


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
            township = None if args.county else args.township
            code = devices.new_code(server, township, args.ttl_hours)
            _emit(args, {"code": code, "township": township, "county": township is None,
                         "ttl_hours": args.ttl_hours}, code)
        elif args.command == "devices":
            rows = devices.list_devices(server)
            _emit(args, rows, "\n".join(
                f"{r['key_id']}  {r['township'] or _t(args, '县级', 'county')}  {r['hostname'] or '-'}  chain={r['chain_seq']}"
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
        elif args.command in ("roster", "lists", "draw", "quarterly", "queue"):
            return _county(args, server)
        return 0
    finally:
        server.close()


def _date(args: argparse.Namespace, value: str | None, what: str = "--date") -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldappError(Msg(f"{what} 应为 YYYY-MM-DD 格式的日期，而不是“{value}”。",
                                f"{what} must be a date as YYYY-MM-DD, not '{value}'.", "bad_date")) from None


def _msg(m: dict[str, Any], lang: str) -> str:
    return str(m.get("en") if lang == "en" else m.get("zh"))


def _county(args: argparse.Namespace, server: Any) -> int:
    from fieldapp.county.roster import breaches_as_dict, format_breaches
    from fieldapp.sync.server import county

    what = (args.command, args.action)
    if what == ("roster", "check"):
        breaches, split = county.roster_check(server, _date(args, args.date))
        if args.json:
            _emit(args, breaches_as_dict(breaches, split), "")
        else:
            print(format_breaches(breaches, args.lang))
            if split is not None:
                print(_t(args, f"1:1:2 实际比例：{split.actual}（总数 {split.total}）",
                         f"Actual split: {split.actual} (total {split.total})"))
        return 1 if breaches else 0
    if what == ("lists", "export"):
        info = county.export_area_list(server, args.area, args.kind, _date(args, args.date), args.out)
        pub = info["published"]
        same = "" if pub is None else _t(
            args, f"；与 {pub['on_date']} 发布的清单{'一致' if pub['same'] else '不同'}",
            f"; {'same as' if pub['same'] else 'differs from'} the list published on {pub['on_date']}")
        _emit(args, info, _t(args, f"已导出 {info['file']}（{info['rows']} 行）{same}\nsha256 {info['sha256']}",
                             f"Exported {info['file']} ({info['rows']} rows){same}\nsha256 {info['sha256']}"))
        return 0
    if what == ("draw", "verify"):
        if args.draw_id and args.all:
            raise FieldappError(Msg("请给出一个抽取编号或 --all，不要同时给出。", "Give one draw id or --all, not both.",
                                    "bad_arguments"))
        results = county.verify_draws(server, args.draw_id)
        lines = []
        for r in results:
            head = f"{r['id']}  {r['area_key'] or '-'}  {r['period'] or '-'}  " + (
                _t(args, "可复现", "reproducible") if r["reproducible"] else _t(args, "有问题", "PROBLEM"))
            lines += [head, *(f"  - {_msg(m, args.lang)}" for m in [*r["problems"], *r["notes"]])]
        _emit(args, {"ok": all(r["reproducible"] for r in results), "draws": results},
              "\n".join(lines) or _t(args, "服务器上没有抽取记录。", "No draw records on the server."))
        return 0 if all(r["reproducible"] for r in results) else 1
    if args.command == "quarterly":
        as_of = _date(args, args.as_of, "--as-of") if args.as_of else None
        if args.action == "export":
            info = county.export_quarterly_file(server, args.year, args.q, args.out, as_of)
            _emit(args, info, _t(args, f"已导出 {info['label']}统计：{info['file']}",
                                 f"Exported the figures of {info['year']} Q{info['quarter']}: {info['file']}"))
            return 0
        from fieldapp.county.quarterly import quarter_of

        year, q = quarter_of(date.today())
        _, report = county.quarterly(server, args.year or year, args.q or q, as_of)
        data = county.quarterly_as_dict(report)
        text = []
        for table in data["tables"]:
            text += [f"== {table['title']}", "\t".join(table["columns"]),
                     *("\t".join(str(c) for c in row) for row in table["rows"]), ""]
        _emit(args, data, "\n".join(text).rstrip())
        return 0
    if args.command == "queue":
        rows = county.area_queue(server, args.area) if args.action == "area" else county.review_queue(server)
        _emit(args, rows, "\n".join(
            f"{r['id']}  {r['township']}  {r['state']}  {r['filed_on'] or r['accepted_on'] or '-'}  {r['title'] or ''}"
            for r in rows) or _t(args, "队列为空。", "The queue is empty."))
        return 0
    raise AssertionError(what)


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
    # A batch makes tens of thousands of short-lived objects (parsed payloads, answers): at the default
    # threshold the cycle collector ran hundreds of times a batch, a tenth of the ingest time, over every
    # object the server had loaded at start. Those are set aside (freeze) and young objects collected less often.
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
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
    except Exception as exc:
        from fieldapp.sync.server.core import disk_full

        if not disk_full(exc):
            raise
        print(Msg(f"磁盘已满：{exc}。未完成的那一步已整体回滚，已保存的数据完好；请清理磁盘后重试（导入数据包可重复执行）。",
                  f"The disk is full: {exc}. The step that was under way was rolled back whole and what was stored "
                  "is intact; free space and run it again (importing a bundle again is safe).",
                  "server_disk_full").text(args.lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
