"""A redacted export leaves out notes and everything marked private, in every format."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState, Plan, Task
from insider_planner.report.content import WITHHELD_NOTE, build_report
from insider_planner.report.export import export_text
from insider_planner.report.pdf import page_size_named, pdf_bytes
from tests.report.helpers import normalized, pdf_text

SECRETS = [
    "Contact: Dana",
    "Phone 555-0100",
    "Private: call Dana",
    "Via the pilot",
    "Ask for a sandbox",
]
FORMATS = ["markdown", "html", "json", "pdf"]


def _export(plan: Plan, catalog: Catalog, fmt: str, redact: bool) -> str:
    if fmt == "pdf":
        report = build_report(plan, catalog, redact=redact)
        return pdf_text(pdf_bytes(report, page_size_named("a4"))[0])
    return export_text(plan, catalog, fmt, redact=redact).decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_unredacted_export_shows_notes_and_private_items(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    text = _export(sample_plan, catalog, fmt, redact=False)
    for secret in SECRETS:
        assert secret in text, secret


@pytest.mark.parametrize("fmt", FORMATS)
def test_redacted_export_hides_notes_and_private_items(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    text = _export(sample_plan, catalog, fmt, redact=True)
    for secret in SECRETS:
        assert secret not in text, secret
    # What is not private still prints.
    assert "Replicate on closed weights" in text
    assert "Interpretability pilot" in text


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_redacted_copy_says_so(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    assert "left out of this copy" in _export(sample_plan, catalog, fmt, redact=True)
    assert "left out of this copy" not in _export(sample_plan, catalog, fmt, redact=False)


def test_private_custom_node_is_left_out(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    sample_plan.nodes["custom-eval-seat"].private = True
    for fmt in FORMATS:
        assert "Seat on eval council" in _export(sample_plan, catalog, fmt, redact=False)
        assert "Seat on eval council" not in _export(sample_plan, catalog, fmt, redact=True)


# A private catalog attribute ('Roadmap'), its facets' marks and note, a custom child, a task
# linked only to it, one linked to it and to a visible facet, and a private facet elsewhere.
ROADMAP_FACETS = [
    "Next training runs",
    "Targeted capabilities",
    "Deployment plan",
    "Internal resource allocation",
]
HIDDEN = ["Nightjar dates", "Ask about Nightjar", "from the offsite"]
HIDDEN_IDS = ["roadmap.next-training", "roadmap.deployment-plan", "c-nightjar"]


@pytest.fixture
def roadmap_plan(sample_plan: Plan) -> Plan:
    sample_plan.nodes |= {
        "roadmap": NodeState(private=True),
        "roadmap.next-training": NodeState(held=True, needed=True, note="from the offsite"),
        "roadmap.deployment-plan": NodeState(needed=True),
        "c-nightjar": NodeState(needed=True),
        "techniques.pretraining": NodeState(needed=True),
        "internals.gradients": NodeState(held=True, needed=True, private=True),
    }
    sample_plan.custom_nodes.append(
        CustomNode(id="c-nightjar", title="Nightjar dates", parent="roadmap")
    )
    lane = sample_plan.strategies[0]
    lane.tasks += [
        Task(id="t-5", title="Ask about Nightjar", links=["roadmap.next-training"]),
        Task(id="t-6", title="Shared step", links=["c-nightjar", "techniques.pretraining"]),
    ]
    return sample_plan


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_private_attribute_leaks_nothing_below_it(
    roadmap_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    hidden = [*HIDDEN, *(HIDDEN_IDS if fmt == "json" else ROADMAP_FACETS)]
    shown = _export(roadmap_plan, catalog, fmt, redact=False)
    for secret in hidden:
        assert secret in shown, secret
    text = _export(roadmap_plan, catalog, fmt, redact=True)
    for secret in hidden:
        assert secret not in text, secret
    if fmt != "json":  # the catalog itself is public
        assert "Roadmap" in text and "Gradients" in text
    assert "Shared step" in text  # also linked to a visible facet: it stays


@pytest.mark.parametrize("fmt", ["markdown", "html", "pdf"])
def test_figures_leave_out_withheld_nodes(
    roadmap_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    """Information's only visible need is pre-training methods, of 4 visible leaves; the
    artefacts hold 1 of 15 (Gradients, held but private, counts nowhere)."""
    text = normalized(_export(roadmap_plan, catalog, fmt, redact=True))
    assert "1 needed, 0 of them held" in text
    assert "2 needed, 1 of them held" in text  # artefacts: weights and activations
    # The chart (a list in Markdown) and the status line.
    assert "0 of 4" in text and "1 of 4" in text and "1 of 15" in text
    assert "4 items in the gap" in text  # weights, pre-training, eval seat, equity
    assert "of 16" not in text and "3 of 8" not in text  # figures with them counted
    assert "Next training" not in text


def test_markdown_shows_withheld_nodes_without_marks(roadmap_plan: Plan, catalog: Catalog) -> None:
    lines = export_text(roadmap_plan, catalog, "markdown", redact=True).decode().splitlines()
    assert "- _(withheld)_ **Roadmap**" in lines
    assert "  - _(withheld)_ Gradients" in lines
    # Internals shows the marks of its visible facets only: weights needed, activations both.
    assert "- [ ] **Internals** — partly held, partly needed" in lines
    assert "  - [ ] Pre-training methods — needed" in lines
    assert "- [ ] Pre-training methods — needed" not in lines


def test_html_shows_withheld_nodes_without_boxes(roadmap_plan: Plan, catalog: Catalog) -> None:
    html = export_text(roadmap_plan, catalog, "html", redact=True).decode()
    roadmap = next(row for row in html.split("<tr") if ">Roadmap<" in row)
    gradients = next(row for row in html.split("<tr") if ">Gradients<" in row)
    for row in (roadmap, gradients):
        assert 'colspan="2">withheld<' in row and 'class="box"' not in row


def test_pdf_shows_withheld_nodes_without_boxes(
    roadmap_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    text = _export(roadmap_plan, catalog, "pdf", redact=True)
    assert "withheld Roadmap" in text and "withheld Gradients" in text


def test_json_drops_withheld_nodes_and_their_tasks(roadmap_plan: Plan, catalog: Catalog) -> None:
    saved = Plan.model_validate_json(export_text(roadmap_plan, catalog, "json", redact=True))
    assert "roadmap" not in saved.nodes and "internals.gradients" not in saved.nodes
    assert not any(node_id.startswith("roadmap.") for node_id in saved.nodes)
    assert "c-nightjar" not in saved.nodes and saved.custom_nodes[-1].id != "c-nightjar"
    shared = next(t for t in saved.all_tasks() if t.id == "t-6")
    assert shared.links == ["techniques.pretraining"]
    assert all(t.id != "t-5" for t in saved.all_tasks())


def test_a_private_category_prints_no_figures(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    sample_plan.nodes["constraints"] = NodeState(private=True)
    for fmt in ("markdown", "html", "pdf"):
        text = _export(sample_plan, catalog, fmt, redact=True)
        assert "Nda" not in text and "NDA" not in text, fmt
        assert WITHHELD_NOTE in text, fmt
        assert "of 8 held" not in text, fmt  # the summary
        assert "1 not acceptable" not in text, fmt  # the chart


@pytest.mark.parametrize("fmt", ["markdown", "html", "pdf"])
def test_redaction_holds_with_the_other_choices_and_the_new_order(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    """Redacted with Only ticked and needed and Hide done tasks: still nothing private, and
    the sections in their order (gap and board before the checklist)."""
    report = build_report(sample_plan, catalog, redact=True, only_marked=True, hide_done=True)
    if fmt == "pdf":
        text = pdf_text(pdf_bytes(report, page_size_named("a4"))[0])
    else:
        text = export_text(
            sample_plan, catalog, fmt, redact=True, only_marked=True, hide_done=True
        ).decode("utf-8")
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Ask past collaborators what they conceded" not in text  # done
    assert "Replicate on closed weights" in text
    for label in ("Redacted", "Showing"):
        assert label in text
    gap, board, checklist = (text.index(h) for h in ("Gap", "Action board", "Attribute checklist"))
    assert gap < board < checklist
