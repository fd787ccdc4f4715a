"""Report → one standalone, print-friendly HTML page (the HTML export).

Every piece of user text goes through `html.escape`; the page carries its CSS inline, names no
external resource (no images, fonts, scripts or links), and forbids loading any with a
Content-Security-Policy, so it renders the same offline, in a browser or when printed.
"""

from __future__ import annotations

from html import escape

from insider_planner import APP_TITLE
from insider_planner.domain.gap import Coverage
from insider_planner.domain.marks import Mark
from insider_planner.domain.plan import TaskStatus
from insider_planner.domain.text import plural
from insider_planner.report.content import (
    WITHHELD,
    WITHHELD_NOTE,
    Report,
    ReportCategory,
    ReportStrategy,
    left_out,
    status_line,
)
from insider_planner.report.figures import bar_labels, gap_label

_CSP = "default-src 'none'; style-src 'unsafe-inline'"

_CSS = """
@page { margin: 15mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.4 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a1a1a;
       max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; color: #1f4e63; margin: 0 0 .3em; }
h2 { font-size: 13.5pt; color: #1f4e63; border-bottom: 1px solid #1f4e63;
     margin: 1.4em 0 .5em; padding-bottom: .1em; }
h3 { font-size: 10.5pt; margin: 1em 0 .3em; display: flex; justify-content: space-between;
     gap: 1em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
.aside { font-size: 8pt; font-weight: normal; color: #555; white-space: nowrap; }
.muted, .hint, .description { color: #555; }
.hint, .description { font-size: 8pt; font-style: italic; margin: .2em 0 .4em; }
.text { white-space: pre-wrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em;
          margin: 0 0 1em; }
dl.meta dt { font-size: 8pt; font-weight: bold; color: #555; padding-top: .15em; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; font-size: 8pt; background: #e9eff2; padding: .3em .4em; }
td { padding: .25em .4em; border-bottom: 1px solid #c8c8c8; vertical-align: top; }
th.tick, td.tick { width: 6.5em; text-align: center; }
td.withheld { font-size: 8pt; font-style: italic; color: #555; }
table.tasks { table-layout: fixed; }
th.status { width: 5em; } th.due { width: 7.5em; } th.links { width: 30%; }
td.due { white-space: nowrap; }
tr.attribute td { background: #f5f5f5; font-weight: bold; }
td.note { font-size: 8pt; width: 38%; }
table.checklist { table-layout: fixed; }
.box { display: inline-block; width: 1.1em; height: 1.1em; line-height: 1.05em;
       border: 1px solid #333; background: #fff; text-align: center; font-weight: bold; }
.task-notes { font-size: 8pt; font-style: italic; color: #555; }
table.chart td, table.chart th { border: none; background: none; padding: .1em .4em; }
table.chart th { font-size: 10pt; width: 13em; vertical-align: top; }
table.chart td.name { width: 6em; color: #555; }
table.chart td.count { width: 5em; white-space: nowrap; }
table.chart tr.last td, table.chart tr.last th { padding-bottom: .6em; }
.track { height: .9em; background: #eee; border: 1px solid #9a9a9a; }
.bar { height: 100%; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar.held { background: #2f6f8f; }
.bar.needed { background: #d9922e; }
ul.items { margin: .2em 0; padding-left: 1.2em; }
ul.items .aside { margin-left: .6em; }
.warning { background: #fbf3e4; border-left: 3px solid #d9922e; padding: .6em .8em;
           margin: 1em 0; }
footer { margin-top: 2em; font-size: 8pt; color: #555; border-top: 1px solid #c8c8c8;
         padding-top: .3em; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""

_BOX = {
    Mark.CHECKED: ("\u2713", "ticked"),
    Mark.PARTIAL: ("\u2013", "partly ticked"),
    Mark.UNCHECKED: ("\u00a0", "not ticked"),
}


def text(value: str) -> str:
    """User text as HTML: escaped, with its line breaks kept."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(escape(line, quote=True) for line in lines)


def _box(mark: Mark) -> str:
    glyph, label = _BOX[mark]
    return f'<span class="box" role="img" aria-label="{label}">{glyph}</span>'


def _section(name: str, heading: str, body: list[str]) -> list[str]:
    """One of the report's sections: an anchor named `name`, its heading and its body."""
    return [f'<section id="{name}">', f"<h2>{heading}</h2>", *body, "</section>"]


