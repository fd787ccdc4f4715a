"""The headless command line, in this process and as a real program."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from insider_planner import __version__, cli
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.limits import TITLE_MAX
from insider_planner.domain.plan import Plan, TaskStatus
from insider_planner.domain.text import TERMINAL_LINE_MAX, terminal_safe
from insider_planner.report.markdown import md_escape
from insider_planner.storage.files import plan_bytes, read_plan, save_plan
from tests.conftest import make_sample_plan

ROOT = Path(__file__).resolve().parent.parent
V1_FILE = ROOT / "tests" / "storage" / "data" / "plan_v1.insiderplan"
SECRETS = ["Contact: Dana", "Phone 555-0100", "Private: call Dana"]
NOTES = ["Via the pilot", "Ask for a sandbox"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m insider_planner ARGS` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "insider_planner", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def one_line(text: str) -> str:
    assert text.count("\n") == 1 and text.endswith("\n"), text
    assert "Traceback" not in text
    return text.rstrip("\n")


@pytest.fixture
def plan_file(sample_plan: Plan, tmp_path: Path) -> Path:
    path = tmp_path / "sample.insiderplan"
    save_plan(path, sample_plan)
    return path


# --- --version, new, check -------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"insider-planner {__version__}\n"
    result = run("--version")
    assert (result.returncode, result.stdout) == (0, f"insider-planner {__version__}\n")


def test_new_in_the_data_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new", "--title", "Eval pilot"]) == 0
    out, err = capsys.readouterr()
    path = Path(one_line(out))
    assert err == ""
    assert path.parent == data_dir and path.suffix == ".insiderplan"
    plan = read_plan(path).plan
    assert plan.title == "Eval pilot"
    assert path.name == f"{plan.id}.insiderplan"
    assert len(plan.strategies) == 6 and plan.all_tasks() == []
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_new_with_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "mine.insiderplan"
    assert cli.main(["new", "--title", "Mine", "--output", str(out_path)]) == 0
    assert one_line(capsys.readouterr().out) == str(out_path)
    assert read_plan(out_path).plan.title == "Mine"


def test_new_refuses_an_existing_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "taken.insiderplan"
    existing.write_bytes(b"precious")
    assert cli.main(["new", "--title", "X", "--output", str(existing)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert one_line(err) == f"insider-planner: {existing} already exists; choose another --output"
    assert existing.read_bytes() == b"precious"


def test_new_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nowhere" / "x.insiderplan"
    assert cli.main(["new", "--title", "X", "--output", str(target)]) == 1
    assert "no such folder" in one_line(capsys.readouterr().err)
    assert not target.parent.exists()


def test_new_and_check_as_programs(data_dir: Path) -> None:
    made = run("new", "--title", "From the shell")
    assert made.returncode == 0 and made.stderr == ""
    path = Path(one_line(made.stdout))
    assert path.parent == data_dir
    checked = run("check", str(path))
    assert checked.returncode == 0 and checked.stderr == ""
    assert "OK" in one_line(checked.stdout)


def test_check_ok(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(plan_file)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert one_line(out) == (f"{plan_file}: OK — 'Interpretability pilot', 7 marked nodes, 4 tasks")


def test_check_an_old_file_says_it_will_be_upgraded_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.insiderplan"
    shutil.copyfile(V1_FILE, old)
    assert cli.main(["check", str(old)]) == 0
    assert one_line(capsys.readouterr().out).endswith("plan format 1 (will be upgraded)")
    assert [p.name for p in tmp_path.iterdir()] == ["old.insiderplan"]
    assert old.read_bytes() == V1_FILE.read_bytes()


# --- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_export_to_stdout_and_to_a_file(
    fmt: str, plan_file: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert cli.main(["export", str(plan_file), "--to", fmt]) == 0
    to_stdout, err = capsysbinary.readouterr()
    assert err == b"" and to_stdout

    out_path = tmp_path / f"out.{fmt}"
    assert cli.main(["export", str(plan_file), "--to", fmt, "--output", str(out_path)]) == 0
    assert capsysbinary.readouterr() == (b"", b"")
    assert out_path.read_bytes() == to_stdout

    plan = read_plan(plan_file).plan
    if fmt == "json":
        assert to_stdout == plan_bytes(plan)
    else:
        text = to_stdout.decode()
        assert text.startswith("# Interpretability pilot\n")
        assert "Access to artefacts" in text


def test_export_as_a_program(plan_file: Path) -> None:
    result = run("export", str(plan_file), "--to", "markdown")
    assert result.returncode == 0 and result.stderr == ""
    assert "## Gap" in result.stdout and "Private: call Dana" in result.stdout


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_redacted_export_leaves_out_notes_and_private_items(
    fmt: str, plan_file: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert cli.main(["export", str(plan_file), "--to", fmt]) == 0
    full = capsysbinary.readouterr().out.decode()
    assert cli.main(["export", str(plan_file), "--to", fmt, "--redact"]) == 0
    safe = capsysbinary.readouterr().out.decode()

    for secret in SECRETS + NOTES:
        assert secret in full, secret  # otherwise this test would prove nothing
        assert secret not in safe, secret
    # What is not private stays.
    for kept in ["Interpretability pilot", "Replicate on closed weights", "internals.weights"]:
        if fmt == "json" or kept != "internals.weights":
            assert kept in safe
    if fmt == "json":
        data = json.loads(safe)
        assert [t["id"] for lane in data["strategies"] for t in lane["tasks"]] == [
            "t-1",
            "t-2",
            "t-3",
        ]
        assert "api-surface.prefill" not in data["nodes"]


def test_markdown_lists_gap_then_strategies_in_plan_order_then_attributes(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = make_sample_plan(catalog)
    plan.strategies.reverse()  # the plan's order, not the catalog's, must show
    path = tmp_path / "ordered.insiderplan"
    save_plan(path, plan)
    assert cli.main(["export", str(path), "--to", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    position = 0

    def find(pattern: str) -> int:
        """The first line at or after the last match that matches; order is the point."""
        nonlocal position
        regex = re.compile(pattern)
        for index in range(position, len(lines)):
            if regex.search(lines[index]):
                position = index + 1
                return index
        raise AssertionError(f"no line matching {pattern!r} after line {position}")

    def row(title: str, leaves: list[str], acceptable: bool) -> str:
        """One box (held, all leaves); partly held and needed written after the title."""
        held = [plan.state(leaf).held for leaf in leaves]
        needed = [plan.state(leaf).needed for leaf in leaves]
        word = "acceptable" if acceptable else "needed"
        words = [
            *(["partly held"] if any(held) and not all(held) else []),
            *([word] if all(needed) else [f"partly {word}"] if any(needed) else []),
        ]
        box = re.escape("[x]" if all(held) else "[ ]")
        tail = re.escape(" — " + ", ".join(words)) if words else ""
        return rf"^\s*- {box} (\*\*)?{re.escape(md_escape(title))}(\*\*)?{tail}$"

    gap = find(r"^## Gap")
    for entry in ["Weights", "Prefill on the assistant turn", "Seat on eval council", "Non-disc"]:
        find(re.escape(entry))
    board = find(r"^## Action board")
    titles = {s.id: s.title for s in catalog.strategies}
    for number, lane in enumerate(plan.strategies, start=1):
        find(rf"^### {number}\. {re.escape(md_escape(titles[lane.id]))}")
        for task in lane.tasks:
            done = task.status is TaskStatus.DONE
            find(rf"^- \[{'x' if done else ' '}\] {re.escape(md_escape(task.title))}")

    attributes = find(r"^## Attribute checklist")
    assert gap < board < attributes
    for category in catalog.categories:
        acceptable = category.kind == "constraint"
        find(rf"^### {re.escape(md_escape(category.title))}\b")
        for attribute in category.attributes:
            leaves = [f"{attribute.id}.{facet.id}" for facet in attribute.facets]
            find(row(attribute.title, leaves, acceptable))
            for facet, leaf in zip(attribute.facets, leaves, strict=True):
                find(row(facet.title, [leaf], acceptable))
        if category.id == "influence":
            find(r"^- \[ \] .*Seat on eval council.* — needed$")


# --- list and schema -------------------------------------------------------------------------


def test_list_shows_titles_and_why_a_file_is_unreadable(
    sample_plan: Plan, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list"]) == 0
    assert capsys.readouterr().out == f"No plans in {data_dir}\n"

    save_plan(data_dir / "good.insiderplan", sample_plan)
    (data_dir / "broken.insiderplan").write_bytes(b"{not json")
    (data_dir / "future.insiderplan").write_bytes(
        b'{"format": "insider-planner/plan", "schema_version": 99}'
    )
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert "Interpretability pilot" in out[0] and str(data_dir / "good.insiderplan") in out[0]
    assert not out[0].startswith("!")
    unreadable = {line.split()[1]: line for line in out[1:]}
    assert set(unreadable) == {"broken.insiderplan", "future.insiderplan"}
    assert all(line.startswith("!") and "unreadable" in line for line in out[1:])
    assert "not valid JSON" in unreadable["broken.insiderplan"]
    assert "newer version" in unreadable["future.insiderplan"]


def test_schema_matches_the_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    """If this fails, run `make schema` and commit docs/plan.schema.json."""
    assert cli.main(["schema"]) == 0
    printed = capsys.readouterr().out
    committed = (ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8")
    assert printed == committed
    assert json.loads(printed)["properties"]["schema_version"]["const"] == 2


# --- errors ----------------------------------------------------------------------------------

BAD_ARGUMENTS = [
    ["export", "PLAN"],
    ["export", "PLAN", "--to", "docx"],
    ["export", "--to", "json"],
    ["new"],
    ["new", "--title"],
    ["check"],
    ["check", "PLAN", "extra"],
    ["check", "--bogus", "PLAN"],
    ["list", "--all"],
    ["--bogus"],
]


@pytest.mark.parametrize("args", BAD_ARGUMENTS, ids=" ".join)
def test_bad_arguments(
    args: list[str], plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(plan_file) if a == "PLAN" else a for a in args]
    with pytest.raises(SystemExit) as exited:
        cli.main(args)
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_line(err).startswith("insider-planner")
    assert "error:" in err


def test_bad_arguments_as_a_program(plan_file: Path) -> None:
    result = run("export", str(plan_file), "--to", "docx")
    assert result.returncode == 2 and result.stdout == ""
    assert "invalid choice" in one_line(result.stderr)


@pytest.mark.parametrize(
    "args",
    [["check", "MISSING"], ["export", "MISSING", "--to", "json"]],
    ids=" ".join,
)
def test_missing_files(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.insiderplan"
    args = [str(missing) if a == "MISSING" else a for a in args]
    assert cli.main(args) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert one_line(err) == f"insider-planner: {missing}: no such file"
    result = run(*args)
    assert result.returncode == 1 and result.stdout == ""
    assert one_line(result.stderr) == f"insider-planner: {missing}: no such file"
    assert not missing.exists()


def test_export_into_a_missing_folder(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "out.md"
    assert cli.main(["export", str(plan_file), "--to", "markdown", "--output", str(target)]) == 1
    err = one_line(capsys.readouterr().err)
    assert err.startswith("insider-planner: Could not save") and "No such file" in err


def test_a_data_folder_that_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_bytes(b"")
    monkeypatch.setenv("INSIDER_PLANNER_DATA_DIR", str(not_a_folder))
    assert cli.main(["list"]) == 1
    assert str(not_a_folder) in one_line(capsys.readouterr().err)


def test_a_mistyped_subcommand_is_an_error_not_the_window(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import insider_planner.app

    monkeypatch.setattr(insider_planner.app, "run_gui", lambda argv: pytest.fail("GUI started"))
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["exprot", "plan.json"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'exprot'" in one_line(capsys.readouterr().err)


def test_a_plan_file_argument_opens_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import insider_planner.app

    opened: list[list[str]] = []
    monkeypatch.setattr(insider_planner.app, "run_gui", lambda argv: opened.append(argv) or 0)
    assert cli.main([str(tmp_path / "new.insiderplan")]) == 0
    assert opened == [[str(tmp_path / "new.insiderplan")]]


# --- every printed line is one safe, bounded line --------------------------------------------

HOSTILE = "\x1b]0;owned\x07\x1b[2J\r\nfake: OK\tx\x00\x7f\x85\u202eevil\u2066\u2028"
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_lines(text: str, count: int, limit: int = TERMINAL_LINE_MAX) -> list[str]:
    """The `count` lines of `text`, each checked: nothing a terminal would act on, bounded."""
    assert text.endswith("\n") and "\r" not in text, text
    lines = text[:-1].split("\n")
    assert len(lines) == count, lines
    for line in lines:
        assert not UNSAFE.search(line), line
        assert len(line) <= limit, len(line)
    return lines


def test_terminal_safe_escapes_what_a_terminal_acts_on() -> None:
    assert terminal_safe(HOSTILE) == (
        "\\x1b]0;owned\\x07\\x1b[2J\\r\\nfake: OK\\tx\\x00\\x7f\\x85\\u202eevil\\u2066\\u2028"
    )
    assert terminal_safe("caf\u00e9 \u5b9f\u9a13 \U0001f9ea") == "caf\u00e9 \u5b9f\u9a13 \U0001f9ea"
    assert terminal_safe("name\udcff.insiderplan") == "name\\xff.insiderplan"
    cut = terminal_safe("\x1b" * 10_000, 50)
    assert len(cut) == 50 and cut.endswith("…")
    assert terminal_safe("x" * 300) == "x" * 300
    assert terminal_safe("x" * 301) == "x" * 299 + "…"


def _hostile_plan(sample_plan: Plan, folder: Path, title: str) -> Path:
    sample_plan.title = title
    path = folder / f"bad{HOSTILE.replace(chr(0), '')}.insiderplan"
    save_plan(path, sample_plan)
    return path


@pytest.mark.parametrize("title", [HOSTILE, "t" * TITLE_MAX, "\x1b[31m" * 500])
def test_check_prints_one_safe_line(
    title: str, sample_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile_plan(sample_plan, tmp_path, title)
    assert cli.main(["check", str(path)]) == 0
    (line,) = safe_lines(capsys.readouterr().out, 1)
    assert line.endswith(", 7 marked nodes, 4 tasks")  # a long title does not push it out
    assert "\\x1b" in line and "\\n" in line  # the file name, escaped


def test_list_prints_one_safe_line_per_plan(
    sample_plan: Plan, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(mode=0o700)
    _hostile_plan(sample_plan, data_dir, HOSTILE)
    sample_plan.title = "\u202e" + "long " * (TITLE_MAX // 5 - 1)
    save_plan(data_dir / "long.insiderplan", sample_plan)
    sample_plan.title = "\x1b" * 10_000  # over the limit: listed as unreadable
    (data_dir / "too-long.insiderplan").write_bytes(plan_bytes(sample_plan))
    (data_dir / f"broken{HOSTILE.replace(chr(0), '')}.insiderplan").write_bytes(b"{")
    huge = b'{"format": "insider-planner/plan", "schema_version": ' + b"9" * 4000 + b"}"
    (data_dir / "huge-version.insiderplan").write_bytes(huge)
    assert cli.main(["list"]) == 0
    lines = safe_lines(capsys.readouterr().out, 5)
    assert sum(line.startswith("!") for line in lines) == 3
    assert any("too-long" in line and "at most 4000 characters" in line for line in lines)
    assert any("owned" in line and not line.startswith("!") for line in lines)
    assert any("\\u202elong long" in line for line in lines)


def test_load_errors_print_one_safe_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / f"v{HOSTILE.replace(chr(0), '')}.insiderplan"
    huge.write_bytes(b'{"format": "insider-planner/plan", "schema_version": ' + b"9" * 4000 + b"}")
    missing = tmp_path / f"gone{HOSTILE.replace(chr(0), '')}.insiderplan"
    for args in (
        ["check", str(huge)],
        ["export", str(huge), "--to", "json"],
        ["check", str(missing)],
    ):
        assert cli.main(args) == 1
        out, err = capsys.readouterr()
        assert out == ""
        (line,) = safe_lines(err, 1)
        assert line.startswith("insider-planner: ")
    result = run("check", str(huge))
    assert result.returncode == 1 and result.stdout == ""
    assert "newer version" in safe_lines(result.stderr, 1)[0]


def test_save_errors_and_new_print_one_safe_line(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f"out{HOSTILE.replace(chr(0), '')}"
    nowhere = tmp_path / f"no{HOSTILE.replace(chr(0), '')}" / name
    assert cli.main(["export", str(plan_file), "--to", "markdown", "--output", str(nowhere)]) == 1
    assert "Could not save" in safe_lines(capsys.readouterr().err, 1)[0]
    assert cli.main(["new", "--title", HOSTILE, "--output", str(nowhere)]) == 1
    assert "no such folder" in safe_lines(capsys.readouterr().err, 1)[0]

    made = tmp_path / f"{name}.insiderplan"
    assert cli.main(["new", "--title", HOSTILE, "--output", str(made)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and safe_lines(out, 1) == [terminal_safe(str(made))]
    assert read_plan(made).plan.title == HOSTILE  # the plan keeps the text as typed
    assert cli.main(["new", "--title", "again", "--output", str(made)]) == 1
    assert "already exists" in safe_lines(capsys.readouterr().err, 1)[0]


def test_argument_and_os_errors_print_one_safe_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["check", "a", HOSTILE, "x" * 5000])
    assert exited.value.code == 2
    assert "unrecognized arguments" in safe_lines(capsys.readouterr().err, 1)[0]
    with pytest.raises(SystemExit):
        cli.main(["export", "a", "--to", HOSTILE])
    assert "invalid choice" in safe_lines(capsys.readouterr().err, 1)[0]

    not_a_folder = tmp_path / f"file{HOSTILE.replace(chr(0), '')}"
    not_a_folder.write_bytes(b"")
    monkeypatch.setenv("INSIDER_PLANNER_DATA_DIR", str(not_a_folder))
    assert cli.main(["list"]) == 1
    assert "\\x1b]0;owned" in safe_lines(capsys.readouterr().err, 1)[0]


# --- the command line never writes over a plan ----------------------------------------------

HOLD_LOCK = (
    "import sys; from pathlib import Path; from insider_planner.storage.lock import PlanLock; "
    "lock = PlanLock(Path(sys.argv[1])); print('held' if lock.acquire() else 'busy', flush=True); "
    "sys.stdin.read()"
)


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path], None]]:
    """Hold a plan's lock from another process, as a running window does, until the test ends."""
    holders: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> None:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        holders.append(holder)
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"

    yield hold
    for holder in holders:
        holder.communicate("", timeout=30)


