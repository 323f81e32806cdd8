"""`fieldapp county …`: the county roles' work on a county-level laptop (docs/county-records.md).

Everything goes through `fieldapp.county.records`, so each action is audited
and synced like any record. `--actor` names the signed-in officer (id or
执法证号; default $FIELDAPP_OFFICER). It is required wherever the core checks a
role (fieldapp.county.permissions): assign (片长 / team lead), review (legal
reviewer), roster import, plan add, plan round and rate-department (bureau);
there is no anonymous way round the check. Exit codes: 0 done, 1 refused or
breaches found, 2 usage.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.cli.output import emit_json, t, table
from fieldapp.cli.record_cmds import _resolve
from fieldapp.messages import FieldappError, Msg
from fieldapp.workspace import Workspace


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument("--actor", help="acting officer: id or 执法证号 (default: $FIELDAPP_OFFICER)")
    p = sub.add_parser("county", parents=[common], help="片长, legal review, plans and draws, quarterly figures")
    csub = p.add_subparsers(dest="county_command", required=True, metavar="ACTION")

    roster = csub.add_parser("roster", parents=[common], help="the county roster (下沉人员名册)")
    rsub = roster.add_subparsers(dest="action", required=True)
    s = rsub.add_parser("import", parents=[common, who], help="import a roster CSV (UTF-8 or GBK)")
    s.add_argument("file", type=Path)
    s.set_defaults(func=cmd_roster_import)
    s = rsub.add_parser("list", parents=[common])
    s.set_defaults(func=cmd_roster_list)
    s = rsub.add_parser("check", parents=[common], help="staffing rules of the programme (exit 1 on breaches)")
    s.add_argument("--date", type=_day, default=None)
    s.set_defaults(func=cmd_roster_check)

    queue = csub.add_parser("queue", parents=[common], help="the 片长's and the legal reviewer's queues")
    qsub = queue.add_subparsers(dest="action", required=True)
    s = qsub.add_parser("area", parents=[common])
    s.add_argument("area")
    s.set_defaults(func=cmd_queue_area)
    s = qsub.add_parser("review", parents=[common])
    s.set_defaults(func=cmd_queue_review)

    s = csub.add_parser("escalate", parents=[common, who], help="report a case to its area's 片长")
    s.add_argument("case")
    s.add_argument("--reason", required=True)
    s.set_defaults(func=cmd_escalate)
    s = csub.add_parser("assign", parents=[common, who], help="assign a joint action on a case")
    s.add_argument("case")
    s.add_argument("--officer", action="append", required=True, dest="officers", help="officer id or 执法证号")
    s.add_argument("--department", action="append", default=[], dest="departments",
                   help="department whose matters the action covers")
    s.add_argument("--date", type=_day, default=None)
    s.add_argument("--note", default="")
    s.set_defaults(func=cmd_assign)
    s = csub.add_parser("review", parents=[common, who], help="legal review outcome (行政处罚法第五十八条)")
    s.add_argument("case")
    s.add_argument("outcome", choices=["passed", "returned"])
    s.add_argument("--note", default="")
    s.add_argument("--date", type=_day, default=None)
    s.set_defaults(func=cmd_review)
    s = csub.add_parser("dispute", parents=[common, who], help="record the determination of a disputed subject")
    s.add_argument("case")
    s.add_argument("--claimed", action="append", required=True)
    s.add_argument("--determination", required=True, help="township name or department key")
    s.add_argument("--decided-by", required=True, help="department key of the resolver (南安: justice)")
    s.add_argument("--reference", default="")
    s.add_argument("--date", type=_day, default=None)
    s.set_defaults(func=cmd_dispute)

    lists = csub.add_parser("list", parents=[common], help="published lists of an area")
    lsub = lists.add_subparsers(dest="action", required=True)
    s = lsub.add_parser("publish", parents=[common, who])
    s.add_argument("--area", required=True)
    s.add_argument("--kind", required=True, choices=["personnel", "matters"])
    s.add_argument("--out", type=Path, help=".pdf, .csv or .xlsx")
    s.add_argument("--date", type=_day, default=None)
    s.add_argument("--add", action="append", default=[], dest="additions", metavar="CODE:DEPARTMENT:DATE:REFERENCE",
                   help="a matter outside the base list approved by the lead unit (南安 四(五)): matter code, the "
                        "requesting department, the approval date and its document number; repeatable")
    s.add_argument("--approved-by", default=None,
                   help="who approved the additions (default: the lead unit, e.g. 市城市管理和综合执法局)")
    s.set_defaults(func=cmd_list_publish)

    plan = csub.add_parser("plan", parents=[common], help="annual joint inspection plans and their rounds")
    psub = plan.add_subparsers(dest="action", required=True)
    s = psub.add_parser("add", parents=[common, who], help="from a .toml file, or --area/--year/--department/--item")
    s.add_argument("file", nargs="?", type=Path)
    s.add_argument("--area")
    s.add_argument("--year", type=int)
    s.add_argument("--department")
    s.add_argument("--item", action="append", default=[],
                   help="CODE:TIMES_PER_YEAR:RATIO[:RAISED_TIMES:RAISED_RATIO]")
    s.add_argument("--seed", help="publish the commitment of this seed with the plan; the round must reveal it")
    s.set_defaults(func=cmd_plan_add)
    s = psub.add_parser("list", parents=[common])
    s.add_argument("--year", type=int)
    s.set_defaults(func=cmd_plan_list)
    s = psub.add_parser("round", parents=[common, who], help="draw a round (双随机) and make the planned inspections")
    s.add_argument("--plan", action="append", required=True, dest="plans")
    s.add_argument("--seed", required=True)
    s.add_argument("--period", required=True, help="e.g. 2026Q1")
    s.add_argument("--round", type=int, required=True, dest="round_no")
    s.add_argument("--date", type=_day, default=None)
    s.set_defaults(func=cmd_plan_round)

    draw = csub.add_parser("draw", parents=[common], help="recorded draws")
    dsub = draw.add_subparsers(dest="action", required=True)
    s = dsub.add_parser("list", parents=[common], help="recorded draws, with targets taken over their yearly limit")
    s.add_argument("--plan", default=None)
    s.set_defaults(func=cmd_draw_list)
    s = dsub.add_parser("verify", parents=[common], help="re-run a recorded draw (exit 1 if it does not reproduce)")
    s.add_argument("id")
    s.set_defaults(func=cmd_draw_verify)

    att = csub.add_parser("attendance", parents=[common], help="attendance of officers in an area")
    asub = att.add_subparsers(dest="action", required=True)
    s = asub.add_parser("add", parents=[common, who])
    s.add_argument("--officer", required=True)
    s.add_argument("--area", required=True)
    s.add_argument("--date", type=_day, default=None)
    s.set_defaults(func=cmd_attendance_add)

    qr = csub.add_parser("quarterly", parents=[common], help="quarterly figures per officer, area and township")
    qsub2 = qr.add_subparsers(dest="action", required=True)
    for name in ("show", "export"):
        s = qsub2.add_parser(name, parents=[common])
        s.add_argument("--year", type=int, required=True)
        s.add_argument("--q", type=int, required=True, choices=[1, 2, 3, 4])
        if name == "export":
            s.add_argument("--out", type=Path, required=True, help=".xlsx or .pdf")
        s.set_defaults(func=cmd_quarterly_show if name == "show" else cmd_quarterly_export)

    s = csub.add_parser("rate", parents=[common, who], help="quarterly area rating and personal grade (南安 rule)")
    s.add_argument("--officer", required=True)
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--q", type=int, required=True, choices=[1, 2, 3, 4])
    s.add_argument("--area-rating", required=True, help="优秀/良好/合格/基本合格/不合格")
    s.add_argument("--grade", help="personal grade: 好/较好/一般/较差")
    s.set_defaults(func=cmd_rate)
    s = csub.add_parser("rate-department", parents=[common, who],
                        help="a department's quarterly grade (南安: not 优秀 while under half its linked officers are)")
    s.add_argument("--department", required=True, help="department key or name")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--q", type=int, required=True, choices=[1, 2, 3, 4])
    s.add_argument("--rating", required=True, help="优秀/良好/合格/基本合格/不合格")
    s.set_defaults(func=cmd_rate_department)


# -- helpers -------------------------------------------------------------------------------------------

def _actor(ws: Workspace, args: argparse.Namespace, required: bool = True) -> str | None:
    ident = getattr(args, "actor", None) or os.environ.get("FIELDAPP_OFFICER")
    if not ident:
        if required:
            raise FieldappError(Msg("请用 --actor 指定操作的执法人员（或设置 FIELDAPP_OFFICER）。",
                                    "Name the acting officer with --actor (or set FIELDAPP_OFFICER).", "actor_missing"))
        return None
    return _officer_id(ws, ident)


def _officer_id(ws: Workspace, ident: str) -> str:
    row = ws.store.one("SELECT id FROM officers WHERE id = ? OR cert_no = ?", (ident, ident))
    if row is None:
        raise FieldappError(Msg(f"找不到执法人员 {ident}。", f"No officer {ident}.", "officer_unknown"))
    return str(row["id"])


def _case_id(ws: Workspace, ident: str) -> str:
    return _resolve(ws, "cases", ident, "case")


def _show_case(args: argparse.Namespace, data: dict[str, Any], zh: str, en: str) -> int:
    if args.json:
        emit_json(data)
    else:
        print(t(args.lang, zh, en))
    return 0


def _cases_table(args: argparse.Namespace, rows: list[dict[str, Any]]) -> int:
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(t(args.lang, "队列为空。", "The queue is empty."))
        return 0
    for r in rows:
        r["short"] = r["id"][-8:]
    table(rows, [("short", "ID"), ("township", t(args.lang, "乡镇", "Township")),
                 ("title", t(args.lang, "案由", "Title")), ("party_name", t(args.lang, "当事人", "Party")),
                 ("state", t(args.lang, "状态", "State")), ("escalated_on", t(args.lang, "报告日期", "Escalated")),
                 ("review_outcome", t(args.lang, "审核", "Review"))])
    return 0


# -- commands ------------------------------------------------------------------------------------------

def cmd_roster_import(args: argparse.Namespace) -> int:
    from fieldapp.county.records import import_roster

    with Workspace.open(args.data_dir) as ws:
        report = import_roster(ws, args.file, _actor(ws, args))
    if args.json:
        emit_json(report)
    else:
        print(t(args.lang, f"已导入 {report['imported']} 条", f"Imported {report['imported']} rows"))
        for item in report["errors"]:
            print(t(args.lang, f"  第 {item['line']} 行 未导入：{item['zh']}", f"  line {item['line']} skipped: {item['en']}"))
    return 1 if report["errors"] else 0


def cmd_roster_list(args: argparse.Namespace) -> int:
    from fieldapp.county.entries import MODES, dept_name
    from fieldapp.county.records import roster_entries

    with Workspace.open(args.data_dir) as ws:
        entries = roster_entries(ws)
        jur = ws.jurisdiction
    if args.json:
        emit_json([e.as_dict() for e in entries])
        return 0
    rows = [{"name": e.name, "department": dept_name(jur, e.department) if e.department else (e.township or ""),
             "cert_no": e.cert_no, "valid": e.cert_valid_until, "area": jur.areas[e.area_key].name if e.area_key in
             jur.areas else "", "mode": MODES[e.mode][0 if args.lang != "en" else 1]} for e in entries]
    table(rows, [("name", t(args.lang, "姓名", "Name")), ("department", t(args.lang, "单位", "Unit")),
                 ("cert_no", t(args.lang, "执法证号", "Cert. no.")), ("valid", t(args.lang, "有效期至", "Valid until")),
                 ("area", t(args.lang, "片区", "Area")), ("mode", t(args.lang, "下沉方式", "Mode"))])
    return 0


def cmd_roster_check(args: argparse.Namespace) -> int:
    from fieldapp.county.records import roster_check, roster_entries
    from fieldapp.county.roster import breaches_as_dict, format_breaches, split_report

    on = args.date or date.today()
    with Workspace.open(args.data_dir) as ws:
        breaches = roster_check(ws, on)
        split = split_report(ws.jurisdiction, roster_entries(ws), on)
    if args.json:
        emit_json(breaches_as_dict(breaches, split))
    else:
        print(format_breaches(breaches, args.lang))
    return 1 if breaches else 0


def cmd_queue_area(args: argparse.Namespace) -> int:
    from fieldapp.county.records import area_queue

    with Workspace.open(args.data_dir) as ws:
        area = args.area
        for key, a in ws.jurisdiction.areas.items():  # the area's name works too
            if args.area == a.name:
                area = key
        rows = area_queue(ws, area)
    return _cases_table(args, rows)


def cmd_queue_review(args: argparse.Namespace) -> int:
    from fieldapp.county.records import review_queue

    with Workspace.open(args.data_dir) as ws:
        rows = review_queue(ws)
    return _cases_table(args, rows)


def cmd_escalate(args: argparse.Namespace) -> int:
    from fieldapp.county.records import escalate

    with Workspace.open(args.data_dir) as ws:
        data = escalate(ws, _case_id(ws, args.case), args.reason, _actor(ws, args, required=False))
        area = ws.jurisdiction.areas[data["area_key"]].name
    return _show_case(args, data, f"已报告{area}片长。", f"Escalated to the head of {area}.")


def cmd_assign(args: argparse.Namespace) -> int:
    from fieldapp.county.records import assign_joint_action

    with Workspace.open(args.data_dir) as ws:
        officers = [_officer_id(ws, o) for o in args.officers]
        data = assign_joint_action(ws, _case_id(ws, args.case), officers, args.departments,
                                   args.date or date.today(), _actor(ws, args), note=args.note)
    return _show_case(args, data, f"已安排联合执法：{data['on_date']}，{len(data['officers'])} 名执法人员。",
                      f"Joint action assigned for {data['on_date']} with {len(data['officers'])} officers.")


def cmd_review(args: argparse.Namespace) -> int:
    from fieldapp.county.records import review

    with Workspace.open(args.data_dir) as ws:
        data = review(ws, _case_id(ws, args.case), args.outcome, args.note, _actor(ws, args), args.date or date.today())
    zh = "法制审核通过。" if args.outcome == "passed" else "已退回补充调查。"
    en = "Legal review passed." if args.outcome == "passed" else "Returned for further investigation."
    return _show_case(args, data, zh, en)


def cmd_dispute(args: argparse.Namespace) -> int:
    from fieldapp.county.records import record_subject_dispute

    with Workspace.open(args.data_dir) as ws:
        data = record_subject_dispute(ws, _case_id(ws, args.case), args.claimed, args.determination, args.decided_by,
                                      args.reference, _actor(ws, args), args.date or date.today())
    return _show_case(args, data, f"执法主体已明确为{data['subject_name']}。",
                      f"The enforcement subject is now {data['subject_name']}.")


def _addition(ws: Workspace, text: str, approved_by: str | None) -> Any:
    from fieldapp.county.lists import ListAddition

    parts = [p.strip() for p in text.split(":", 3)]
    try:
        if len(parts) != 4 or not parts[0] or not parts[3]:
            raise ValueError
        approved_on = date.fromisoformat(parts[2])
    except ValueError:
        raise FieldappError(Msg(f"增列事项“{text}”格式应为 事项编码:提请部门:同意日期(YYYY-MM-DD):同意文号",
                                f"Addition '{text}' should be CODE:DEPARTMENT:YYYY-MM-DD:REFERENCE (the approval's "
                                "document number)", "lists.addition_format")) from None
    jur = ws.jurisdiction
    lead = jur.departments[jur.lead_unit].name
    return ListAddition(parts[0], _department(ws, parts[1]), (approved_by or lead).strip(), approved_on, parts[3])


def cmd_list_publish(args: argparse.Namespace) -> int:
    from fieldapp.county.records import publish_list

    with Workspace.open(args.data_dir) as ws:
        additions = [_addition(ws, a, args.approved_by) for a in args.additions]
        data = publish_list(ws, args.area, args.kind, args.date or date.today(), _actor(ws, args, required=False),
                            args.out, additions=additions)
    if args.json:
        emit_json(data)
    else:
        print(t(args.lang, f"已公布 {data['content']['title']}（{data['rows']} 项，sha256 {data['content_sha'][:16]}）",
                f"Published {data['content']['title']} ({data['rows']} rows, sha256 {data['content_sha'][:16]})"))
        if data.get("file"):
            print(data["file"])
    return 0


def _item(text: str) -> Any:
    from fieldapp.county.plans import PlanItem

    parts = text.split(":")
    try:
        if len(parts) not in (3, 5):
            raise ValueError
        raised = (int(parts[3]), float(parts[4])) if len(parts) == 5 else (None, None)
        return PlanItem(parts[0], int(parts[1]), float(parts[2]), *raised)
    except ValueError:
        raise FieldappError(Msg(f"计划事项“{text}”格式应为 编码:每年次数:抽查比例[:提高次数:提高比例]",
                                f"Plan item '{text}' should be CODE:TIMES:RATIO[:RAISED_TIMES:RAISED_RATIO]",
                                "plan.item_format")) from None


def _plan_from_args(args: argparse.Namespace) -> Any:
    from fieldapp.county.plans import InspectionPlan, PlanItem

    if args.file is not None:
        try:
            data = tomllib.loads(args.file.read_text("utf-8"))
            items = tuple(PlanItem(str(i.get("matter") or i["matter_code"]), int(i["times_per_year"]),
                                   float(i["ratio"]), i.get("raised_times_per_year"), i.get("raised_ratio"))
                          for i in data.get("items", []))
            return InspectionPlan(str(data["area"]), int(data["year"]), str(data["department"]), items)
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
            raise FieldappError(Msg(f"{args.file}：计划文件格式错误（{exc}）", f"{args.file}: malformed plan file ({exc})",
                                    "plan.file")) from None
    if not (args.area and args.year and args.department and args.item):
        raise FieldappError(Msg("请给出计划文件，或 --area --year --department 和至少一个 --item。",
                                "Give a plan file, or --area --year --department and at least one --item.",
                                "plan.args"))
    return InspectionPlan(args.area, args.year, args.department, tuple(_item(i) for i in args.item))


def cmd_plan_add(args: argparse.Namespace) -> int:
    from fieldapp.county.records import save_plan

    plan = _plan_from_args(args)
    with Workspace.open(args.data_dir) as ws:
        plan_id = save_plan(ws, plan, _actor(ws, args), seed=args.seed)
    if args.json:
        emit_json({"id": plan_id})
    else:
        print(t(args.lang, f"已保存检查计划 {plan_id}", f"Saved plan {plan_id}"))
    return 0


def cmd_plan_list(args: argparse.Namespace) -> int:
    from fieldapp.county.records import plans

    with Workspace.open(args.data_dir) as ws:
        rows = plans(ws, args.year)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        r["n"] = len(r["items"])
    table(rows, [("id", "ID"), ("area_key", t(args.lang, "片区", "Area")), ("year", t(args.lang, "年度", "Year")),
                 ("department", t(args.lang, "部门", "Department")), ("n", t(args.lang, "事项数", "Items"))])
    return 0


def cmd_plan_round(args: argparse.Namespace) -> int:
    from fieldapp.county.records import run_round

    with Workspace.open(args.data_dir) as ws:
        plan_ids = [_resolve(ws, "plans", p, "plan") for p in args.plans]
        result = run_round(ws, plan_ids, args.seed, args.period, args.round_no, _actor(ws, args),
                           args.date or date.today())
    if args.json:
        emit_json(result)
        return 0
    print(t(args.lang, f"{args.period} 第{args.round_no}轮：{len(result['draws'])} 次抽取，生成 {len(result['inspections'])} 项计划检查",
            f"{args.period} round {args.round_no}: {len(result['draws'])} draws, {len(result['inspections'])} planned inspections"))
    for d in result["draws"]:
        print(f"  {d['id']}  {d['seed']}  {d['drawn']}/{d['eligible']}  sha256 {d['result_sha'][:16]}")
    if result["redraw_of"]:
        print(t(args.lang, f"  重新抽取：原记录 {len(result['redraw_of'])} 条保留，其未开始的计划检查已作废",
                f"  Re-draw: {len(result['redraw_of'])} earlier records kept, their planned inspections voided"))
    for item in result["over_limit"] + result["problems"]:
        print("  ! " + (item["en"] if args.lang == "en" else item["zh"]))
    return 0


def cmd_draw_list(args: argparse.Namespace) -> int:
    from fieldapp.county.records import draws_of

    with Workspace.open(args.data_dir) as ws:
        rows = draws_of(ws, _resolve(ws, "plans", args.plan, "plan") if args.plan else None)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        drawn = len((r.get("record") or {}).get("result", {}).get("drawn", []))
        print(f"{r['id']}  {r['period']} {t(args.lang, '第', 'round ')}{r['round_no']}"
              f"{t(args.lang, '轮', '')}  {r['seed']}  {drawn}  sha256 {str(r['result_sha'])[:16]}")
        for o in (r.get("record") or {}).get("over_limit") or []:
            print("  ! " + t(args.lang, f"检查对象{o['target']}本年度第{o['visits']}次检查，超过计划频次{o['limit']}次",
                             f"target {o['target']}: visit {o['visits']} this year, above its planned {o['limit']}"))
    return 0


def cmd_draw_verify(args: argparse.Namespace) -> int:
    from fieldapp.county.records import verify_draw

    with Workspace.open(args.data_dir) as ws:
        problems = verify_draw(ws, _resolve(ws, "draws", args.id, "draw"))
    if args.json:
        emit_json({"ok": not problems, "problems": problems})
    elif problems:
        print(t(args.lang, "抽取记录无法复现：", "The draw does not reproduce:"))
        for p in problems:
            print("  " + p)
    else:
        print(t(args.lang, "抽取记录可复现，结果一致。", "The draw reproduces: same result."))
    return 1 if problems else 0


def cmd_attendance_add(args: argparse.Namespace) -> int:
    from fieldapp.county.records import record_attendance

    with Workspace.open(args.data_dir) as ws:
        rid = record_attendance(ws, _officer_id(ws, args.officer), args.date or date.today(), args.area,
                                _actor(ws, args, required=False))
    return _show_case(args, {"id": rid}, "已登记出勤。", "Attendance recorded.")


def cmd_quarterly_show(args: argparse.Namespace) -> int:
    from fieldapp.county.records import quarterly

    with Workspace.open(args.data_dir) as ws:
        report = quarterly(ws, args.year, args.q)
    tables = report.tables()
    if args.json:
        emit_json({tb.sheet: [dict(zip(tb.columns, r, strict=True)) for r in tb.rows] for tb in tables})
        return 0
    for tb in tables:
        print(tb.title)
        table([dict(zip(tb.columns, r, strict=True)) for r in tb.rows], [(c, c) for c in tb.columns])
        print()
    return 0


def cmd_quarterly_export(args: argparse.Namespace) -> int:
    from fieldapp.county.records import export_quarterly

    with Workspace.open(args.data_dir) as ws:
        path = export_quarterly(ws, args.year, args.q, args.out)
    return _show_case(args, {"file": str(path)}, f"已导出 {path}", f"Exported {path}")


def cmd_rate(args: argparse.Namespace) -> int:
    from fieldapp.county.records import rate

    with Workspace.open(args.data_dir) as ws:
        data = rate(ws, _officer_id(ws, args.officer), args.year, args.q, args.area_rating, args.grade,
                    _actor(ws, args, required=False))
    return _show_case(args, data, "已记录季度评价。", "Quarterly rating recorded.")


def _department(ws: Workspace, text: str) -> str:
    """A department key, or its name or full name as printed."""
    for key, d in ws.jurisdiction.departments.items():
        if text in (key, d.name, d.full_name):
            return key
    return text  # unknown: the core refuses it with the known list


def cmd_rate_department(args: argparse.Namespace) -> int:
    from fieldapp.county.records import rate_department

    with Workspace.open(args.data_dir) as ws:
        data = rate_department(ws, _department(ws, args.department), args.year, args.q, args.rating, _actor(ws, args))
    return _show_case(args, data, f"已记录部门季度考评：{data['area_rating']}。",
                      f"Department grade recorded: {data['area_rating']}.")
