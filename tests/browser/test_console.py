"""The console end to end: a real HA with the demo community, the panel in headless Chromium.

HA is started the way ``scripts/develop`` starts it (``tools.dashboards.check``: a throwaway
config folder, free loopback ports, onboarding, MQTT and the demo community through HA's REST
API, the demo register imported). The demo owner (an HA administrator, the manager) and a guard
(a non-admin HA user made through HA's own auth API) log in; ``console_e2e.mjs`` drives the
panel with playwright-core and reports what it saw. Screenshots of every view go to
``artifacts/console/``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import paho.mqtt.client as paho
import pytest

from custom_components.smart_community.core.recognition.model_files import default_models_dir
from tools.dashboards import check

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts" / "console"
DRIVER = Path(__file__).with_name("console_e2e.mjs")
NODE = "/usr/bin/node"
CELEBRITIES = default_models_dir() / "datasets" / "celebrity5"
PHOTO = CELEBRITIES / "train" / "madonna"
CAMERA_TOPIC = "community/340104001001001/34010449971328001022"  # 1栋1单元 face camera (mqtt)
GUARD = ("guard", "guard-password-1")
VIEWS = "live people visitors records trajectory strangers parking devices"  # a screenshot each
MANAGER_ONLY = (
    "people/get",
    "people/add",
    "records/search",
    "strangers/list",
    "parking/status",
    "devices/register",
    "records/trajectory",
)


async def _ws(base: str, token: str, *messages: dict[str, Any]) -> list[dict[str, Any]]:
    """HA websocket commands in order; their answers."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{base}/api/websocket") as ws,
    ):
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        assert (await ws.receive_json())["type"] == "auth_ok"
        answers = []
        for number, message in enumerate(messages, start=1):
            await ws.send_json({"id": number, **message})
            answers.append(await ws.receive_json())
        return answers


def add_guard(api: check.TokenApi) -> None:
    """A non-admin HA user with a password (HA's own user and auth-provider commands)."""
    assert api.token is not None
    [created] = asyncio.run(
        _ws(
            api.base,
            api.token,
            {"type": "config/auth/create", "name": "值班保安", "group_ids": ["system-users"]},
        )
    )
    assert created["success"], created
    [login] = asyncio.run(
        _ws(
            api.base,
            api.token,
            {
                "type": "config/auth_provider/homeassistant/create",
                "user_id": created["result"]["user"]["id"],
                "username": GUARD[0],
                "password": GUARD[1],
            },
        )
    )
    assert login["success"], login


def tokens_of(base: str, username: str, password: str) -> dict[str, Any]:
    """HA's token answer for a user, through its login flow (as the browser's login page)."""
    api = check.TokenApi(base)
    api.login(username, password)
    return api.tokens


