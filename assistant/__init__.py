"""Turns a Vietnamese question into a cited answer: rewrite → retrieve → fuse → answer → verify citations."""
