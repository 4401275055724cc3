"""`python -m bench.live`: change-to-delivery latency with many subscribers.

Starts `slotgraph serve --workers 2` on the demo practice, opens SUBSCRIBERS WebSocket
connections (graphql-transport-ws, the demo staff token in connection_init), each subscribed to
calendarChanges of Riverside Main's open week, then changes that week over HTTP: bookings one
at a time (then their cancellations), and last a burst of them at once. For every change and
subscriber it takes the time from sending the mutation to receiving the event (an upper bound
of the delivery: it includes the mutation's own work, reported beside it). Client, server and
PostgreSQL share this machine's cores; the client reads every event.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from bench.harness import BenchError, demo_week, measure_on_server, save, staff_headers
from db.demo import MAIN_LOCATION_ID, DemoCalendar
from db.demo.examples import moved_example
from server.settings import PROJECT_ROOT

SUBSCRIBERS = 1_000
OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
SUBSCRIPTION = """subscription ($l: ID!, $from: Date!, $to: Date!) {
  calendarChanges(locationId: $l, from: $from, to: $to) {
    cursor kind appointmentId appointment { id status startAt patient { id } providers { id } }
  }
}"""
CANCEL = """mutation ($input: CancelAppointmentInput!) {
  cancelAppointment(input: $input) { appointment { id } userErrors { code } } }"""
WAIT_SECONDS = 120.0


class Subscriber:
    """One connection and one subscription; when each (appointment, kind) event arrived."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.received: dict[tuple[str, str], float] = {}
        self.subscribed = asyncio.Event()
        self.events = 0

    async def read(self) -> None:
        async for raw in self.socket:
            now = time.perf_counter()
            message = json.loads(raw)
            if message.get("type") != "next":
                continue
            change = message["payload"]["data"]["calendarChanges"]
            if change["kind"] == "SUBSCRIBED":
                self.subscribed.set()
                continue
            self.events += 1
            self.received.setdefault((change["appointmentId"], change["kind"]), now)


async def _subscribe(ws_url: str, token: str, week: tuple[date, date]) -> Subscriber:
    socket = await connect(ws_url, subprotocols=[Subprotocol("graphql-transport-ws")])
    await socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": token}}))
    ack = json.loads(await socket.recv())
    if ack.get("type") != "connection_ack":
        raise BenchError(f"no connection_ack: {ack}")
    variables = {
        "l": _global_id("Location", MAIN_LOCATION_ID),
        "from": week[0].isoformat(),
        "to": week[1].isoformat(),
    }
    payload = {"query": SUBSCRIPTION, "variables": variables}
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    subscriber = Subscriber(socket)
    asyncio.get_running_loop().create_task(subscriber.read())
    await asyncio.wait_for(subscriber.subscribed.wait(), WAIT_SECONDS)
    return subscriber


def _global_id(type_name: str, ident: object) -> str:
    from strawberry.relay import GlobalID

    return str(GlobalID(type_name, str(ident)))


def _booking(open_week: date, day: int, hour: int, n: int) -> dict[str, Any]:
    example = json.loads((OPERATIONS / "BookAppointment.json").read_text())
    variables = moved_example(example, demo_week())
    variables["input"]["slot"] = {
        "date": (open_week + timedelta(days=day)).isoformat(),
        "startTime": f"{hour:02d}:00",
    }
    variables["input"]["idempotencyKey"] = f"bench-live-{os.getpid()}-{n}"
    return variables


