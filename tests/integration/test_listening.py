"""`serve --workers N` listens on a socket that says it is TCP, so that asyncio turns
Nagle's algorithm off on every connection (without it each answer waited ~40 ms)."""

from __future__ import annotations

import asyncio
import socket

import uvicorn

from runstrong.entrypoints.web.listening import TcpConfig


def _nodelay_of_an_accepted_connection(listening: socket.socket) -> int:
    async def main() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listening)
        port = listening.getsockname()[1]
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        value = await asyncio.wait_for(seen, 5)
        writer.close()
        server.close()
        await server.wait_closed()
        return value

    return asyncio.run(main())


def test_the_workers_socket_turns_nagle_off_on_each_connection() -> None:
    config = TcpConfig("runstrong.entrypoints.web.app:app_for_a_worker", host="127.0.0.1", port=0)
    listening = config.bind_socket()
    assert listening.proto == socket.IPPROTO_TCP and listening.get_inheritable()
    assert _nodelay_of_an_accepted_connection(listening) == 1


def test_uvicorns_own_socket_did_not() -> None:
    # What the class above is for: if uvicorn ever binds a socket that says TCP, this
    # fails and TcpConfig can go.
    listening = uvicorn.Config("x:y", host="127.0.0.1", port=0).bind_socket()
    assert listening.proto == 0
    assert _nodelay_of_an_accepted_connection(listening) == 0
