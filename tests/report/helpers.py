"""Reading exported documents back in tests: PDF text, images, order of content."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, PdfObject


def normalized(text: str) -> str:
    """Whitespace folded to single spaces (pypdf separates Qt's words with tabs)."""
    return " ".join(text.split())


def page_texts(data: bytes) -> list[str]:
    """The normalized text of each page of a PDF."""
    reader = PdfReader(io.BytesIO(data))
    return [normalized(page.extract_text()) for page in reader.pages]


def pdf_text(data: bytes) -> str:
    return " ".join(page_texts(data))


def assert_in_order(haystack: str, needles: Sequence[str]) -> None:
    """Each needle occurs in `haystack` after the one before it."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, (
            f"{needle!r} missing after offset {position}: ...{haystack[position:][:300]!r}"
        )
        position = found + len(needle)


def _resolve(obj: PdfObject | None) -> PdfObject | None:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def image_xobjects(data: bytes) -> list[str]:
    """Names of every /Image XObject reachable from any page's resources (also nested forms)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []
    seen: set[int] = set()

    def walk(resources: PdfObject | None) -> None:
        resources = _resolve(resources)
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        xobjects = _resolve(resources.get("/XObject"))
        if isinstance(xobjects, DictionaryObject):
            for name, ref in xobjects.items():
                xobject = _resolve(ref)
                if not isinstance(xobject, DictionaryObject):
                    continue
                if xobject.get("/Subtype") == "/Image":
                    found.append(str(name))
                walk(xobject.get("/Resources"))
        patterns = _resolve(resources.get("/Pattern"))
        if isinstance(patterns, DictionaryObject):
            for ref in patterns.values():
                pattern = _resolve(ref)
                if isinstance(pattern, DictionaryObject):
                    walk(pattern.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def every_image_stream(data: bytes) -> int:
    """How many objects in the whole file are image streams (a cross-check on the walk)."""
    return data.count(b"/Subtype /Image") + data.count(b"/Subtype/Image")
