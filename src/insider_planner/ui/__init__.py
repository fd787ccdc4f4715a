"""Qt item models, views, undo commands, dialogs and the main window."""
