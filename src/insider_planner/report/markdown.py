"""Plan → Markdown. User text is escaped so it reads literally in any Markdown viewer."""

from __future__ import annotations

import re

from insider_planner.domain.marks import Mark
from insider_planner.report.content import WITHHELD, WITHHELD_NOTE, Report

# What a CommonMark or GitHub renderer could turn into markup, a link or an emoji: characters
# that open markup anywhere (`$` opens maths on GitHub, `@` an e-mail address or a mention);
# `.` and `:` joined to what follows and `//` (domains, schemes, `:emoji:`), since an escape
# splits the text autolinkers look at, in markdown-it's linkify as in cmark-gfm; and what opens
# a block at the start of a line (lists, rules, setext underlines).
_SPECIAL = re.compile(r"^\d+[.)]|^[-+=]|[\\`*_{}\[\]<>|~&#$@]|[.:](?=\S)|/(?=/)")
_BOX = {Mark.CHECKED: "[x]", Mark.PARTIAL: "[~]", Mark.UNCHECKED: "[ ]"}


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
    """The whole report as GitHub-flavoured Markdown."""
    out: list[str] = [f"# {md_escape(report.title)}", ""]
    if report.target:
        out.append(f"- **Target:** {md_escape(report.target)}")
    out.append(f"- **Updated:** {report.updated:%Y-%m-%d}")
    out.append(
        f"- **Printed:** {report.generated:%Y-%m-%d} by Insider Planner {report.app_version}"
    )
    if report.redacted:
        out.append("- **Redacted:** notes and private items are left out")
    out.append("")
    if report.project:
        out += ["## Project", "", *_quote(report.project), ""]

    out += ["## Attributes", ""]
    for category in report.categories:
        out += [f"### {md_escape(category.title)} ({category.summary})", ""]
        if category.withheld:
            out += [f"_{WITHHELD_NOTE}_", ""]
            continue
        out.append(f"_{category.held_label} · {category.needed_label}_")
        out.append("")
        for row in category.rows:
            indent = "  " * (row.depth - 1)
            title = md_escape(row.title) + (" _(custom)_" if row.custom else "")
            if row.level != "facet" and row.depth == 1:
                title = f"**{title}**"
            marks = f"_({WITHHELD})_" if row.withheld else f"{_BOX[row.held]} {_BOX[row.needed]}"
            out.append(f"{indent}- {marks} {title}")
            if row.note:
                out.append(f"{indent}  - Note: {md_escape(row.note)}")
        out.append("")

    out += ["## Gap", ""]
    if not report.gap:
        out += ["Nothing needed is missing.", ""]
    for group in report.gap:
        out += [f"### {md_escape(group.category_title)} ({len(group.entries)})", ""]
        for entry in group.entries:
            tasks = f" — {entry.task_count} task(s)" if entry.task_count else ""
            out.append(f"- {md_escape(entry.title)}{tasks}")
        out.append("")

    out += [f"## Action board ({report.task_done} of {report.task_total} tasks done)", ""]
    for strategy in report.strategies:
        out += [
            f"### {strategy.number}. {md_escape(strategy.title)} "
            f"({strategy.done}/{len(strategy.tasks)})",
            "",
        ]
        if strategy.description:
            out += [f"_{md_escape(strategy.description)}_", ""]
        for task in strategy.tasks:
            box = "[x]" if task.status.value == "done" else "[ ]"
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

    if report.constraints_held:
        out += ["## Constraints held", ""]
        out += [f"- {md_escape(title)}" for title in report.constraints_held]
        out.append("")
        if report.criticism_warning:
            out += [f"> **Note:** {report.criticism_warning}", ""]
    return "\n".join(out).rstrip() + "\n"
