"""The `fieldapp` command line. Each command module registers its own verbs."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from fieldapp import __version__
from fieldapp.messages import FieldappError, Msg, set_lang

# Modules with `register(subparsers, common)`; later capabilities add theirs here.
COMMAND_MODULES = [
    "fieldapp.cli.setup_cmds",
    "fieldapp.cli.record_cmds",
    "fieldapp.cli.audit_cmds",
    "fieldapp.cli.key_cmds",
    "fieldapp.cli.doc_cmds",
    "fieldapp.cli.evidence_cmds",
    "fieldapp.cli.sync_cmds",
    "fieldapp.cli.county_cmds",
]


def default_data_dir() -> Path:
    env = os.environ.get("FIELDAPP_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("fieldapp", appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="data directory (default: the user data dir, or $FIELDAPP_DATA_DIR)")
    common.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="message language")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
    parser = argparse.ArgumentParser(prog="fieldapp", parents=[common],
                                     description="乡镇片区联合执法 离线执法记录 / offline township enforcement records")
    parser.add_argument("--version", action="version", version=f"fieldapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_dir = Path(getattr(args, "data_dir", None) or default_data_dir())
    args.lang = getattr(args, "lang", None) or os.environ.get("FIELDAPP_LANG", "zh")
    args.json = bool(getattr(args, "json", False))
    set_lang(args.lang)
    if not getattr(args, "func", None):
        if args.command is None:
            args.command = "gui"
            from fieldapp.cli.setup_cmds import cmd_gui

            args.func = cmd_gui
            args.screenshot_dir = None
        else:
            parser.print_help()
            return 2
    try:
        return int(args.func(args) or 0)
    except FieldappError as exc:
        print(exc.msg.text(args.lang), file=sys.stderr)
        return int(getattr(exc, "exit_code", 1))
    except sqlite3.Error as exc:
        from fieldapp.store.db import translate_db_error

        print(translate_db_error(exc, args.data_dir).msg.text(args.lang), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as exc:
        msg = Msg(f"文件或磁盘错误：{exc}", f"File or disk error: {exc}", "os_error")
        print(msg.text(args.lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
