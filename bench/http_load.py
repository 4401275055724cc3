"""Timed load: keep-alive HTTP/1.1 connections that POST one body again and again.

The timed requests bypass httpx: on this machine httpx spends about 0.8 ms of the shared CPU
per request (GET /healthz p50: 0.89 ms through httpx, 0.14 ms through this client), which is
most of a `node(id)` request and, under concurrency, CPU the servers measured do not get.
wrk would do the same, but it is not on every machine; what the responses contain is still
checked through httpx, once, before timing (bench.calendar_week.check, bench.operations.check).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from urllib.parse import urlsplit

import httpx

from bench.harness import BenchError

RUN_BUDGET = 300.0  # hard cap per measured run, so a stuck server cannot hang the bench
STAGGER = 0.005  # seconds between opening connections: a request has started meanwhile


class Connection:
    """One keep-alive connection that POSTs the same request and reads whole responses."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, base_url: str) -> Connection:
        """Connect to the server of `base_url` (http only)."""
        parts = urlsplit(base_url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, int]:
        """Send a whole request; the response's status and body length (the body is read)."""
        self.writer.write(request)
        return await self.receive()

    async def receive(self) -> tuple[int, int]:
        """Read one whole response: its status and body length."""
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise BenchError("a response without Content-Length (chunked is not expected)")
        await self.reader.readexactly(length)
        return status, length

    async def close(self) -> None:
        """Close the connection."""
        self.writer.close()
        await self.writer.wait_closed()


def post_request(client: httpx.AsyncClient, path: str, payload: bytes) -> bytes:
    """The bytes of a POST with the client's headers (its token and content type)."""
    host = client.base_url.netloc.decode()
    lines = [f"POST {path} HTTP/1.1", f"host: {host}", f"content-length: {len(payload)}"]
    lines += [f"{name}: {value}" for name, value in client.headers.items() if name != "host"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def open_under_load(base_url: str, request: bytes, count: int) -> list[Connection]:
    """`count` connections, each opened while the previous ones' first requests run.

    Workers of a multi-process server share one listening socket, and an idle worker accepts
    every connection that is waiting: eight connections opened at once against an idle server
    all landed on one of two workers in half of our trials (`ss -tnp`), so a CPU-bound
    request mix used one core. Clients that connect while the server works are accepted by
    whichever worker is free, as front-desk screens that open over a morning would be.
    """
    connections: list[Connection] = []
    for _ in range(count):
        connection = await Connection.open(base_url)
        connection.writer.write(request)  # its answer is read below, not timed
        connections.append(connection)
        await asyncio.sleep(STAGGER)
    for connection in connections:
        await connection.receive()
    return connections


async def run(
    client: httpx.AsyncClient, path: str, payload: bytes, requests: int, concurrency: int, size: int
) -> dict[str, float]:
    """POST `payload` to the client's server `requests` times over `concurrency` connections;
    throughput and latencies. Each response must be 200 with `size` bytes."""
    request = post_request(client, path, payload)
    connections = await open_under_load(str(client.base_url), request, concurrency)
    latencies: list[float] = []
    remaining = iter(range(requests))

    async def worker(connection: Connection) -> None:
        for _ in remaining:  # the shared iterator hands out exactly `requests` turns
            started = time.perf_counter()
            status, length = await connection.send(request)
            latencies.append(time.perf_counter() - started)
            if status != 200 or length != size:
                raise BenchError(f"{path}: HTTP {status}, {length} B")

    try:
        started = time.perf_counter()
        async with asyncio.timeout(RUN_BUDGET):
            await asyncio.gather(*(worker(connection) for connection in connections))
        elapsed = time.perf_counter() - started
    finally:
        for connection in connections:
            await connection.close()
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": requests,
        "seconds": round(elapsed, 3),
        "rps": round(requests / elapsed, 2),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
    }
