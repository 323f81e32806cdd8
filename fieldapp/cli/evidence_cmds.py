"""evidence: import, list, caption, unlink, verify, purge, sheet."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from fieldapp.cli.output import emit_json, t, table
from fieldapp.messages import FieldappError, Msg
from fieldapp.workspace import Workspace

STATUS = {"imported": ("已导入", "imported"), "linked": ("已关联", "linked"),
          "already_linked": ("已存在", "already linked"), "skipped": ("已跳过", "skipped"),
          "failed": ("未导入", "failed"), "cancelled": ("已取消", "cancelled")}


def _target_args(p: argparse.ArgumentParser, required: bool = True) -> None:
    group = p.add_mutually_exclusive_group(required=required)
    group.add_argument("--inspection", metavar="ID", help="inspection id (or a unique prefix)")
    group.add_argument("--case", metavar="ID", help="case id (or a unique prefix)")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("evidence", parents=[common], help="evidence photos (证据照片)")
    esub = p.add_subparsers(dest="action", required=True)
    s = esub.add_parser("import", parents=[common], help="import photo files and folders into a record")
    s.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _target_args(s)
    s.add_argument("--caption", default="", help="description (说明) for every photo of this import")
    s.add_argument("--place", help="place taken (default: the inspection's place)")
    s.add_argument("--photographer", help="photographer (default: the officer's name)")
    s.add_argument("--officer", help="acting officer: id or 执法证号")
    s.add_argument("--workers", type=int, help="parallel workers (default: cores + 1, at most 4)")
    s.set_defaults(func=cmd_import)
    s = esub.add_parser("list", parents=[common], help="photos of an inspection or case")
    _target_args(s)
    s.add_argument("--all", action="store_true", help="include unlinked photos")
    s.set_defaults(func=cmd_list)
    s = esub.add_parser("caption", parents=[common], help="change a photo's description")
    s.add_argument("link", help="link id (or its last 8 characters, as listed)")
    s.add_argument("text", nargs="?", help="new description (说明)")
    s.add_argument("--place")
    s.add_argument("--photographer")
    s.add_argument("--officer")
    s.set_defaults(func=cmd_caption)
    s = esub.add_parser("unlink", parents=[common], help="take a photo off a record (the original stays)")
    s.add_argument("link", help="link id (or its last 8 characters, as listed)")
    s.add_argument("--reason", default="")
    s.add_argument("--officer")
    s.set_defaults(func=cmd_unlink)
    s = esub.add_parser("verify", parents=[common], help="re-hash every original; exit 1 if any is missing or altered")
    s.set_defaults(func=cmd_verify)
    s = esub.add_parser("purge", parents=[common], help="delete a photo imported by mistake (never once cited)")
    s.add_argument("sha256", help="photo hash (or a unique prefix)")
    s.add_argument("--reason", required=True)
    s.add_argument("--officer")
    s.set_defaults(func=cmd_purge)
    s = esub.add_parser("sheet", parents=[common], help="the photos the evidence sheet would print")
    _target_args(s, required=False)
    s.set_defaults(func=cmd_sheet)


def _resolve(ws: Workspace, table_name: str, ident: str, kind: tuple[str, str], column: str = "id") -> str:
    """A full id or hash, a unique start of one, or the last characters listings show (ids start with a time)."""
    rows = ws.store.query(f"SELECT {column} AS v FROM {table_name} WHERE {column} LIKE ? OR {column} LIKE ? LIMIT 2",
                          (ident + "%", "%" + ident))
    if len(rows) != 1:
        raise FieldappError(Msg(f"找不到{kind[0]} {ident}（或与多条记录相符）。", f"No {kind[1]} {ident} (or it "
                                "matches more than one).", "not_found"))
    return str(rows[0]["v"])


def _targets(ws: Workspace, args: argparse.Namespace) -> dict[str, Any]:
    return {"inspection_id": _resolve(ws, "inspections", args.inspection, ("检查记录", "inspection"))
            if args.inspection else None,
            "case_id": _resolve(ws, "cases", args.case, ("案件", "case")) if args.case else None}


def _officer(ws: Workspace, ident: str | None) -> dict[str, Any] | None:
    if not ident:
        return None
    row = ws.store.one("SELECT id, name FROM officers WHERE id = ? OR cert_no = ?", (ident, ident))
    if row is None:
        raise FieldappError(Msg(f"找不到执法人员 {ident}。", f"No officer {ident}.", "not_found"))
    return row


def _progress(args: argparse.Namespace) -> Any:
    if args.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, message: str) -> None:
        sys.stderr.write(f"\r{done}/{total}  {Path(message).name[:40]:<40}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show


def cmd_import(args: argparse.Namespace) -> int:
    from fieldapp.evidence import import_paths

    cancel = threading.Event()
    # Ctrl-C finishes the photos in hand and records them, instead of abandoning the batch.
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        with Workspace.open(args.data_dir) as ws:
            officer = _officer(ws, args.officer)
            photographer = args.photographer if args.photographer is not None else (officer or {}).get("name", "")
            report = import_paths(ws.store, args.paths, **_targets(ws, args), caption=args.caption, place=args.place,
                                  photographer=photographer, actor=(officer or {}).get("id"),
                                  progress=_progress(args), cancel=cancel, workers=args.workers)
    finally:
        signal.signal(signal.SIGINT, previous)
    if args.json:
        emit_json(report.as_dict())
    else:
        for item in report.results:
            if item.status != "imported" or item.notes:
                label = STATUS[item.status][0 if args.lang != "en" else 1]
                text = item.msg.text(args.lang) if item.msg else item.path
                print(f"[{label}] {text}")
            for note in item.notes:
                print(f"    {Path(item.path).name}: {note.text(args.lang)}")
        counts = report.as_dict()["counts"]
        print(t(args.lang, "导入完成：新导入 {imported}，关联已有 {linked}，已存在 {already_linked}，跳过 {skipped}，"
                "失败 {failed}，取消 {cancelled}。".format(**counts),
                "Import finished: {imported} imported, {linked} linked, {already_linked} already linked, "
                "{skipped} skipped, {failed} failed, {cancelled} cancelled.".format(**counts)))
    if cancel.is_set():
        return 130
    return 0 if report.ok else 1


def cmd_list(args: argparse.Namespace) -> int:
    from fieldapp.evidence import list_evidence

    with Workspace.open(args.data_dir) as ws:
        rows = list_evidence(ws.store, **_targets(ws, args), include_unlinked=args.all)
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        row["short"] = row["id"][-8:]  # UUIDv7: the end is random, the start is the time
        row["hash"] = row["sha256"][:12]
        row["state"] = "" if row["unlinked_at"] is None else t(args.lang, "已移除", "unlinked")
        row["warn"] = "EXIF!" if row["exif_notes"] else ""
    table(rows, [("short", "ID"), ("hash", "SHA-256"), ("taken_at", t(args.lang, "拍摄时间", "Taken")),
                 ("place", t(args.lang, "地点", "Place")), ("photographer", t(args.lang, "拍摄人", "Photographer")),
                 ("caption", t(args.lang, "说明", "Caption")), ("original_name", t(args.lang, "原文件名", "File")),
                 ("state", ""), ("warn", "")])
    return 0


def cmd_caption(args: argparse.Namespace) -> int:
    from fieldapp.evidence import edit_link

    with Workspace.open(args.data_dir) as ws:
        officer = _officer(ws, args.officer)
        after = edit_link(ws.store, args.link, caption=args.text, place=args.place, photographer=args.photographer,
                          actor=(officer or {}).get("id"))
    if args.json:
        emit_json(after)
    else:
        print(t(args.lang, f"已更新 {after['id'][-8:]}：{after['caption']}", f"Updated {after['id'][-8:]}: "
                f"{after['caption']}"))
    return 0


def cmd_unlink(args: argparse.Namespace) -> int:
    from fieldapp.evidence import unlink

    with Workspace.open(args.data_dir) as ws:
        officer = _officer(ws, args.officer)
        after = unlink(ws.store, args.link, reason=args.reason, actor=(officer or {}).get("id"))
    if args.json:
        emit_json(after)
    else:
        print(t(args.lang, f"已从记录中移除照片 {after['sha256'][:12]}…（原件保留）",
                f"Photo {after['sha256'][:12]}… unlinked (the original is kept)"))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from fieldapp.evidence import verify_originals

    with Workspace.open(args.data_dir) as ws:
        report = verify_originals(ws.store, progress=_progress(args))
    if args.json:
        emit_json(report.as_dict())
    else:
        if report.ok:
            print(t(args.lang, f"证据原件完好：已校验 {report.checked} 个文件。",
                    f"Evidence originals intact: {report.checked} files checked."))
        else:
            print(t(args.lang, f"证据原件校验失败（{len(report.problems)} 个问题，共 {report.checked} 个文件）：",
                    f"Evidence originals FAILED ({len(report.problems)} problems in {report.checked} files):"))
            for problem in report.problems:
                print("  " + problem.text(args.lang))
        for path in report.not_evidence:
            print(t(args.lang, f"  注意：{path} 没有证据记录（中断的导入留下），不计为证据。",
                    f"  note: {path} has no evidence record (left by an interrupted import); not evidence."))
    return 0 if report.ok else 1


def cmd_purge(args: argparse.Namespace) -> int:
    from fieldapp.evidence import purge

    with Workspace.open(args.data_dir) as ws:
        sha = _resolve(ws, "evidence_files", args.sha256, ("照片", "photo"), column="sha256")
        officer = _officer(ws, args.officer)
        purge(ws.store, sha, reason=args.reason, actor=(officer or {}).get("id"))
    print(t(args.lang, f"已删除照片 {sha[:12]}…（审计记录保留）", f"Deleted photo {sha[:12]}… (its audit history stays)"))
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from fieldapp.evidence import sheet_photos

    with Workspace.open(args.data_dir) as ws:
        rows = sheet_photos(ws.store, **_targets(ws, args))
    if args.json:
        emit_json(rows)
    else:
        table(rows, [("sha256", "SHA-256"), ("taken_at", t(args.lang, "拍摄时间", "Taken")),
                     ("place", t(args.lang, "地点", "Place")), ("caption", t(args.lang, "说明", "Caption")),
                     ("path", t(args.lang, "文件", "File"))])
    return 0
