"""Plan files: where they live, atomic saves, typed load errors, backups and locks."""
