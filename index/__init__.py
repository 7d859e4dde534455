"""Turns an archive of files into indexed chunks, and the documents they cite into a registry. Two pipelines:

- ingest: `loaders` (load, OCR in `ocr`) → `normalise` → `metadata` → `chunking` → `embedding` → store (`vectors`,
  `catalog`), run file by file by `pipeline` over what `archive` finds;
- citation graph (`citations`): `docnumbers` → `references` → `glossary` → `registry`, fed by the ingest with each
  indexed document's metadata and chunks.

Both read the Vietnamese administration's words from `vocabulary` and `places`; `records` holds the records passed
between stages. Nothing here imports `assistant`.
"""
