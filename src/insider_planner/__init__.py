"""Insider Planner: plan the insider attributes a project needs and how to acquire them."""

from __future__ import annotations

import os

# Plans hold private notes. A pydantic plugin installed in the same environment would be
# handed every value the app validates, so none is loaded (which also spares the search of
# every installed package's metadata that finds them, a noticeable part of start-up).
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"

__version__ = "0.1.0"
APP_NAME = "insider-planner"
APP_TITLE = "Insider Planner"
