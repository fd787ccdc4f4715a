"""The main window: its menus, the plan it shows and the plan's open/close cycle."""
