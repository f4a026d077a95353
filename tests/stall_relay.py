"""A TCP relay in front of the test PostgreSQL that can stall like a dropped network.

`stall()` stops forwarding without closing anything: bytes stay in the kernel's buffers, every
segment is still acknowledged, nobody gets a reset, so neither the client's TCP user timeout
nor its keepalives notice (the worst case of a silent drop: only the app's own deadline can).
New connections are accepted and held the same way. `resume()` forwards again, including what
was held.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading


class StallRelay:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.flowing = threading.Event()
        self.flowing.set()
        self._closing = threading.Event()
        self._server = socket.create_server((host, 0))
        self._server.settimeout(0.1)
        self.port = self._server.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True, name="relay-accept").start()

    def stall(self) -> None:
        self.flowing.clear()

    def resume(self) -> None:
        self.flowing.set()

    def close(self) -> None:
        self._closing.set()
        self.flowing.set()
        with self._lock:
            for sock in [self._server, *self._sockets]:
                with contextlib.suppress(OSError):
                    sock.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while not self._closing.is_set():
            if not self.flowing.wait(0.1):
                continue  # stalled: read nothing, close nothing
            try:
                ready, _, _ = select.select([source], [], [], 0.1)
                if not ready:
                    continue
                if not self.flowing.is_set():
                    continue
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
            except OSError:
                break
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
