"""The gap: what the project needs and you do not hold, and what you hold but would not accept."""
