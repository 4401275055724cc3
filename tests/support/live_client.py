"""A small GraphQL-over-WebSocket client for the tests: graphql-transport-ws (what graphql-ws
and GraphiQL speak) or the legacy graphql-ws protocol (subscriptions-transport-ws)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
# How long a test waits for a message it expects (never how fast it must come).
WAIT_SECONDS = 15.0


class LiveClient:
    """One WebSocket connection; messages are sorted by operation id as they arrive."""

    def __init__(self, socket: ClientConnection, protocol: str) -> None:
        self.socket = socket
        self.protocol = protocol
        self.inbox: dict[str | None, asyncio.Queue[dict[str, Any]]] = defaultdict(asyncio.Queue)
        # Binary frames received: a browser's graphql-ws client parses text frames only.
        self.binary_frames = 0
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.socket:
                self.binary_frames += isinstance(raw, bytes)
                message = json.loads(raw)
                await self.inbox[message.get("id")].put(message)

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """connection_init; the server's answer (connection_ack)."""
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.message(None)

    async def subscribe(
        self, op_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": op_id, "type": kind, "payload": payload})

    async def complete(self, op_id: str) -> None:
        await self.send(
            {"id": op_id, "type": "complete" if self.protocol == TRANSPORT_WS else "stop"}
        )

    async def message(self, op_id: str | None, wait: float = WAIT_SECONDS) -> dict[str, Any]:
        """The next message for an operation (None: connection-level), or TimeoutError."""
        while True:
            message = await asyncio.wait_for(self.inbox[op_id].get(), wait)
            if message.get("type") != "ka":  # graphql-ws keep-alives
                return message

    async def event(self, op_id: str, wait: float = WAIT_SECONDS) -> dict[str, Any]:
        """The next event's data for an operation; fails on anything else."""
        message = await self.message(op_id, wait)
        assert message["type"] in ("next", "data"), message
        assert "errors" not in message["payload"], message
        return message["payload"]["data"]

    def pending(self, op_id: str) -> int:
        """Messages already received for an operation and not yet read."""
        return self.inbox[op_id].qsize()

    async def close(self) -> None:
        await self.socket.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@asynccontextmanager
async def live_client(
    url: str,
    *,
    token: str | None = None,
    header_token: str | None = None,
    protocol: str = TRANSPORT_WS,
    init: bool = True,
) -> AsyncIterator[LiveClient]:
    """A connected client; `token` goes in connection_init, `header_token` in the handshake."""
    headers = {"Authorization": f"Bearer {header_token}"} if header_token else None
    subprotocols = [Subprotocol(protocol)]
    async with connect(
        url, subprotocols=subprotocols, additional_headers=headers, open_timeout=WAIT_SECONDS
    ) as socket:
        client = LiveClient(socket, protocol)
        try:
            if init:
                payload = {"Authorization": f"Bearer {token}"} if token else {}
                ack = await client.init(payload)
                assert ack["type"] == "connection_ack", ack
            yield client
        finally:
            await client.close()
