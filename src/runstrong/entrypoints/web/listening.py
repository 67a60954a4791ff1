"""The listening socket of `serve --workers N`.

With several workers, uvicorn binds the socket in the supervisor and hands it to each
worker. It makes it with `socket.socket(family)`, whose protocol reads 0, and asyncio
turns Nagle's algorithm off (TCP_NODELAY) only on sockets that say TCP. So each answer
written in two parts (headers, then body) waited for the client's delayed ACK: about
40 ms on every request (measured by benchmarks/scale.py: 52 ms against 7 ms with one
worker; uvicorn issue #3149). The same socket, said to be TCP, is all it takes.
"""

from __future__ import annotations

import socket

import uvicorn


class TcpConfig(uvicorn.Config):
    """uvicorn's settings, binding a socket that says it is TCP."""

    def bind_socket(self) -> socket.socket:
        bound = super().bind_socket()
        if bound.family not in (socket.AF_INET, socket.AF_INET6) or bound.proto != 0:
            return bound
        said = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, bound.detach())
        said.set_inheritable(True)
        return said


def run_workers(app: str, host: str, port: int, workers: int) -> None:
    """`uvicorn.run(app, factory=True, workers=workers)`, with the socket above."""
    from uvicorn.supervisors import Multiprocess

    config = TcpConfig(
        app, factory=True, host=host, port=port, workers=workers, log_level="warning"
    )
    try:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    except KeyboardInterrupt:
        pass
