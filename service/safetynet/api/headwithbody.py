"""An answer's head and the start of its body go out in one write, not two."""

from __future__ import annotations

import asyncio
from typing import Any

_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"  # as uvicorn writes it


class HeadWithBody(asyncio.Transport):
    """The connection as one request's answer sees it: the answer's head is held until the first bytes of its body,
    and both are written together: uvicorn writes them one after the other, two system calls (two packets, two
    wake-ups of the client) per answer. Everything else is written at once:
    ``100 Continue`` (the client waits for it before sending its body), and a held head when the connection closes
    or the answer ends without a body (``flush``)."""

    def __init__(self, transport: asyncio.Transport) -> None:
        super().__init__()
        self._transport = transport
        self._head: bytes | None = None
        self._started = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.writelines((head, data))  # one system call, the body not copied
        elif self._started or data == _CONTINUE:
            self._transport.write(data)
        else:
            self._started = True
            self._head = bytes(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)
