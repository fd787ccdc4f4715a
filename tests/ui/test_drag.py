"""The drag codec: round trips, the wire format, and malformed payloads decoding to nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QMimeData

from insider_planner.ui.drag import BOARD_MIME, NODE_MIME, DragPayload, decode, encode

# Any text: empty, quotes, newlines, any code point, lone surrogates included.
ids = st.text(st.characters(exclude_categories=()))
id_lists = st.lists(ids, min_size=1, max_size=20).map(tuple)


def raw(*pairs: tuple[str, bytes]) -> QMimeData:
    """MIME data holding exactly these bytes under these types."""
    data = QMimeData()
    for mime, payload in pairs:
        data.setData(mime, QByteArray(payload))
    return data


def wire(data: QMimeData, mime: str) -> Any:
    return json.loads(bytes(data.data(mime).data()).decode("utf-8"))


# --- round trips and the wire format ---------------------------------------------------------


def test_nodes_round_trip_as_a_json_list(qapp: Any) -> None:
    payload = DragPayload(nodes=("internals.weights", "formal.nda"))
    data = encode(payload)
    assert data.formats() == [NODE_MIME]
    assert wire(data, NODE_MIME) == ["internals.weights", "formal.nda"]
    assert decode(data) == payload


def test_tasks_round_trip_as_a_tasks_object(qapp: Any) -> None:
    payload = DragPayload(tasks=("t-3", "t-1", "t-2"))
    data = encode(payload)
    assert data.formats() == [BOARD_MIME]
    assert wire(data, BOARD_MIME) == {"tasks": ["t-3", "t-1", "t-2"]}  # order kept
    assert decode(data) == payload


def test_strategy_round_trips_as_a_strategy_object(qapp: Any) -> None:
    payload = DragPayload(strategy="integrity")
    data = encode(payload)
    assert data.formats() == [BOARD_MIME]
    assert wire(data, BOARD_MIME) == {"strategy": "integrity"}
    assert decode(data) == payload


def test_a_strategy_is_sent_rather_than_tasks(qapp: Any) -> None:
    data = encode(DragPayload(tasks=("t-1",), strategy="understand"))
    assert wire(data, BOARD_MIME) == {"strategy": "understand"}
    assert decode(data) == DragPayload(strategy="understand")


def test_an_empty_payload_encodes_to_nothing(qapp: Any) -> None:
    data = encode(DragPayload())
    assert data.formats() == []
    assert decode(data) is None


def test_nodes_and_tasks_together_decode_as_tasks(qapp: Any) -> None:
    data = encode(DragPayload(nodes=("formal.nda",), tasks=("t-1",)))
    assert sorted(data.formats()) == sorted([NODE_MIME, BOARD_MIME])
    assert wire(data, NODE_MIME) == ["formal.nda"]
    assert decode(data) == DragPayload(tasks=("t-1",))


def test_payload_is_utf8_json(qapp: Any) -> None:
    payload = DragPayload(nodes=("Zürich › 東京", 'quote " and \\ backslash', "line\nbreak"))
    data = encode(payload)
    text = bytes(data.data(NODE_MIME).data()).decode("utf-8")
    assert json.loads(text) == list(payload.nodes)
    assert decode(data) == payload


@given(nodes=id_lists)
def test_any_node_ids_round_trip(qapp: Any, nodes: tuple[str, ...]) -> None:
    payload = DragPayload(nodes=nodes)
    data = encode(payload)
    assert wire(data, NODE_MIME) == list(nodes)
    assert decode(data) == payload


@given(tasks=id_lists)
def test_any_task_ids_round_trip(qapp: Any, tasks: tuple[str, ...]) -> None:
    payload = DragPayload(tasks=tasks)
    data = encode(payload)
    assert wire(data, BOARD_MIME) == {"tasks": list(tasks)}
    assert decode(data) == payload


@given(strategy=ids)
def test_any_strategy_id_round_trips(qapp: Any, strategy: str) -> None:
    payload = DragPayload(strategy=strategy)
    assert decode(encode(payload)) == payload


@given(nodes=id_lists, tasks=id_lists)
def test_board_wins_for_any_ids(qapp: Any, nodes: tuple[str, ...], tasks: tuple[str, ...]) -> None:
    assert decode(encode(DragPayload(nodes=nodes, tasks=tasks))) == DragPayload(tasks=tasks)


# --- what arrives from elsewhere -------------------------------------------------------------


NOT_JSON = [
    b"\xff\xfe\x00",  # not UTF-8
    b'["caf\xe9"]',  # Latin-1, not UTF-8
    b"",
    b"[",
    b'["a",]',
    b"{tasks: [1]}",
    b"\x00",
]


@pytest.mark.parametrize("payload", NOT_JSON)
@pytest.mark.parametrize("mime", [NODE_MIME, BOARD_MIME])
def test_not_json_decodes_to_none(qapp: Any, mime: str, payload: bytes) -> None:
    assert decode(raw((mime, payload))) is None


@pytest.mark.parametrize(
    "payload",
    [b"42", b"null", b"true", b'"internals.weights"', b'{"nodes": ["a"]}', b"{}", b"1e400"],
)
def test_nodes_of_the_wrong_shape_decode_to_none(qapp: Any, payload: bytes) -> None:
    assert decode(raw((NODE_MIME, payload))) is None


def test_nodes_drop_what_is_not_a_string(qapp: Any) -> None:
    data = raw((NODE_MIME, b'["a", 1, null, ["b"], {"c": "d"}, true, "e", 2.5]'))
    assert decode(data) == DragPayload(nodes=("a", "e"))


@pytest.mark.parametrize("payload", [b"[]", b"[1, 2, null]"])
def test_no_node_ids_carries_no_nodes(qapp: Any, payload: bytes) -> None:
    decoded = decode(raw((NODE_MIME, payload)))
    assert decoded is None or decoded == DragPayload()


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b'["t-1"]',
        b'[{"tasks": ["t-1"]}]',
        b"7",
        b'"t-1"',
        b"null",
        b"{}",
        b'{"other": ["t-1"]}',
        b'{"tasks": []}',
        b'{"tasks": "t-1"}',
        b'{"tasks": {"t-1": true}}',
        b'{"tasks": ["t-1", 2]}',
        b'{"tasks": [null]}',
        b'{"tasks": [["t-1"]]}',
        b'{"strategy": 3}',
        b'{"strategy": null}',
        b'{"strategy": ["understand"]}',
        b'{"strategy": null, "tasks": []}',
    ],
)
def test_board_of_the_wrong_shape_decodes_to_none(qapp: Any, payload: bytes) -> None:
    assert decode(raw((BOARD_MIME, payload))) is None


def test_board_strategy_that_is_not_a_string_falls_back_to_tasks(qapp: Any) -> None:
    data = raw((BOARD_MIME, b'{"strategy": 3, "tasks": ["t-1", "t-2"]}'))
    assert decode(data) == DragPayload(tasks=("t-1", "t-2"))


def test_board_with_a_strategy_and_tasks_is_a_strategy(qapp: Any) -> None:
    data = raw((BOARD_MIME, b'{"strategy": "obstacles", "tasks": ["t-1"], "extra": 1}'))
    assert decode(data) == DragPayload(strategy="obstacles")


DEPTH = 100_000


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * DEPTH + b"]" * DEPTH,
        b"[" * DEPTH,
        b'["a", ' + b"[" * DEPTH + b"]" * DEPTH + b"]",
        b'{"tasks": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
        b'{"a": ' * DEPTH + b"1" + b"}" * DEPTH,
    ],
    ids=["lists", "unclosed", "inside-a-list", "inside-tasks", "objects"],
)
@pytest.mark.parametrize("mime", [NODE_MIME, BOARD_MIME])
def test_deeply_nested_json_decodes_to_none(qapp: Any, mime: str, payload: bytes) -> None:
    assert decode(raw((mime, payload))) is None


def test_other_mime_types_decode_to_none(qapp: Any) -> None:
    assert decode(QMimeData()) is None
    data = QMimeData()
    data.setText('["internals.weights"]')
    data.setData("application/json", QByteArray(b'{"tasks": ["t-1"]}'))
    data.setData(NODE_MIME + "-other", QByteArray(b'["internals.weights"]'))
    assert decode(data) is None


def test_board_wins_when_both_types_are_present(qapp: Any) -> None:
    nodes = (NODE_MIME, b'["internals.weights"]')
    assert decode(raw(nodes, (BOARD_MIME, b'{"tasks": ["t-1"]}'))) == DragPayload(tasks=("t-1",))
    assert decode(raw(nodes, (BOARD_MIME, b'{"strategy": "x"}'))) == DragPayload(strategy="x")
    # Even a malformed board payload wins: there is no falling back to the nodes.
    assert decode(raw(nodes, (BOARD_MIME, b"not json"))) is None
    assert decode(raw(nodes, (BOARD_MIME, b'{"tasks": []}'))) is None


@given(payload=st.binary(max_size=200), mime=st.sampled_from([NODE_MIME, BOARD_MIME]))
def test_any_bytes_decode_without_raising(qapp: Any, payload: bytes, mime: str) -> None:
    decoded = decode(raw((mime, payload)))
    assert decoded is None or isinstance(decoded, DragPayload)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)


@given(value=json_values, mime=st.sampled_from([NODE_MIME, BOARD_MIME]))
def test_any_json_decodes_to_strings_only(qapp: Any, value: Any, mime: str) -> None:
    decoded = decode(raw((mime, json.dumps(value).encode("utf-8"))))
    if decoded is None:
        return
    assert all(isinstance(n, str) for n in decoded.nodes)
    assert all(isinstance(t, str) for t in decoded.tasks)
    assert decoded.strategy is None or isinstance(decoded.strategy, str)
    if mime == BOARD_MIME:
        assert not decoded.nodes and (bool(decoded.tasks) != (decoded.strategy is not None))
    else:
        assert not decoded.tasks and decoded.strategy is None
        assert list(decoded.nodes) == [n for n in value if isinstance(n, str)]
