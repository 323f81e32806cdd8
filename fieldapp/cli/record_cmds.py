"""inspection, case, parties: listing, showing, importing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldapp.cli.output import emit_json, t, table
from fieldapp.rules.case_flow import CaseState
from fieldapp.store import cases, inspections, parties
from fieldapp.store.cases import not_found
from fieldapp.workspace import Workspace

RESULT_ZH = {"compliant": "合规", "order_to_correct": "责令改正", "on_the_spot_penalty": "当场处罚",
             "open_case": "立案查处"}
ROLE_ZH = {"lead": "主办", "member": "协办"}
STATUS_ZH = {"planned": "计划", "draft": "草稿", "final": "已定稿", "voided": "已作废"}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("inspection", parents=[common], help="joint inspections (综合查一次)")
    isub = p.add_subparsers(dest="action", required=True)
    s = isub.add_parser("list", parents=[common])
    s.add_argument("--township")
    s.add_argument("--status", choices=list(STATUS_ZH))
    s.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=cmd_inspection_list)
    s = isub.add_parser("show", parents=[common])
    s.add_argument("id")
    s.set_defaults(func=cmd_inspection_show)

    p = sub.add_parser("case", parents=[common], help="cases")
    csub = p.add_subparsers(dest="action", required=True)
    s = csub.add_parser("list", parents=[common])
    s.add_argument("--township")
    s.add_argument("--state")
    s.add_argument("--search")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=cmd_case_list)
    s = csub.add_parser("show", parents=[common])
    s.add_argument("id")
    s.set_defaults(func=cmd_case_show)

    p = sub.add_parser("parties", parents=[common], help="the directory of parties (当事人)")
    psub = p.add_subparsers(dest="action", required=True)
    s = psub.add_parser("import", parents=[common], help="import a CSV directory (UTF-8 or GBK)")
    s.add_argument("file", type=Path)
    s.set_defaults(func=cmd_parties_import)
    s = psub.add_parser("search", parents=[common], help="by name substring, USCC or ID number")
    s.add_argument("text")
    s.set_defaults(func=cmd_parties_search)


def cmd_inspection_list(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        rows = inspections.list_inspections(ws.store, township=args.township, status=args.status,
                                            date_from=args.date_from, date_to=args.date_to, limit=args.limit)
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        if args.lang != "en":
            row["status"] = STATUS_ZH.get(row["status"], row["status"])
            row["result"] = RESULT_ZH.get(row["result"] or "", row["result"])
        row["short"] = row["id"][-8:]
    table(rows, [("short", "ID"), ("started_at", t(args.lang, "检查时间", "Started")),
                 ("township", t(args.lang, "乡镇", "Township")), ("party_name", t(args.lang, "当事人", "Party")),
                 ("status", t(args.lang, "状态", "Status")), ("result", t(args.lang, "结果", "Result"))])
    return 0


def _resolve(ws: Workspace, table_name: str, ident: str, kind: str) -> str:
    """A full id, or the last characters shown in listings (ids start with a timestamp)."""
    rows = ws.store.query(f"SELECT id FROM {table_name} WHERE id = ? OR id LIKE ? LIMIT 2",
                          (ident, "%" + ident.lower()))
    if len(rows) != 1:
        raise not_found(kind, ident)
    return str(rows[0]["id"])


def cmd_inspection_show(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        data = inspections.get_inspection(ws.store, _resolve(ws, "inspections", args.id, "inspection"))
    assert data is not None
    if args.json:
        emit_json(data)
        return 0
    party = data["party"] or {}
    print(f"{t(args.lang, '检查', 'Inspection')} {data['id']}")
    print(f"  {t(args.lang, '乡镇', 'Township')}: {data['township']}  {t(args.lang, '地点', 'Place')}: {data['place']}")
    print(f"  {t(args.lang, '时间', 'Time')}: {data['started_at']} – {data['ended_at']}")
    print(f"  {t(args.lang, '当事人', 'Party')}: {party.get('name', '/')}")
    status = STATUS_ZH.get(data["status"], data["status"]) if args.lang == "zh" else data["status"]
    result = RESULT_ZH.get(data["result"] or "", data["result"]) if args.lang == "zh" else data["result"]
    print(f"  {t(args.lang, '状态', 'Status')}: {status}  {t(args.lang, '结果', 'Result')}: {result or '/'}")
    for officer in data["officers"]:
        role = ROLE_ZH.get(officer["role"], officer["role"]) if args.lang == "zh" else officer["role"]
        print(f"  {t(args.lang, '执法人员', 'Officer')}: {officer['name']} ({officer['cert_no']}) {role}")
    for matter in data["matters"]:
        print(f"  [{matter['matter_code']}] {matter['subject_name']}: {matter['finding']}")
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        rows = cases.list_cases(ws.store, township=args.township, state=args.state, text=args.search,
                                limit=args.limit)
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        row["short"] = row["id"][-8:]
        if args.lang != "en":
            row["state"] = CaseState(row["state"]).zh
    table(rows, [("short", "ID"), ("created_at", t(args.lang, "创建", "Created")),
                 ("township", t(args.lang, "乡镇", "Township")), ("title", t(args.lang, "案由", "Title")),
                 ("party_name", t(args.lang, "当事人", "Party")), ("state", t(args.lang, "状态", "State")),
                 ("subject_name", t(args.lang, "执法主体", "Subject"))])
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        data = cases.get_case(ws.store, _resolve(ws, "cases", args.id, "case"))
    assert data is not None
    if args.json:
        emit_json(data)
        return 0
    lang = args.lang
    state = CaseState(data["state"])
    party = data["party"] or {}
    print(f"{t(lang, '案件', 'Case')} {data['id']}  {data['title']}")
    lines = [(t(lang, "乡镇", "Township"), data["township"]), (t(lang, "当事人", "Party"), party.get("name", "/")),
             (t(lang, "状态", "State"), state.zh if lang != "en" else state.en),
             (t(lang, "执法主体", "Enforcement subject"), data["subject_name"] or "/"),
             (t(lang, "立案日期", "Filed on"), data["filed_on"] or "/"),
             (t(lang, "决定日期", "Decided on"), data["decided_on"] or "/"),
             (t(lang, "需法制审核", "Legal review required"), t(lang, "是", "yes") if data["review_required"] else t(lang, "否", "no")),
             (t(lang, "审核结论", "Review outcome"), data["review_outcome"] or "/"),
             (t(lang, "已报片长", "Escalated to the area head"), t(lang, "是", "yes") if data["escalated"] else t(lang, "否", "no"))]
    for label, value in lines:
        print(f"  {label}: {value}")
    for tr in data["transitions"]:
        print(f"  {tr['at']}  {tr['from_state']} → {tr['to_state']}  {tr['reason']}")
    for doc in data["documents"]:
        print(f"  {t(lang, '文书', 'Document')}: {doc['doc_type']} {doc['number'] or t(lang, '（草稿）', '(draft)')} {doc['status']}")
    return 0


def cmd_parties_import(args: argparse.Namespace) -> int:
    from fieldapp.store.party_import import import_csv

    with Workspace.open(args.data_dir) as ws:
        report = import_csv(ws.store, args.file)
    if args.json:
        emit_json(report.as_dict())
    else:
        print(t(args.lang, f"已导入 {report.imported} 条", f"Imported {report.imported} rows"))
        for item in report.warnings:
            print(t(args.lang, f"  第 {item['line']} 行 警告：{item['zh']}", f"  line {item['line']} warning: {item['en']}"))
        for item in report.errors:
            print(t(args.lang, f"  第 {item['line']} 行 未导入：{item['zh']}", f"  line {item['line']} skipped: {item['en']}"))
    return 1 if report.errors else 0


def cmd_parties_search(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        rows = parties.search(ws.store, args.text)
    if args.json:
        emit_json(rows)
    else:
        table(rows, [("name", t(args.lang, "名称", "Name")), ("kind", t(args.lang, "类型", "Kind")),
                     ("uscc", "USCC"), ("id_number", t(args.lang, "身份证号", "ID no.")),
                     ("township", t(args.lang, "乡镇", "Township"))])
    return 0
