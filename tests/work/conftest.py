"""Local stand-ins for the outside world of reminders: a real SMTP sink (aiosmtpd) and a robot webhook."""
from __future__ import annotations

import asyncio
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller


class Sink:
    """Keeps every message; ``delay`` makes it answer slowly, like a busy mail server, while runs overlap."""

    def __init__(self):
        self.messages = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    with socket.socket() as probe:  # aiosmtpd's start() needs a concrete port to check itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@pytest.fixture
def robot():
    """A local HTTP server standing in for a DingTalk / WeCom robot; records each POST body."""
    received = []
    answer = {"body": b'{"errcode":0,"errmsg":"ok"}'}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append((self.headers["Content-Type"], self.rfile.read(length)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer["body"])

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/robot/send?access_token=t", received, answer
    finally:
        server.shutdown()
        server.server_close()
