"""The Gradio web app, one module per tab; `app.py` at the top level composes them. No module launches anything."""
