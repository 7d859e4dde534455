"""The fictional demo archive as data and the code that draws it (used by scripts/make_demo_archive.py).

archive.toml and NN_<number>.toml hold every word of the seven documents; documents.py reads them, pdf.py draws the
PDFs (with a text layer, or a scanned page), word.py the DOCX and TXT files.
"""
