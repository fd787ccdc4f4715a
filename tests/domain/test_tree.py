"""The attribute tree: rows kept on each node, and the marks worked out from its leaves."""

from __future__ import annotations

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.marks import FLAGS, Mark, MarkCache, mark_of
from insider_planner.domain.plan import CustomNode, NodeState, Plan
from insider_planner.domain.tree import Node, PlanTree


def assert_rows_match_positions(tree: PlanTree) -> None:
    for row, root in enumerate(tree.roots):
        assert root.row == row
    for node in tree.walk():
        for row, child in enumerate(node.children):
            assert child.row == row, child.id


def test_rows_follow_custom_nodes_added_and_removed(catalog: Catalog, sample_plan: Plan) -> None:
    tree = PlanTree(catalog, sample_plan)
    assert_rows_match_positions(tree)
    internals = tree["internals"]
    first = tree.attach_custom(CustomNode(id="c-first", title="First", parent="internals"), 0)
    middle = tree.attach_custom(CustomNode(id="c-mid", title="Middle", parent="internals"), 2)
    last = tree.attach_custom(CustomNode(id="c-last", title="Last", parent="internals"))
    assert first is not None and middle is not None and last is not None
    assert (first.row, middle.row, last.row) == (0, 2, len(internals.children) - 1)
    assert_rows_match_positions(tree)
    assert tree.detach(first) == 0
    assert_rows_match_positions(tree)
    assert tree.detach(middle) == 1
    assert tree.detach(last) == len(internals.children)
    assert_rows_match_positions(tree)
    assert [n.id for n in internals.children] == [
        n.id for n in PlanTree(catalog, sample_plan)["internals"].children
    ]


def test_a_row_past_the_end_adds_the_node_last(catalog: Catalog, sample_plan: Plan) -> None:
    tree = PlanTree(catalog, sample_plan)
    node = tree.attach_custom(CustomNode(id="c-far", title="Far", parent="metrics"), 99)
    assert node is not None and node is tree["metrics"].children[-1]
    assert_rows_match_positions(tree)


def test_a_node_prints_without_the_tree_around_it(catalog: Catalog, sample_plan: Plan) -> None:
    # Printing a node (an error message, a failed lookup) once walked its whole tree.
    text = repr(PlanTree(catalog, sample_plan)["internals.weights"])
    assert "internals.weights" in text and "Gradients" not in text


# --- marks ------------------------------------------------------------------------------------


def all_marks(tree: PlanTree, read: object) -> dict[tuple[str, str], Mark]:
    assert callable(read)
    return {(n.id, flag): read(n, flag) for n in tree.walk() for flag in FLAGS}


def test_cached_marks_agree_with_counting_leaves(catalog: Catalog, sample_plan: Plan) -> None:
    tree = PlanTree(catalog, sample_plan)
    cache = MarkCache(sample_plan)
    counted = all_marks(tree, lambda n, f: mark_of(sample_plan, n, f))
    assert all_marks(tree, cache.mark) == counted
    assert {counted["internals", "held"], counted["metrics", "held"]} == {
        Mark.PARTIAL,
        Mark.UNCHECKED,
    }
    leaves: list[Node] = list(tree["internals"].leaves())
    for leaf in leaves:  # one by one: partial until the last, then checked
        sample_plan.nodes[leaf.id] = NodeState(held=True)
        cache.forget(leaf)
        assert all_marks(tree, cache.mark) == all_marks(
            tree, lambda n, f: mark_of(sample_plan, n, f)
        )
    assert cache.mark(tree["internals"], "held") is Mark.CHECKED


def test_a_parent_mark_is_kept_until_a_node_below_is_forgotten(
    catalog: Catalog, sample_plan: Plan
) -> None:
    tree = PlanTree(catalog, sample_plan)
    cache = MarkCache(sample_plan)
    metrics = tree["metrics"]  # an attribute whose facets are not needed
    assert cache.mark(metrics, "needed") is Mark.UNCHECKED
    for leaf in metrics.leaves():
        sample_plan.nodes[leaf.id] = NodeState(needed=True)
    assert cache.mark(metrics, "needed") is Mark.UNCHECKED  # not told yet
    cache.forget(metrics.children[-1])
    assert cache.known(metrics, "needed") is None
    assert cache.known(metrics.category, "needed") is None
    assert cache.mark(metrics, "needed") is Mark.CHECKED


def test_forgetting_a_subtree_forgets_every_node_in_it(catalog: Catalog, sample_plan: Plan) -> None:
    tree = PlanTree(catalog, sample_plan)
    cache = MarkCache(sample_plan)
    all_marks(tree, cache.mark)
    root = tree["internals"]
    cache.forget(root)
    assert all(cache.known(node, "held") is None for node in root.walk())
    assert cache.known(tree["metrics"], "held") is not None
