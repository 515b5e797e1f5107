"""The quarterly newsletter: draft builder, research feeds, Atom feeds and the email edition.

Plain Python, like the rest of the core: nothing here imports MkDocs. The
`sofs/newsletter` plugin and the `kb newsletter` commands are thin adapters.
"""