class Changer:
    """Sends mutations over HTTP and notes when each was sent and how long it took."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.sent: dict[tuple[str, str], float] = {}
        self.took: list[float] = []

    async def book(self, variables: dict[str, Any]) -> str | None:
        document = (OPERATIONS / "BookAppointment.graphql").read_text()
        started = time.perf_counter()
        answer = (
            await self.client.post("/graphql", json={"query": document, "variables": variables})
        ).json()
        self.took.append(time.perf_counter() - started)
        payload = answer["data"]["bookAppointment"]
        if payload["userErrors"]:
            return None  # a slot the schedule or a lunch blockout refuses: skipped
        ident = str(payload["appointment"]["id"])
        self.sent[(ident, "BOOKED")] = started
        return ident

    async def cancel(self, ident: str) -> None:
        variables = {"input": {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PRACTICE"}}
        started = time.perf_counter()
        await self.client.post("/graphql", json={"query": CANCEL, "variables": variables})
        self.took.append(time.perf_counter() - started)
        self.sent[(ident, "CANCELLED")] = started


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


async def _delivered(subscribers: list[Subscriber], changer: Changer) -> dict[str, Any]:
    """Wait until every subscriber has every change, then the latencies."""
    deadline = time.monotonic() + WAIT_SECONDS

    def missing() -> int:
        return sum(key not in s.received for s in subscribers for key in changer.sent)

    while missing():
        if time.monotonic() > deadline:
            raise BenchError(f"{missing()} events never arrived")
        await asyncio.sleep(0.05)
    latencies = [
        subscriber.received[key] - sent
        for subscriber in subscribers
        for key, sent in changer.sent.items()
    ]
    return {
        "changes": len(changer.sent),
        "events": len(latencies),
        "send_to_event": _percentiles(latencies),
        "mutation": _percentiles(changer.took),
    }


async def measure(base_url: str, subscribers: int) -> dict[str, Any]:
    """Subscribe, change the week one change at a time, then in a burst."""
    headers = staff_headers()
    open_week = DemoCalendar(demo_week()).open_week
    week = (open_week, open_week + timedelta(days=6))
    ws_url = base_url.replace("http://", "ws://") + "/graphql"
    started = time.perf_counter()
    clients: list[Subscriber] = []
    for start in range(0, subscribers, 50):
        batch = min(50, subscribers - start)
        clients += await asyncio.gather(
            *(_subscribe(ws_url, headers["authorization"], week) for _ in range(batch))
        )
    subscribing = time.perf_counter() - started
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60) as http:
        one = Changer(http)
        booked = [
            ident
            for n, (day, hour) in enumerate((d, h) for d in range(1, 4) for h in range(8, 17))
            if (ident := await one.book(_booking(open_week, day, hour, n))) is not None
        ]
        for ident in booked:
            await one.cancel(ident)
        one_at_a_time = await _delivered(clients, one)
        burst = Changer(http)
        slots = [(2, hour) for hour in range(8, 17)]  # freed by the cancellations above
        made = await asyncio.gather(
            *(burst.book(_booking(open_week, d, h, 100 + n)) for n, (d, h) in enumerate(slots))
        )
        at_once = await _delivered(clients, burst)
        for ident in made:  # leave the open week open for the next run
            if ident is not None:
                await Changer(http).cancel(ident)
    for client in clients:
        await client.socket.close()
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "cpus": os.cpu_count(),
        "workers": 2,
        "subscribers": subscribers,
        "subscribe_seconds": round(subscribing, 1),
        "one_at_a_time": one_at_a_time,
        "burst": at_once,
        # events received twice for one (appointment, kind): none expected
        "duplicates": sum(client.events - len(client.received) for client in clients),
    }


def main(argv: list[str] | None = None) -> None:
    """Start the server, measure, print and save the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__)
    parser.add_argument("--port", type=int, default=8766, help="port of the server started here")
    parser.add_argument("--subscribers", type=int, default=SUBSCRIBERS)
    args = parser.parse_args(argv)

    async def measured(base_url: str) -> dict[str, Any]:
        try:
            return await measure(base_url, args.subscribers)
        except (TimeoutError, httpx.HTTPError, OSError) as exc:
            # Their messages are often empty: say what timed out or broke.
            raise BenchError(f"{type(exc).__name__} {exc}".strip()) from exc

    report = measure_on_server(
        measured,
        port=args.port,
        serve_args=["--workers", "2"],
    )
    print(json.dumps(report, indent=2))
    save(report, "live")


if __name__ == "__main__":
    main()