def test_new_refuses_a_plan_open_elsewhere_even_before_it_is_saved(
    tmp_path: Path, hold_lock: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "being-made.insiderplan"
    hold_lock(target)
    assert cli.main(["new", "--title", "X", "--output", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert re.search(r"being-made\.insiderplan is open in .* \(process \d+ on ", one_line(err))
    assert not target.exists()


def test_new_refuses_a_dangling_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link to a plan not yet written: following it would write where the user did not say."""
    link = tmp_path / "link.insiderplan"
    link.symlink_to(tmp_path / "elsewhere" / "target.insiderplan")
    (tmp_path / "elsewhere").mkdir()
    assert cli.main(["new", "--title", "X", "--output", str(link)]) == 1
    assert "already exists" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "elsewhere" / "target.insiderplan").exists()


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "pdf"])
@pytest.mark.parametrize("name", ["other.insiderplan", "other.md"])
def test_export_onto_a_plan_open_elsewhere_is_refused(
    fmt: str,
    name: str,
    plan_file: Path,
    sample_plan: Plan,
    tmp_path: Path,
    hold_lock: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = tmp_path / name
    save_plan(other, sample_plan, keep_backup=False)
    before = other.read_bytes()
    hold_lock(other)
    assert cli.main(["export", str(plan_file), "--to", fmt, "--output", str(other)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "never replaces a plan" in one_line(err)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".other")) == [
        f".{name}.lock"
    ]


# --- interrupted runs leave nothing behind ---------------------------------------------------

# The child blocks in its first fsync, i.e. with the temporary file written and not yet renamed,
# and says so: the test signals it at exactly that point, however fast or slow the machine.
STOP_WHILE_WRITING = """
import os, sys, threading
from insider_planner.cli import main

def fsync(fd):
    print("writing", flush=True)
    threading.Event().wait()

os.fsync = fsync
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
@pytest.mark.parametrize("command", ["export", "new"])
def test_a_signal_while_writing_leaves_no_temporary_file(
    signame: str, command: str, plan_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / ("plan.md" if command == "export" else "new.insiderplan")
    args = (
        ["export", str(plan_file), "--to", "markdown", "--output", str(target)]
        if command == "export"
        else ["new", "--title", "T", "--output", str(target)]
    )
    child = subprocess.Popen(
        [sys.executable, "-c", STOP_WHILE_WRITING, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        temporary = [p.name for p in out_dir.iterdir() if not p.name.endswith(".lock")]
        assert len(temporary) == 1 and temporary[0].endswith(".tmp"), temporary
        signum = getattr(signal, signame)
        child.send_signal(signum)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize("command", [["list"], ["check", "missing.insiderplan"]])
def test_any_command_removes_temporary_files_of_interrupted_writes(
    tmp_path: Path, data_dir: Path, command: list[str]
) -> None:
    from tests.storage.test_files import _interrupted_write

    target = tmp_path / "exports" / "report.md"
    target.parent.mkdir()
    _interrupted_write(target)
    assert any(p.name.endswith(".tmp") for p in target.parent.iterdir())
    cli.main(command)
    assert list(target.parent.iterdir()) == []
    assert list((data_dir / "pending").iterdir()) == []


def test_printing_the_schema_writes_nothing(data_dir: Path) -> None:
    assert cli.main(["schema"]) == 0
    assert not data_dir.exists()


def test_new_refuses_a_title_over_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "long.insiderplan"
    with pytest.raises(SystemExit) as stopped:
        cli.main(["new", "--title", "x" * (TITLE_MAX + 1), "--output", str(target)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "the limit is" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
