"""Plan → Markdown / HTML (pure), and HTML → PDF or printer (Qt print support)."""
