"""Insider Planner: plan the insider attributes a project needs and how to acquire them."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "insider-planner"
APP_TITLE = "Insider Planner"