class FaceCamera(threading.Thread):
    """The demo's MQTT face camera at a unit door, as the simulator plays it: every 1.5 s a
    capture, the owner (photos other than the enrolled one) and a stranger in turn."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.halt = threading.Event()
        self.sent = 0

    def run(self) -> None:
        owner = sorted((CELEBRITIES / "val" / "madonna").glob("*.jpg"))
        stranger = default_models_dir() / "datasets" / "face_recognition" / "obama.jpg"
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="console-e2e-camera")
        client.connect("127.0.0.1", self.port)
        client.loop_start()
        try:
            while not self.halt.wait(1.5):
                picture = owner[self.sent % len(owner)] if self.sent % 2 == 0 else stranger
                data = base64.b64encode(picture.read_bytes()).decode("ascii")
                payload = {
                    "type": "face_capture",
                    "time": datetime.now(UTC).isoformat(),
                    "face_image": data,
                }
                client.publish(f"{CAMERA_TOPIC}/event", json.dumps(payload), qos=1)
                self.sent += 1
        finally:
            client.loop_stop()
            client.disconnect()


def photo() -> Path:
    """A real, frontal photo of one person (the celebrity set the models step extracts)."""
    found = sorted(PHOTO.glob("*.jpg"))
    if not found:
        pytest.fail("the celebrity photos are missing: run scripts/models")
    return found[0]


@pytest.mark.browser
def test_console_end_to_end(mosquitto_port: int, socket_enabled: None) -> None:
    """Manager: family with a photo, visitor pass issued and revoked, a bad register shown per
    cell; guard: manager views absent, their commands refused."""
    if not Path(check.CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/bootstrap (Debian package chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sc-console-", ignore_cleanup_errors=True) as folder:
        config = Path(folder)
        port = check.free_port()
        check.write_config(config, port)
        # as scripts/develop does: the models the repository prepared (faces are enrolled)
        (config / "smart_community" / "models").symlink_to(default_models_dir())
        base = f"http://127.0.0.1:{port}"
        with check.running(
            [sys.executable, "-m", "homeassistant", "-c", str(config), "--skip-pip"],
            ARTIFACTS / "home-assistant.out",
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ):
            api = check.prepare_ha(base, mosquitto_port)
            time.sleep(3)  # the register import reloads the community
            entry_id = api.wait_loaded("smart_community", 120)
            add_guard(api)
            guard = tokens_of(base, *GUARD)
            camera = FaceCamera(mosquitto_port)
            camera.start()
            result = subprocess.run(
                [NODE, str(DRIVER)],
                capture_output=True,
                text=True,
                timeout=200,
                check=False,
                env={
                    **os.environ,
                    "SC_REPO_DIR": str(ROOT),
                    "SC_BASE": base,
                    "SC_CLIENT_ID": api.client_id,
                    "SC_MANAGER_TOKENS": json.dumps(api.tokens),
                    "SC_GUARD_TOKENS": json.dumps(guard),
                    "SC_ENTRY_ID": entry_id,
                    "SC_PHOTO": str(photo()),
                    "SC_ARTIFACTS": str(ARTIFACTS),
                },
            )
            camera.halt.set()
            camera.join(10)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    seen = json.loads(lines[-1])
    assert seen["failed"] is None, seen["failed"]
    assert result.returncode == 0
    # the family, with the owner's face enrolled
    assert seen["photo"] == "accepted" and seen["owner_faces"] >= 1
    assert seen["household"] == ["陈小雨"]
    # the simulated camera showed the new owner: the live feed named her
    assert "陈建华" in seen["live_named"]
    # ... with the reason the door stayed shut: one still picture is no liveness evidence
    assert "未通过活体检测" in seen["live_named"]
    # 以图搜图: the enrolment photo finds the owner and her captures by the simulated camera
    assert "陈建华" in seen["face_search"] and seen["face_search_rows"] >= 1
    # the car let in by hand was settled and left
    assert "皖A88888" in seen["settled"] and seen["still_inside"] == 0
    # the pass was revoked (the status line names the visitor)
    assert "周杰" in seen["revoked"]
    # the uploaded register: its problems on their cells, nothing imported
    assert seen["bad_cells"] == ["code", "ipv4", "longitude"]
    assert "192.168.1.300" in seen["ipv4_problem"]
    assert seen["register_after"] == seen["register_rows"]
    # the guard: live and visitors only, the manager's commands refused, a guard's answered
    assert seen["guard_views"] == ["live", "visitors"]
    assert seen["refused"] == dict.fromkeys(MANAGER_ONLY, "unauthorized")
    assert seen["allowed"] == {"visitors/list": "answered", "people/list": "answered"}
    assert seen["manager_errors"] == [] and seen["guard_errors"] == []
    shots = {Path(path).stem for path in seen["views"].values()}
    assert shots >= {
        *VIEWS.split(),
        "devices-import",
        "guard-live",
        "guard-visitors",
        "records-face-search",
        "parking-settled",
    }
    for path in seen["views"].values():
        assert Path(path).stat().st_size > 10_000, path
    assert time.monotonic() - started < 240