def _table(css: str, head: str, rows: list[str]) -> list[str]:
    """A table whose header row (`head`, its cells) repeats on every printed page."""
    return [
        f'<table class="{css}">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def render_html(report: Report) -> str:
    """The whole report as a standalone HTML document."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{APP_TITLE} {escape(report.app_version)}">',
        f"<title>{text(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    out += _title_block(report)
    # The plan first: where it stands, what is missing and what to do about it; the full
    # checklist, for keeping up to date by hand, comes after.
    out += _chart(report.coverage)
    out += _gap(report)
    out += _action_board(report)
    out += _checklist(report)
    out += _constraints(report)
    out += [
        "<footer>",
        f"{text(report.title)} — printed {report.generated:%Y-%m-%d} by {APP_TITLE} "
        f"{escape(report.app_version)}",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _title_block(report: Report) -> list[str]:
    rows: list[tuple[str, str]] = []
    if report.target:
        rows.append(("Target", text(report.target)))
    if report.project:
        rows.append(("Project", text(report.project)))
    rows.append(("Updated", f"{report.updated:%Y-%m-%d}"))
    rows.append(
        ("Printed", f"{report.generated:%Y-%m-%d} by {APP_TITLE} {escape(report.app_version)}")
    )
    rows.append(("Status", status_line(report)))
    rows += left_out(report)
    out = ['<header id="title">', f"<h1>{text(report.title)}</h1>", '<dl class="meta">']
    out += [f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows]
    out += ["</dl>", "</header>"]
    return out


def _chart(coverage: list[Coverage]) -> list[str]:
    out = ['<table class="chart">']
    for item in coverage:
        names = bar_labels(item.kind)
        bars = ((names[0], item.held, "held"), (names[1], item.needed, "needed"))
        for index, (name, count, css) in enumerate(bars):
            share = 100.0 * count / item.total if item.total else 0.0
            head = (
                f'<th rowspan="2" scope="rowgroup">{text(item.title)}<br>'
                f'<span class="aside">{gap_label(item)}</span></th>'
                if index == 0
                else ""
            )
            row_class = ' class="last"' if index == 1 else ""
            out.append(
                f'<tr{row_class}>{head}<td class="name">{name}</td>'
                f'<td><div class="track"><div class="bar {css}" style="width: {share:.1f}%">'
                f'</div></div></td><td class="count">{count} of {item.total}</td></tr>'
            )
    out.append("</table>")
    return _section("coverage", "Coverage", out)


def _checklist(report: Report) -> list[str]:
    out = [
        '<p class="hint">Boxes are printed so the list can be kept up to date by hand. A dash '
        "means some of the facets below are ticked. For constraints the second box reads "
        "Acceptable: would you accept this constraint?</p>",
    ]
    for category in report.categories:
        out += _category(category)
    return _section("checklist", "Attribute checklist", out)


def _category(category: ReportCategory) -> list[str]:
    aside = category.summary
    out = [f'<h3>{text(category.title)} <span class="aside">{aside}</span></h3>']
    if category.withheld:
        return [*out, f'<p class="muted"><em>{WITHHELD_NOTE}</em></p>']
    if not category.rows:
        return [*out, '<p class="muted"><em>Nothing ticked here.</em></p>']
    noun = "Constraint" if category.kind == "constraint" else "Attribute"
    head = (
        f'<th class="tick">{category.held_label}</th>'
        f'<th class="tick">{category.needed_label}</th><th>{noun}</th><th>Note</th>'
    )
    rows: list[str] = []
    for row in category.rows:
        css = ' class="attribute"' if row.depth == 1 else ""
        indent = f' style="padding-left: {0.4 + 1.2 * (row.depth - 1):.1f}em"'
        custom = ' <span class="muted">(custom)</span>' if row.custom else ""
        marks = (
            f'<td class="tick withheld" colspan="2">{WITHHELD}</td>'
            if row.withheld
            else f'<td class="tick">{_box(row.held)}</td><td class="tick">{_box(row.needed)}</td>'
        )
        rows.append(
            f"<tr{css}>{marks}"
            f"<td{indent}>{text(row.title)}{custom}</td>"
            f'<td class="note">{text(row.note)}</td></tr>'
        )
    return [*out, *_table("checklist", head, rows)]


def _gap(report: Report) -> list[str]:
    heading = f"Gap — {plural(report.gap_count, 'item')}"
    if not report.gap:
        nothing = '<p class="muted"><em>Nothing needed is missing.</em></p>'
        return _section("gap", heading, [nothing])
    out = ['<p class="hint">Needed but not held; for constraints, held but not acceptable.</p>']
    for group in report.gap:
        out += [
            f"<h3>{text(group.category_title)} ({len(group.entries)})</h3>",
            '<ul class="items">',
        ]
        for entry in group.entries:
            out.append(f'<li>{text(entry.title)}<span class="aside">{entry.summary}</span></li>')
        out.append("</ul>")
    return _section("gap", heading, out)


def _action_board(report: Report) -> list[str]:
    heading = f"Action board — {report.board_summary}"
    out = ['<p class="hint">Strategies in priority order, highest returns first.</p>']
    for strategy in report.strategies:
        out += _strategy(strategy)
    return _section("action-board", heading, out)


def _strategy(strategy: ReportStrategy) -> list[str]:
    aside = strategy.summary
    out = [f'<h3>{strategy.number}. {text(strategy.title)} <span class="aside">{aside}</span></h3>']
    if strategy.description:
        out.append(f'<p class="description">{text(strategy.description)}</p>')
    if not strategy.tasks:
        return out
    head = (
        '<th class="tick">Done</th><th>Task</th><th class="status">Status</th>'
        '<th class="due">Due</th><th class="links">For</th>'
    )
    rows: list[str] = []
    for task in strategy.tasks:
        done = Mark.CHECKED if task.status is TaskStatus.DONE else Mark.UNCHECKED
        notes = f'<div class="task-notes">{text(task.notes)}</div>' if task.notes else ""
        due = f"{task.due:%Y-%m-%d}" if task.due else ""
        links = ", ".join(text(link) for link in task.links)
        rows.append(
            f'<tr><td class="tick">{_box(done)}</td><td>{text(task.title)}{notes}</td>'
            f'<td>{task.status.label}</td><td class="due">{due}</td><td>{links}</td></tr>'
        )
    return [*out, *_table("tasks", head, rows)]


def _constraints(report: Report) -> list[str]:
    out: list[str] = []
    if report.constraints_held:
        out.append('<ul class="items">')
        out += [f"<li>{text(title)}</li>" for title in report.constraints_held]
        out.append("</ul>")
    else:
        out.append('<p class="muted"><em>No constraints held.</em></p>')
    if report.criticism_warning:
        out.append(
            f'<p class="warning"><strong>Note:</strong> {text(report.criticism_warning)}</p>'
        )
    return _section("constraints", "Constraints held", out)
