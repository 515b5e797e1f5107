"""The Norfolk Signs of Safety Knowledge Bank.

The core (content model, loader, indexes, page plans) is plain Python.
The `sofs_kb.mkdocs_plugins` package holds the thin MkDocs adapters, and
`sofs_kb.cli` holds the `kb` command.
"""
