"""The attribute tree: what you hold and what your project needs, with notes per node."""
