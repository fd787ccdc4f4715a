"""Allow ``python -m insider_planner``."""

from __future__ import annotations

import sys

from insider_planner.cli import main

sys.exit(main())
