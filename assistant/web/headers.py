"""Security headers on every response of the web app, Gradio's pages and API as well as the archive's files.

A pure ASGI middleware rather than a FastAPI `@middleware("http")`: it only adds headers to the response start, so
Gradio's streamed answers (server-sent events) pass through untouched. A route that sets its own
Content-Security-Policy keeps it: the archive's files (files.py) set a stricter one.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# What Gradio's page needs and no more, found by loading it in Chromium and using every tab (sign-in, a question, the
# copy button, an upload) while watching for violations; tests/web/test_security_headers.py does it on every run.
# Leaving out any of these stops the page:
# - 'unsafe-inline' scripts: Gradio's page carries its config in inline <script> tags (the sign-in page is blank);
# - 'unsafe-eval': Gradio's component loader evaluates code strings (the page never leaves "loading");
# - inline styles: Svelte sets style attributes throughout;
# - data: images: Gradio's icons are SVG data URLs in its CSS.
# Everything else comes from this server only; nothing may load from another host or frame this app.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors says the same to browsers that read CSP
    "Referrer-Policy": "no-referrer",  # archive paths and questions stay out of other sites' logs
}


class SecurityHeaders:
    """Adds `SECURITY_HEADERS`, and `CONTENT_SECURITY_POLICY` unless the route set its own, to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
            await send(message)

        await self.app(scope, receive, send_with_headers)
