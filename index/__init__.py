"""Turns an archive of files into indexed chunks: load → normalise → extract metadata → chunk → embed → store."""
