"""The simulation loop: scenarios on a schedule, out over MQTT / HTTP (or printed)."""

from __future__ import annotations

import base64
import heapq
import itertools
import json
import logging
import queue
import random
import sys
import time as time_module
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from custom_components.smart_community.core.credentials import device_password
from custom_components.smart_community.core.devices import Transport
from custom_components.smart_community.core.digest import client_authorization

from .commands import answer_command
from .encoders import gat1400_request, isapi_request, mqtt_event, mqtt_state
from .images import ImageSource
from .register import SimDevice
from .scenarios import Community, Outgoing, Roster

_LOGGER = logging.getLogger(__name__)


@dataclass
class Options:
    """Command line options."""

    register: Path
    broker: str | None = None
    rate: float = 1.0
    seed: int = 0
    duration: float | None = None
    count: int | None = None
    http: str | None = None
    isapi_path: str = "/api/smart_community/isapi/{address}"
    passwords: dict[str, str] = field(default_factory=dict)  # device code -> digest password
    push_secret: bytes | None = None  # or derive them from the community's secret
    gat1400_user: str | None = None  # a shared platform user instead of each device's
    gat1400_password: str | None = None
    isapi_user: str | None = None
    isapi_password: str | None = None
    mqtt_user: str | None = None
    mqtt_password: str | None = None
    images: Path | None = None
    faces: Path | None = None  # face photos for the face captures
    roster: Roster | None = None  # the people HA knows (``--people``)
    dry_run: bool = False
    start: datetime | None = None
    hold: float = 3.0
    drain: float = 10.0


@dataclass(order=True)
class _Due:
    at: float
    order: int
    outgoing: Outgoing = field(compare=False)


class MqttLinks:
    """One paho connection per MQTT device, each with its ``offline`` last will."""

    def __init__(self, broker: str, user: str | None, password: str | None) -> None:
        host, _, port = broker.rpartition(":")
        self.host, self.port = (host or broker), int(port) if host else 1883
        self.user, self.password = user, password
        self.clients: dict[str, tuple[str, Any]] = {}
        self.commands: queue.Queue[tuple[SimDevice, bytes]] = queue.Queue()

    def connect(self, devices: list[SimDevice]) -> None:
        """Connect every device, publish ``online``, subscribe to its command topic."""
        import paho.mqtt.client as mqtt  # noqa: PLC0415  (only with --broker)
        from paho.mqtt.enums import CallbackAPIVersion  # noqa: PLC0415  (only with --broker)

        for device in devices:
            base = device.topic_base
            client = mqtt.Client(
                CallbackAPIVersion.VERSION2, client_id=f"sim-{device.code}", clean_session=True
            )
            if self.user:
                client.username_pw_set(self.user, self.password)
            client.will_set(f"{base}/availability", "offline", qos=1, retain=True)

            def on_connect(
                client: Any, _u: Any, _f: Any, rc: Any, _p: Any, base: str = base
            ) -> None:
                if not rc.is_failure:
                    client.subscribe(f"{base}/command", qos=1)
                    client.publish(f"{base}/availability", "online", qos=1, retain=True)

            def on_message(_c: Any, _u: Any, message: Any, device: SimDevice = device) -> None:
                self.commands.put((device, bytes(message.payload)))

            client.on_connect = on_connect
            client.on_message = on_message
            client.connect(self.host, self.port, keepalive=30)
            client.loop_start()
            self.clients[device.code] = (base, client)

    def publish(self, device: SimDevice, channel: str, payload: bytes, retain: bool) -> None:
        """Publish on one of the device's topics (QoS 1)."""
        entry = self.clients.get(device.code)
        if entry is not None:
            entry[1].publish(f"{device.topic_base}/{channel}", payload, qos=1, retain=retain)

    def close(self) -> None:
        """Say ``offline`` (a clean exit fires no last will) and disconnect."""
        for topic_base, client in self.clients.values():
            info = client.publish(f"{topic_base}/availability", "offline", qos=1, retain=True)
            info.wait_for_publish(timeout=2)
        for _base, client in self.clients.values():
            client.disconnect()  # before loop_stop, so the network thread exits at once
            client.loop_stop()
        self.clients.clear()


