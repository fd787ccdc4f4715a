"""The action board: the six strategies in priority order, with their tasks."""
