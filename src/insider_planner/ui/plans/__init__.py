"""The plan list: every plan in the data folder, and switching between them."""
