"""The command line: the GUI by default, plus headless subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from insider_planner import APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtGui import QPageSize

SUBCOMMANDS = ("new", "check", "export", "list", "schema")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line and exit 2, as argparse does, but without the usage block.
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=APP_NAME, description="Plan how to become a partial insider.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = sub.add_parser("new", help="create a plan and print its path")
    new.add_argument("--title", required=True, help="the plan's title")
    new.add_argument("--output", type=Path, help="where to write it (default: the data folder)")

    check = sub.add_parser("check", help="check that a plan file loads")
    check.add_argument("file", type=Path)

    export = sub.add_parser("export", help="export a plan")
    export.add_argument("file", type=Path)
    export.add_argument("--to", required=True, dest="fmt", choices=_export_formats())
    export.add_argument(
        "--output", type=Path, help="the file to write (default: stdout; required for pdf)"
    )
    export.add_argument("--redact", action="store_true", help="leave out notes and private items")
    export.add_argument(
        "--only-marked",
        action="store_true",
        help="list only attributes ticked held or needed (markdown, html, pdf)",
    )
    export.add_argument(
        "--page-size",
        choices=("a4", "letter"),
        help="paper size for pdf (default: the locale's)",
    )

    sub.add_parser("list", help="list the plans in the data folder")
    sub.add_parser("schema", help="print the plan file's JSON Schema")
    return parser


def _export_formats() -> list[str]:
    from insider_planner.report.export import EXPORT_FORMATS

    return list(EXPORT_FORMATS)


def _fail(message: str, code: int = 1) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    return code


def _cmd_new(args: argparse.Namespace) -> int:
    from insider_planner.domain.plan import new_plan
    from insider_planner.resources import load_catalog
    from insider_planner.storage.files import PlanSaveError, save_plan
    from insider_planner.storage.paths import plan_path_for

    plan = new_plan(load_catalog(), title=args.title)
    path: Path = args.output or plan_path_for(plan.id)
    if args.output and path.exists():
        return _fail(f"{path} already exists; choose another --output")
    if not path.parent.is_dir():
        return _fail(f"{path.parent}: no such folder")
    try:
        save_plan(path, plan)
    except PlanSaveError as error:
        return _fail(str(error))
    print(path)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from insider_planner.storage.files import PlanLoadError, read_plan

    try:
        loaded = read_plan(args.file, keep_migration_backup=False)
    except PlanLoadError as error:
        return _fail(str(error))
    plan = loaded.plan
    tasks = len(plan.all_tasks())
    upgraded = (
        f", plan format {loaded.file_version} (will be upgraded)" if loaded.was_migrated else ""
    )
    print(
        f"{args.file}: OK — {plan.title!r}, {len(plan.nodes)} marked nodes, {tasks} tasks{upgraded}"
    )
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from insider_planner.report.export import export_file, export_text
    from insider_planner.resources import load_catalog
    from insider_planner.storage.files import PlanLoadError, PlanSaveError, read_plan

    if args.fmt == "pdf" and args.output is None:
        return _fail("--to pdf needs --output FILE", 2)
    try:
        plan = read_plan(args.file, keep_migration_backup=False).plan
    except PlanLoadError as error:
        return _fail(str(error))
    options = {"redact": args.redact, "only_marked": args.only_marked}
    if args.output is None:
        sys.stdout.buffer.write(export_text(plan, load_catalog(), args.fmt, **options))
        sys.stdout.flush()
        return 0
    app = _pdf_application() if args.fmt == "pdf" else None
    try:
        export_file(
            plan,
            load_catalog(),
            args.fmt,
            args.output,
            page_size=_page_size(args),
            source=args.file,
            **options,
        )
    except PlanSaveError as error:
        return _fail(str(error))
    finally:
        del app
    return 0


def _pdf_application() -> object:
    """The Qt application a PDF export needs (fonts come from it), without a display."""
    _use_offscreen_without_display()
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([APP_NAME])


def _page_size(args: argparse.Namespace) -> QPageSize | None:
    if args.fmt != "pdf" or not args.page_size:
        return None
    from insider_planner.report.pdf import page_size_named

    return page_size_named(args.page_size)


def _use_offscreen_without_display() -> None:
    """Headless exports need no display: pick Qt's offscreen platform when there is none."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _cmd_list(args: argparse.Namespace) -> int:
    from insider_planner.storage.library import list_plans
    from insider_planner.storage.paths import data_dir

    entries = list_plans()
    if not entries:
        print(f"No plans in {data_dir()}")
    for entry in entries:
        if entry.error:
            print(f"!  {entry.path.name}  unreadable: {entry.error}  {entry.path}")
        else:
            when = entry.updated.strftime("%Y-%m-%d %H:%M") if entry.updated else "?"
            print(f"   {entry.title}  {when}  {entry.path}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return 0


def schema_text() -> str:
    """The plan file's JSON Schema, as committed in docs/plan.schema.json."""
    from insider_planner.domain.plan import Plan

    return json.dumps(Plan.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _names_a_plan(arg: str) -> bool:
    """A first argument that opens the window: a plan file, not a mistyped subcommand."""
    from insider_planner.storage.paths import PLAN_SUFFIX

    if arg in SUBCOMMANDS or arg.startswith("-"):
        return False
    return arg.endswith(PLAN_SUFFIX) or Path(arg).is_file()


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand, or start the GUI (optionally on a plan file)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or _names_a_plan(args_list[0]):
        from insider_planner.app import run_gui

        return run_gui(args_list)
    args = build_parser().parse_args(args_list)
    commands = {
        "new": _cmd_new,
        "check": _cmd_check,
        "export": _cmd_export,
        "list": _cmd_list,
        "schema": _cmd_schema,
    }
    if args.command is None:
        build_parser().print_help()
        return 2
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        # E.g. the data folder cannot be created: say which path and why, in one line.
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}")