class Simulator:
    """Runs scenarios until ``count`` / ``duration`` is reached."""

    def __init__(
        self,
        devices: list[SimDevice],
        options: Options,
        out: TextIO | None = None,
        clock: Callable[[], float] = time_module.monotonic,
    ) -> None:
        self.devices = devices
        self.options = options
        self.out = out or sys.stdout
        self.clock = clock
        self.rng = random.Random(options.seed)
        self.community = Community(
            devices,
            self.rng,
            ImageSource(self.rng, options.images, options.faces),
            options.roster,
        )
        self.states: dict[str, dict[str, Any]] = {}
        self.queue: list[_Due] = []
        self.order = itertools.count()
        self.serial = itertools.count(1)
        self.mqtt: MqttLinks | None = None
        self.sent = 0
        self._digest_challenge: str | None = None
        self._registered: set[str] = set()
        self._warned: set[str] = set()

    # -- scheduling ---------------------------------------------------------------------------

    def schedule(self, now: float, items: list[Outgoing]) -> None:
        """Queue ``items`` relative to ``now``."""
        for item in items:
            heapq.heappush(self.queue, _Due(now + item.delay, next(self.order), item))

    def _wall(self, sim_seconds: float) -> datetime:
        if self.options.start is not None:
            return self.options.start + timedelta(seconds=sim_seconds)
        return datetime.now().astimezone()

    # -- output -------------------------------------------------------------------------------

    def emit(self, item: Outgoing, at: float) -> None:
        """Send one message by its device's transport."""
        device = item.device
        when = self._wall(at)
        if item.channel == "state":
            state = self.states.setdefault(device.code, {})
            state.update(item.state or {})
            if device.transport is Transport.MQTT:
                self._mqtt(device, "state", mqtt_state(state, when), retain=True, at=at)
            return
        assert item.event is not None
        if device.transport is Transport.MQTT:
            self._mqtt(device, "event", mqtt_event(item.event, when), retain=False, at=at)
        elif device.transport is Transport.GAT1400:
            request = gat1400_request(device, item.event, when, next(self.serial))
            if request:
                self._http(device, request[0], "application/VIID+JSON", request[1], at)
        elif device.transport is Transport.ISAPI:
            push = isapi_request(device, item.event, when, next(self.serial))
            if push:
                path = self.options.isapi_path.format(address=device.address or device.code)
                self._http(device, path, push[0], push[1], at)

    def _print(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.sent += 1

    def _mqtt(
        self, device: SimDevice, channel: str, payload: bytes, *, retain: bool, at: float
    ) -> None:
        if self.options.dry_run:
            self._print(
                {
                    "at": round(at, 3),
                    "transport": "mqtt",
                    "topic": f"{device.topic_base}/{channel}",
                    "retain": retain,
                    "payload": payload.decode(),
                }
            )
            return
        if self.mqtt is not None:
            self.mqtt.publish(device, channel, payload, retain)
            self.sent += 1

    def _http(
        self, device: SimDevice, path: str, content_type: str, body: bytes, at: float
    ) -> None:
        if self.options.dry_run:
            self._print(
                {
                    "at": round(at, 3),
                    "transport": device.transport.value,
                    "path": path,
                    "content_type": content_type,
                    "body_base64": base64.b64encode(body).decode(),
                }
            )
            return
        if not self.options.http:
            if device.transport.value not in self._warned:
                self._warned.add(device.transport.value)
                _LOGGER.warning("no --http base URL: %s devices stay silent", device.transport)
            return
        if device.transport is Transport.GAT1400:
            device_id = device.address or device.code
            self._gat1400_register(device)
            headers = {"User-Identify": device_id}
            status, _ = self._post(path, content_type, body, headers=headers)
            if status == 401:  # the session expired: register again, once
                self._registered.discard(device_id)
                self._gat1400_register(device)
                self._post(path, content_type, body, headers=headers)
        else:
            user, password = self._credentials(device, self.options.isapi_user)
            isapi_password = self.options.isapi_password if self.options.isapi_user else password
            self._post_with_digest(path, content_type, body, user, isapi_password)
        self.sent += 1

    def _credentials(self, device: SimDevice, shared_user: str | None) -> tuple[str, str | None]:
        """The digest user and password a device pushes with."""
        if shared_user:
            return shared_user, None
        code = device.code
        if code in self.options.passwords:
            return code, self.options.passwords[code]
        if self.options.push_secret is not None:
            return code, device_password(self.options.push_secret, code)
        return code, None

    def _post_with_digest(
        self, path: str, content_type: str, body: bytes, user: str, password: str | None
    ) -> int:
        status, challenge = self._post(path, content_type, body)
        if status == 401 and challenge and password is not None:
            authorization = client_authorization(
                challenge, username=user, password=password, method="POST", uri=path
            )
            status, _ = self._post(path, content_type, body, authorization)
        if status != 200:
            _LOGGER.warning("POST %s as %s answered %s", path, user, status)
        return status

    def _post(
        self,
        path: str,
        content_type: str,
        body: bytes,
        authorization: str | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str | None]:
        assert self.options.http
        request = urllib.request.Request(
            self.options.http.rstrip("/") + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                **(headers or {}),
                **({"Authorization": authorization} if authorization else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, None
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("WWW-Authenticate")
        except (urllib.error.URLError, OSError) as err:
            _LOGGER.warning("POST %s failed: %s", path, err)
            return 0, None

    def _gat1400_register(self, device: SimDevice) -> None:
        device_id = device.address or device.code
        if device_id in self._registered:
            return
        path = "/VIID/System/Register"
        body = json.dumps({"RegisterObject": {"DeviceID": device_id}}).encode()
        user, password = self._credentials(device, self.options.gat1400_user)
        if self.options.gat1400_user:
            password = self.options.gat1400_password
        status = self._post_with_digest(path, "application/VIID+JSON", body, user, password)
        if status == 200:
            self._registered.add(device_id)
        else:
            _LOGGER.warning("GA/T 1400 register of %s answered %s", device_id, status)

    # -- the loop -----------------------------------------------------------------------------

    def _flush(self, until: float) -> None:
        while self.queue and self.queue[0].at <= until:
            due = heapq.heappop(self.queue)
            self.emit(due.outgoing, due.at)

    def run(self) -> int:
        """Run; returns the number of messages sent."""
        options = self.options
        mqtt_devices = [d for d in self.devices if d.transport is Transport.MQTT]
        if not options.dry_run and options.broker and mqtt_devices:
            self.mqtt = MqttLinks(options.broker, options.mqtt_user, options.mqtt_password)
            self.mqtt.connect(mqtt_devices)
        interval = 1.0 / options.rate if options.rate > 0 else 1.0
        start = self.clock()
        try:
            self.schedule(0.0, self.community.initial_states())
            for index in itertools.count():
                at = index * interval
                if options.count is not None and index >= options.count:
                    break
                if options.duration is not None and at >= options.duration:
                    break
                if not options.dry_run:
                    self._wait_until(start, at)
                self._flush(at)
                self.schedule(at, self.community.scenario(index, at))
            # Let started scenarios finish (a barrier closes after the car passed).
            if self.queue:
                last = max(due.at for due in self.queue)
                if not options.dry_run:
                    # Scenarios still running get ``drain`` seconds; the rest are dropped.
                    last = min(last, self.clock() - start + options.drain)
                if not options.dry_run:
                    self._wait_until(start, last)
                self._flush(last)
        finally:
            if self.mqtt is not None:
                self.mqtt.close()
        return self.sent

    def _wait_until(self, start: float, at: float) -> None:
        while True:
            self._answer_commands(self.clock() - start)
            remaining = start + at - self.clock()
            if remaining <= 0:
                return
            time_module.sleep(min(remaining, 0.05))
            self._flush(self.clock() - start)

    def _answer_commands(self, now: float) -> None:
        if self.mqtt is None:
            return
        while True:
            try:
                device, payload = self.mqtt.commands.get_nowait()
            except queue.Empty:
                return
            self.schedule(now, answer_command(device, payload, hold=self.options.hold))
