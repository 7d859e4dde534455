"""The citation graph: which documents the archive cites, and which of them it holds.

A second pipeline beside the ingest, fed with each indexed document's metadata and chunks: `docnumbers` finds and
spells document numbers (số hiệu), `references` reads what the words around each cited number say (type, date,
issuer, subject), `glossary` finds the abbreviations the text defines, and `registry` keeps all of it in SQLite and
groups the mentions of one number into directives.

Nothing is imported here: `index.metadata` reads numbers with `docnumbers`, and `references` reads dates with
`index.metadata`, so importing the package must not import its modules.
"""
