"""One typeface with every Vietnamese letter for all the app's text: DejaVu Sans, served by this server.

Gradio's own fonts come from Google (unreachable offline, refused by our Content-Security-Policy), so the browser
fell back to whatever it had: a monospace font without "ố" in the tables ("Sô´ hiệu"), another face for bold. The
files come from Debian's fonts-dejavu-core (make install); a browser that has the family installed uses its own copy.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

FAMILY = "DejaVu Sans"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ROUTE = "phong-chu"  # "phông chữ": the URL prefix of the font files
# file → (weight, style): the four faces, so that bold and italic are DejaVu's own, not synthesised or substituted
FACES = {
    "DejaVuSans.ttf": ("400", "normal"),
    "DejaVuSans-Bold.ttf": ("700", "normal"),
    "DejaVuSans-Oblique.ttf": ("400", "italic"),
    "DejaVuSans-BoldOblique.ttf": ("700", "italic"),
}
_STACK = f'"{FAMILY}", sans-serif'


def theme() -> gr.themes.Base:
    """Gradio's default theme with DejaVu Sans as its text and its monospace font (no Google font requested)."""
    return gr.themes.Default(font=[FAMILY, "sans-serif"], font_mono=[FAMILY, "sans-serif"])


def _font_face(file: str, weight: str, style: str) -> str:
    local = FAMILY + (" Bold" if weight == "700" else "") + (" Oblique" if style == "italic" else "")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: local("{local}"), url("{ROUTE}/{file}") format("truetype"); }}'
    )


# The theme sets --font, but tables, code, inputs and bold text in Markdown each name their own family.
CSS = "\n".join(
    [
        *(_font_face(file, weight, style) for file, (weight, style) in FACES.items()),
        f":root, .gradio-container {{ --font: {_STACK}; --font-mono: {_STACK}; }}",
        "body, .gradio-container, .gradio-container table, .gradio-container th, .gradio-container td, "
        ".gradio-container code, .gradio-container pre, .gradio-container kbd, .gradio-container samp, "
        ".gradio-container b, .gradio-container strong, .gradio-container input, .gradio-container textarea, "
        f".gradio-container button, .gradio-container select {{ font-family: {_STACK} !important; }}",
    ]
)


def font_router(font_dir: Path = FONT_DIR) -> APIRouter:
    """GET /phong-chu/<file>: the four DejaVu Sans files, nothing else from that folder; public (the sign-in page
    uses them too) and cached for a day."""
    router = APIRouter()

    @router.get(f"/{ROUTE}/{{name}}", include_in_schema=False)
    def font(name: str) -> FileResponse:
        path = font_dir / name
        if name not in FACES or not path.is_file():
            raise HTTPException(status_code=404)
        return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "public, max-age=86400"})

    return router
