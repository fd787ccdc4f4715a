"""Plan → Markdown. User text is escaped so it reads literally in any Markdown viewer."""

from __future__ import annotations

import re

from insider_planner.domain.marks import Mark
from insider_planner.domain.plan import TaskStatus
from insider_planner.domain.text import plural
from insider_planner.report.content import (
    WITHHELD,
    WITHHELD_NOTE,
    Report,
    ReportNode,
    left_out,
    status_line,
)
from insider_planner.report.figures import bar_labels, gap_label

# What a CommonMark or GitHub renderer could turn into markup, a link or an emoji: characters
# that open markup anywhere (`$` opens maths on GitHub, `@` an e-mail address or a mention);
# `.` and `:` joined to what follows and `//` (domains, schemes, `:emoji:`), since an escape
# splits the text autolinkers look at, in markdown-it's linkify as in cmark-gfm; and what opens
# a block at the start of a line (lists, rules, setext underlines).
_SPECIAL = re.compile(r"^\d+[.)]|^[-+=]|[\\`*_{}\[\]<>|~&#$@]|[.:](?=\S)|/(?=/)")


def md_escape(text: str) -> str:
    """User text that reads literally as Markdown: newlines folded into spaces, and a backslash
    before whatever a CommonMark or GitHub renderer would turn into markup or a link."""
    return _SPECIAL.sub(_escaped, " ".join(text.split()))


def _escaped(match: re.Match[str]) -> str:
    """The match with a backslash before its last character (after a list number's digits)."""
    found = match.group()
    return f"{found[:-1]}\\{found[-1]}"


def _quote(text: str) -> list[str]:
    """Multi-line user text as an escaped block quote, one line each."""
    return [f"> {md_escape(line)}" if line.strip() else ">" for line in text.splitlines()]


def render_markdown(report: Report) -> str:
    """The whole report as GitHub-flavoured Markdown, in the printed plan's order."""
    out = _title_block(report)
    out += _coverage(report)
    out += _gap(report)
    out += _action_board(report)
    out += _checklist(report)
    out += _constraints(report)
    return "\n".join(out).rstrip() + "\n"


def _title_block(report: Report) -> list[str]:
    out: list[str] = [f"# {md_escape(report.title)}", ""]
    if report.target:
        out.append(f"- **Target:** {md_escape(report.target)}")
    out.append(f"- **Updated:** {report.updated:%Y-%m-%d}")
    out.append(
        f"- **Printed:** {report.generated:%Y-%m-%d} by Insider Planner {report.app_version}"
    )
    out.append(f"- **Status:** {status_line(report)}")
    out += [f"- **{label}:** {sentence}" for label, sentence in left_out(report)]
    out.append("")
    if report.project:
        out += ["## Project", "", *_quote(report.project), ""]
    return out


def _coverage(report: Report) -> list[str]:
    out = ["## Coverage", ""]
    for item in report.coverage:
        held, needed = bar_labels(item.kind)
        out.append(
            f"- **{md_escape(item.title)}** ({gap_label(item)}): "
            f"{held.lower()} {item.held} of {item.total}, "
            f"{needed.lower()} {item.needed} of {item.total}"
        )
    if not report.coverage:
        out.append("_Every category is marked private._")
    return [*out, ""]


def _gap(report: Report) -> list[str]:
    out = [f"## Gap ({plural(report.gap_count, 'item')})", ""]
    if not report.gap:
        out += ["Nothing needed is missing.", ""]
    for group in report.gap:
        out += [f"### {md_escape(group.category_title)} ({len(group.entries)})", ""]
        for entry in group.entries:
            out.append(f"- {md_escape(entry.title)} — {entry.summary}")
        out.append("")
    return out


def _action_board(report: Report) -> list[str]:
    out = [f"## Action board ({report.board_summary})", ""]
    for strategy in report.strategies:
        out += [
            f"### {strategy.number}. {md_escape(strategy.title)} ({strategy.summary})",
            "",
        ]
        if strategy.description:
            out += [f"_{md_escape(strategy.description)}_", ""]
        for task in strategy.tasks:
            box = "[x]" if task.status is TaskStatus.DONE else "[ ]"
            line = f"- {box} {md_escape(task.title)} — {task.status.label}"
            if task.due:
                line += f", due {task.due:%Y-%m-%d}"
            out.append(line)
            if task.links:
                out.append("  - For: " + ", ".join(md_escape(t) for t in task.links))
            if task.notes:
                out += ["  " + line for line in _quote(task.notes)]
        if strategy.tasks:
            out.append("")
    return out


def _checklist(report: Report) -> list[str]:
    out = ["## Attribute checklist", ""]
    for category in report.categories:
        out += [f"### {md_escape(category.title)} ({category.summary})", ""]
        if category.withheld:
            out += [f"_{WITHHELD_NOTE}_", ""]
            continue
        if not category.rows:
            out += ["_Nothing ticked here._", ""]
            continue
        held, needed = category.held_label.lower(), category.needed_label.lower()
        out += [
            f"_A ticked box means {held}; “{needed}”, “partly {held}” and “partly {needed}” "
            "follow the title._",
            "",
        ]
        for row in category.rows:
            out.append(_checklist_item(row, held, needed))
            if row.note:
                out.append(f"{'  ' * row.depth}- Note: {md_escape(row.note)}")
        out.append("")
    return out


def _checklist_item(row: ReportNode, held: str, needed: str) -> str:
    """One row as a GitHub task-list item: one box (held), the rest in words."""
    indent = "  " * (row.depth - 1)
    title = md_escape(row.title) + (" _(custom)_" if row.custom else "")
    if row.level != "facet" and row.depth == 1:
        title = f"**{title}**"
    if row.withheld:
        return f"{indent}- _({WITHHELD})_ {title}"
    words = [
        *([f"partly {held}"] if row.held is Mark.PARTIAL else []),
        *([needed] if row.needed is Mark.CHECKED else []),
        *([f"partly {needed}"] if row.needed is Mark.PARTIAL else []),
    ]
    box = "[x]" if row.held is Mark.CHECKED else "[ ]"
    return f"{indent}- {box} {title}" + (f" — {', '.join(words)}" if words else "")


def _constraints(report: Report) -> list[str]:
    if not report.constraints_held:
        return []
    out = ["## Constraints held", ""]
    out += [f"- {md_escape(title)}" for title in report.constraints_held]
    out.append("")
    if report.criticism_warning:
        out += [f"> **Note:** {report.criticism_warning}", ""]
    return out
