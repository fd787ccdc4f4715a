"""The command line: the GUI by default, plus headless subcommands."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from insider_planner import APP_NAME, __version__
from insider_planner.domain.text import TERMINAL_LINE_MAX, terminal_safe

if TYPE_CHECKING:
    from PySide6.QtGui import QPageSize

    from insider_planner.report.content import ReportOptions
    from insider_planner.storage.files import PlanLoadError, PlanSaveError

SUBCOMMANDS = ("new", "check", "export", "list", "schema")

#: How much of a path or a title one printed line shows.
PATH_SHOWN = 160
TITLE_SHOWN = 80
#: `new` prints the path it wrote for scripts to use: whole, up to the longest usual path.
NEW_PATH_SHOWN = 4096


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl+C so that cleanup in `finally` blocks runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line and exit 2, as argparse does, but without the usage block.
        self.exit(2, terminal_safe(f"{self.prog}: error: {message}") + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=APP_NAME, description="Plan how to become a partial insider.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = sub.add_parser("new", help="create a plan and print its path")
    new.add_argument("--title", required=True, type=_title, help="the plan's title")
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
        "--hide-done",
        action="store_true",
        help="leave done tasks off the action board (markdown, html, pdf)",
    )
    export.add_argument(
        "--page-size",
        choices=("a4", "letter"),
        help="paper size for pdf (default: the locale's)",
    )

    sub.add_parser("list", help="list the plans in the data folder")
    sub.add_parser("schema", help="print the plan file's JSON Schema")
    return parser


def _title(text: str) -> str:
    """A plan title from the command line, within the limit a plan file allows."""
    from insider_planner.domain.limits import TITLE_MAX

    if len(text) > TITLE_MAX:
        raise argparse.ArgumentTypeError(
            f"the title is {len(text):,} characters long; the limit is {TITLE_MAX:,}"
        )
    return text


def _export_formats() -> list[str]:
    from insider_planner.report.export import EXPORT_FORMATS

    return list(EXPORT_FORMATS)


def _say(line: str, limit: int = TERMINAL_LINE_MAX) -> None:
    print(terminal_safe(line, limit))


def _fail(message: str, code: int = 1) -> int:
    print(terminal_safe(f"{APP_NAME}: {message}"), file=sys.stderr)
    return code


def _shown(path: Path) -> str:
    return terminal_safe(str(path), PATH_SHOWN)


def _load_failure(error: PlanLoadError) -> int:
    return _fail(f"{_shown(error.path)}: {error.reason}")


def _save_failure(error: PlanSaveError) -> int:
    return _fail(f"Could not save {_shown(error.path)}: {error.reason}")


def _cmd_new(args: argparse.Namespace) -> int:
    from insider_planner.domain.plan import new_plan
    from insider_planner.resources import load_catalog
    from insider_planner.storage.files import PlanSaveError, save_plan
    from insider_planner.storage.lock import PlanLock
    from insider_planner.storage.paths import plan_path_for

    plan = new_plan(load_catalog(), title=args.title)
    path: Path = args.output or plan_path_for(plan.id)
    if not path.parent.is_dir():
        return _fail(f"{_shown(path.parent)}: no such folder")
    # The lock keeps a running window from saving over the new plan (or this over its plan)
    # between the check and the write. A lock that cannot even be created is left to the
    # save to report: nobody else holds it then.
    lock = PlanLock(path)
    if not lock.acquire() and lock.path.exists():
        return _fail(f"{_shown(path)} is open in {lock.holder()}; choose another --output")
    try:
        if os.path.lexists(path):
            return _fail(f"{_shown(path)} already exists; choose another --output")
        save_plan(path, plan)
    except PlanSaveError as error:
        return _save_failure(error)
    finally:
        lock.release()
    _say(str(path), NEW_PATH_SHOWN)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from insider_planner.storage.files import PlanLoadError, read_plan

    try:
        loaded = read_plan(args.file, keep_migration_backup=False)
    except PlanLoadError as error:
        return _load_failure(error)
    plan = loaded.plan
    tasks = len(plan.all_tasks())
    upgraded = (
        f", plan format {loaded.file_version} (will be upgraded)" if loaded.was_migrated else ""
    )
    title = terminal_safe(plan.title, TITLE_SHOWN)
    _say(
        f"{_shown(args.file)}: OK — '{title}', {len(plan.nodes)} marked nodes, "
        f"{tasks} tasks{upgraded}"
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
        return _load_failure(error)
    options: ReportOptions = {
        "redact": args.redact,
        "only_marked": args.only_marked,
        "hide_done": args.hide_done,
    }
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
        return _save_failure(error)
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
        _say(f"No plans in {_shown(data_dir())}")
    for entry in entries:
        name = terminal_safe(entry.path.name, TITLE_SHOWN)
        if entry.error:
            reason = terminal_safe(entry.error, TITLE_SHOWN)
            _say(f"!  {name}  unreadable: {reason}  {_shown(entry.path)}")
        else:
            when = entry.updated.strftime("%Y-%m-%d %H:%M") if entry.updated else "?"
            title = terminal_safe(entry.title, TITLE_SHOWN)
            _say(f"   {title}  {when}  {_shown(entry.path)}")
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


def _clean_leftovers() -> None:
    """Remove temporary files that interrupted saves and exports left, here or in the window."""
    from insider_planner.storage.files import clean_leftover_temp_files

    clean_leftover_temp_files()


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
        with _signals_raise():
            if args.command != "schema":
                _clean_leftovers()
            return commands[args.command](args)
    except KeyboardInterrupt as stop:
        return 128 + (stop.signum if isinstance(stop, Interrupted) else signal.SIGINT)
    except BrokenPipeError:
        return 0
    except OSError as error:
        # E.g. the data folder cannot be created: say which path and why, in one line.
        where = f"{_shown(Path(error.filename))}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}")


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Interrupted, once, as Ctrl+C raises
    KeyboardInterrupt: a half-written temporary file is removed and the exit code is
    128 + the signal's number. Without this they end the process on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def interrupt(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        if not raised:  # a second signal must not cut the cleanup short
            raised = True
            raise Interrupted(signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, interrupt) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
