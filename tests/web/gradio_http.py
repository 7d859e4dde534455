"""Gradio's HTTP API as a client without a browser uses it: sign in, upload a file, call an event by its api_name."""

from __future__ import annotations

import json
from typing import Any

import httpx


def signed_in(url: str, name: str | None = None, password: str = "", timeout: float = 60) -> httpx.Client:
    """An HTTP client of the app at `url`, signed in through Gradio's own login form when `name` is given."""
    client = httpx.Client(base_url=url, timeout=timeout)
    if name is not None:
        response = client.post("/login", data={"username": name, "password": password})
        assert response.status_code == 200, response.text
    return client


def upload(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post("/gradio_api/upload", files={"files": (name, data, "application/octet-stream")})


def call(client: httpx.Client, api_name: str, data: list[Any]) -> list[Any]:
    """One event through Gradio's HTTP API (POST, then read the result stream); its output values."""
    started = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
    started.raise_for_status()
    stream = client.get(f"/gradio_api/call/{api_name}/{started.json()['event_id']}").text
    last = [line for line in stream.splitlines() if line.startswith("data:")][-1]
    return json.loads(last.removeprefix("data:"))
