"""audit verify."""

from __future__ import annotations

import argparse
from typing import Any

from fieldapp.cli.output import emit_json, t
from fieldapp.store.audit import verify_chain
from fieldapp.workspace import Workspace


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("audit", parents=[common], help="the hash-chained audit log (执法全过程记录)")
    asub = p.add_subparsers(dest="action", required=True)
    s = asub.add_parser("verify", parents=[common], help="check the chain and every record against it")
    s.set_defaults(func=cmd_audit_verify)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        report = verify_chain(ws.store)
    if args.json:
        emit_json(report.as_dict())
    elif report.ok:
        print(t(args.lang, f"审计链完好：{report.entries} 条记录，链头 {report.head[:16]}…",
                f"Audit chain OK: {report.entries} entries, head {report.head[:16]}…"))
    else:
        print(t(args.lang, "审计链校验失败：", "Audit chain verification FAILED:"))
        for problem in report.problems:
            print("  " + problem.text(args.lang))
    return 0 if report.ok else 1
