"""The texts of the Help menu."""

from __future__ import annotations

from insider_planner import __version__
from insider_planner.ui.attributes.view import HELD_KEY, NEEDED_KEY

HOW_TO_USE = f"""Insider Planner helps you plan work that seems to need a place inside an AI lab, \
without being employed there.

Being "inside" is not one thing. A lab employee holds many attributes at once: access to \
artefacts such as weights, evaluations or training data; resources such as compute and API \
features; information about techniques and the roadmap; influence and trust. They also carry \
constraints: NDAs, publication limits, equity, social ties. Someone outside can hold some of \
these and not others.

1. Tick what you already hold in the Held column ({HELD_KEY} on the selected row).
2. Mark what your project needs in the second column ({NEEDED_KEY}). For constraints this \
column asks whether you would accept the constraint.
3. The Gap panel lists what is needed but not held, and constraints you hold but would not \
accept. Add a task for an entry with Enter, or drag it onto a step of the action board.
4. Work the action board: six strategies, highest returns first. Reorder them and their \
tasks by drag-and-drop or with Ctrl+Up / Ctrl+Down.
5. Print the plan or export it. A redacted export leaves out notes and anything marked \
private, so you can share the plan without exposing contacts.

Before giving up a freedom, note that the freedom to criticise a lab openly is perhaps the \
main advantage a partial insider has over an employee.

Every change can be undone, and the plan saves itself a moment after you stop editing. \
Help ▸ Keyboard Shortcuts lists every key."""

ABOUT = (
    f"Insider Planner {__version__}\n\nPlan the insider attributes your project needs, "
    "see the gap, and work the steps that close it.\n\nYour plans stay on this computer; "
    "the app makes no network connections."
)
