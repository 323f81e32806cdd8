"""init, demo, jurisdiction, officer, numbers, gui."""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.cli.output import emit_json, t, table
from fieldapp.messages import FieldappError, Msg
from fieldapp.workspace import Workspace, _jsonable


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="set up a data directory for a township")
    p.add_argument("--jurisdiction", required=True, help="shaxian, nanan, or a path to a jurisdiction .toml")
    p.add_argument("--township", help="the township this laptop serves, e.g. 湖源乡")
    p.add_argument("--catalogue", type=Path, help="matter catalogue .toml (default: the bundled sample)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[common], help="build a realistic demo store")
    p.add_argument("--jurisdiction", default="shaxian")
    p.add_argument("--township", help="default: 湖源乡 (shaxian) or 仑苍镇 (nanan)")
    p.add_argument("--inspections", type=int, default=60)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("jurisdiction", parents=[common], help="show areas, townships, 片长 departments, stations")
    jsub = p.add_subparsers(dest="action", required=True)
    s = jsub.add_parser("show", parents=[common])
    s.add_argument("key", nargs="?", help="a jurisdiction key or file (default: this data directory's)")
    s.set_defaults(func=cmd_jurisdiction_show)

    p = sub.add_parser("officer", parents=[common], help="officers and their certificates")
    osub = p.add_subparsers(dest="action", required=True)
    s = osub.add_parser("add", parents=[common])
    s.add_argument("--name", required=True)
    s.add_argument("--cert-no", required=True, help="执法证号")
    s.add_argument("--valid-until", type=date.fromisoformat, help="certificate valid until (YYYY-MM-DD)")
    s.add_argument("--unit", required=True)
    s.add_argument("--department")
    s.add_argument("--township")
    s.add_argument("--role", action="append", dest="roles")
    s.add_argument("--password", help="default: asked for, or $FIELDAPP_PASSWORD")
    s.set_defaults(func=cmd_officer_add)
    s = osub.add_parser("list", parents=[common])
    s.set_defaults(func=cmd_officer_list)

    p = sub.add_parser("numbers", parents=[common], help="document number blocks")
    nsub = p.add_subparsers(dest="action", required=True)
    s = nsub.add_parser("add-block", parents=[common], help="load a block leased by the county by hand")
    s.add_argument("--subject", required=True, help="enforcement subject key (township name or department key)")
    s.add_argument("--doc-type", required=True)
    s.add_argument("--year", type=int, default=date.today().year)
    s.add_argument("--first", type=int, required=True)
    s.add_argument("--last", type=int, required=True)
    s.set_defaults(func=cmd_numbers_add)
    s = nsub.add_parser("list", parents=[common])
    s.set_defaults(func=cmd_numbers_list)

    p = sub.add_parser("gui", parents=[common], help="start the desktop app (default)")
    p.add_argument("--screenshot-dir", type=Path, help="save a screenshot of each main screen there")
    p.set_defaults(func=cmd_gui)


def cmd_init(args: argparse.Namespace) -> int:
    with Workspace.init(args.data_dir, args.jurisdiction, args.township, args.catalogue) as ws:
        result = {"data_dir": str(args.data_dir), "jurisdiction": ws.jurisdiction.key, "township": ws.township,
                  "catalogue": ws.catalogue.version, "device_id": ws.store.device_id}
    if args.json:
        emit_json(result)
    else:
        print(t(args.lang, f"已初始化：{ws.jurisdiction.full_name} {ws.township or ''}，数据目录 {args.data_dir}",
                f"Initialised {ws.jurisdiction.full_name} {ws.township or ''} in {args.data_dir}"))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldapp.demo import build_demo

    summary = build_demo(args.data_dir, args.jurisdiction, args.township, inspections=args.inspections)
    if args.json:
        emit_json(summary)
    else:
        print(t(args.lang, "演示数据已建立：", "Demo store built: ") + str(args.data_dir))
        for key, value in summary["counts"].items():
            print(f"  {key}: {value}")
        print(t(args.lang, "演示账号（执法证号 / 密码）：", "Demo sign-in (certificate no. / password):"))
        for officer in summary["sign_in"]:
            print(f"  {officer['name']}  {officer['cert_no']} / {officer['password']}")
    return 0


def cmd_jurisdiction_show(args: argparse.Namespace) -> int:
    from fieldapp.jurisdiction import load_jurisdiction

    if args.key:
        jur = load_jurisdiction(args.key)
    else:
        with Workspace.open(args.data_dir) as ws:
            jur = ws.jurisdiction
    if args.json:
        emit_json(_jsonable(jur))
        return 0
    print(f"{jur.full_name}  ({jur.key})  {jur.programme_number} {jur.programme_date}")
    print(t(args.lang, "牵头单位：", "Lead unit: ") + jur.departments[jur.lead_unit].name)
    rows = []
    for area in jur.areas.values():
        rows.append({"area": area.name, "head": jur.departments[area.head_department].name,
                     "station": area.station or t(args.lang, "（无）", "(none)"),
                     "townships": "、".join(area.townships)})
    table(rows, [("area", t(args.lang, "片区", "Area")), ("head", t(args.lang, "片长单位", "Head's department")),
                 ("station", t(args.lang, "驻点乡镇", "Station")), ("townships", t(args.lang, "乡镇", "Townships"))])
    return 0


def cmd_officer_add(args: argparse.Namespace) -> int:
    from fieldapp.store.officers import add_officer

    password = args.password or os.environ.get("FIELDAPP_PASSWORD") or getpass.getpass(
        t(args.lang, "密码：", "Password: "))
    with Workspace.open(args.data_dir) as ws:
        if args.township:
            ws.check_township(args.township)
        officer_id = add_officer(ws.store, name=args.name, cert_no=args.cert_no, unit=args.unit, password=password,
                                 cert_valid_until=args.valid_until, department=args.department,
                                 township=args.township or ws.township, roles=args.roles)
    if args.json:
        emit_json({"id": officer_id})
    else:
        print(t(args.lang, f"已添加执法人员 {args.name}（{officer_id}）", f"Added officer {args.name} ({officer_id})"))
    return 0


def cmd_officer_list(args: argparse.Namespace) -> int:
    from fieldapp.store.officers import list_officers

    with Workspace.open(args.data_dir) as ws:
        rows = list_officers(ws.store)
    if args.json:
        emit_json(rows)
        return 0
    today = date.today().isoformat()
    for row in rows:
        valid = row["cert_valid_until"]
        row["valid"] = valid if valid and valid >= today else f"{valid or '-'} ✗"
        row["roles"] = ",".join(row["roles"])
    table(rows, [("name", t(args.lang, "姓名", "Name")), ("cert_no", t(args.lang, "执法证号", "Cert. no.")),
                 ("valid", t(args.lang, "有效期至", "Valid until")), ("unit", t(args.lang, "单位", "Unit")),
                 ("roles", t(args.lang, "角色", "Roles"))])
    return 0


def cmd_numbers_add(args: argparse.Namespace) -> int:
    from fieldapp.store.numbers import add_block

    with Workspace.open(args.data_dir) as ws:
        if args.subject not in ws.jurisdiction.townships and args.subject not in ws.jurisdiction.departments:
            raise FieldappError(Msg(f"执法主体“{args.subject}”不存在（填乡镇名或部门代码）。",
                                    f"No enforcement subject '{args.subject}' (give a township name or department key).",
                                    "subject_unknown"))
        block_id = add_block(ws.store, subject_key=args.subject, doc_type=args.doc_type, year=args.year,
                             first=args.first, last=args.last)
    if args.json:
        emit_json({"id": block_id})
    else:
        print(t(args.lang, f"已载入号段 {args.first}–{args.last}", f"Loaded block {args.first}–{args.last}"))
    return 0


def cmd_numbers_list(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        rows = ws.store.query("SELECT subject_key, doc_code, year, first, last, next, last - next + 1 AS remaining,"
                              " source FROM number_blocks ORDER BY subject_key, doc_code, year, first")
    if args.json:
        emit_json(rows)
    else:
        table(rows, [("subject_key", t(args.lang, "主体", "Subject")), ("doc_code", t(args.lang, "文书", "Doc")),
                     ("year", t(args.lang, "年度", "Year")), ("first", t(args.lang, "起", "First")),
                     ("last", t(args.lang, "止", "Last")), ("remaining", t(args.lang, "剩余", "Left"))])
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from fieldapp.ui.app import run

    return run(args.data_dir, lang=args.lang, screenshot_dir=getattr(args, "screenshot_dir", None))
