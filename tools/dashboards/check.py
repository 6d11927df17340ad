"""Open the YAML dashboards in headless Chromium against a real HA and report what is broken.

Starts Home Assistant the way ``scripts/develop`` does (a throwaway config folder, free ports,
onboarding, MQTT and the demo community through HA's REST API, the demo register imported),
then for each dashboard view: logs in by putting the tokens into ``localStorage.hassTokens``,
waits until the cards stop changing, collects every ``hui-warning`` / ``hui-error-card``
(the "Entity not available" warnings) through the shadow roots, and saves a screenshot.
Every entity ID the YAML references must also be a state in ``/api/states``.

Chromium is driven through the DevTools protocol over a websocket (aiohttp, already in
HA's requirements): no selenium or playwright.

    .venv/bin/python -m tools.dashboards.check --mqtt-port 1883   # needs a broker there
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from tools.dashboards.build import referenced_entities
from tools.demo.setup_demo import DEMO_COMMUNITY, Api

ROOT = Path(__file__).parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DASHBOARDS = {
    "community-manager": ("manager.yaml", (1280, 1800)),
    "community-guard": ("guard.yaml", (412, 2000)),
}
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

CONFIGURATION = """\
homeassistant:
  name: 华府骏苑 (dashboard check)
  time_zone: Asia/Shanghai
  country: CN
  currency: CNY
  unit_system: metric
  latitude: 31.8512
  longitude: 117.2536
  elevation: 30
  internal_url: http://127.0.0.1:{port}
http:
  server_host: 127.0.0.1
  server_port: {port}
frontend:
config:
api:
history:
logbook:
recorder:
  purge_keep_days: 1
lovelace:
  mode: storage
  dashboards:
    community-manager:
      mode: yaml
      filename: dashboards/manager.yaml
      title: 物业管理
      icon: mdi:home-city
      show_in_sidebar: true
    community-guard:
      mode: yaml
      filename: dashboards/guard.yaml
      title: 保安值班
      icon: mdi:shield-account
      show_in_sidebar: true
logger:
  default: warning
"""

# Every warning / error card in the page, through the shadow roots.
_FIND_PROBLEMS = """
(() => {
  const found = [];
  let cards = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (tag.startsWith('hui-') && tag.endsWith('-card')) cards += 1;
      if (tag === 'hui-warning' || tag === 'hui-warning-element' || tag === 'hui-error-card') {
        const inner = el.shadowRoot ? el.shadowRoot.textContent : '';
        const text = (el.textContent || '') + ' ' + inner;
        found.push(tag + ': ' + text.replace(/\\s+/g, ' ').trim());
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return JSON.stringify({cards, found});
})()
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TokenApi(Api):
    """setup_demo's client, keeping the whole token answer for the browser."""

    tokens: dict[str, Any]

    def token_from_code(self, code: str) -> None:
        self.tokens = self.request(
            "POST",
            "/auth/token",
            {"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
            form=True,
        )
        self.token = self.tokens["access_token"]


@dataclass
class ViewResult:
    """What one dashboard view showed."""

    url: str
    cards: int
    problems: list[str]
    screenshot: Path


@dataclass
class CheckResult:
    """The whole check: missing entity IDs, per-view problems, timings."""

    missing_entities: dict[str, list[str]] = field(default_factory=dict)
    views: list[ViewResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.missing_entities.values()) and not any(
            view.problems or view.cards == 0 for view in self.views
        )


def write_config(config: Path, port: int) -> None:
    """A config folder like scripts/develop's, with this work tree's integration linked in."""
    (config / "custom_components").mkdir(parents=True, exist_ok=True)
    (config / "smart_community").mkdir(exist_ok=True)
    (config / "demo").mkdir(exist_ok=True)
    link = config / "custom_components" / "smart_community"
    if not link.exists():
        link.symlink_to(ROOT / "custom_components" / "smart_community")
    dashboards = config / "dashboards"
    if not dashboards.exists():
        dashboards.symlink_to(ROOT / "dashboards")
    shutil.copy(ROOT / "tools" / "demo" / "register.csv", config / "demo" / "register.csv")
    (config / "configuration.yaml").write_text(CONFIGURATION.format(port=port), encoding="utf-8")


@contextlib.contextmanager
def running(command: list[str], log: Path, **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    """A child process that is always stopped (by its own id)."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **kwargs)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def prepare_ha(base: str, mqtt_port: int) -> TokenApi:
    """Onboard, add MQTT and the demo community, import the demo register."""
    api = TokenApi(base)
    api.wait_until_up(120)
    api.onboard_or_login()
    if not api.entries("mqtt"):
        api.run_flow("mqtt", {"broker": "127.0.0.1", "port": mqtt_port})
    entries = api.entries("smart_community")
    entry_id = (
        entries[0]["entry_id"]
        if entries
        else api.run_flow("smart_community", DEMO_COMMUNITY)["result"]["entry_id"]
    )
    api.request(
        "POST",
        "/api/services/smart_community/import_register?return_response",
        {"config_entry_id": entry_id, "file": "demo/register.csv"},
    )
    return api


def wait_for_entities(api: TokenApi, wanted: set[str], seconds: float) -> set[str]:
    """The wanted entity IDs still missing from /api/states after waiting."""
    deadline = time.monotonic() + seconds
    while True:
        states = {state["entity_id"] for state in api.request("GET", "/api/states")}
        missing = wanted - states
        if not missing or time.monotonic() > deadline:
            return missing
        time.sleep(0.5)


class DevTools:
    """A minimal Chrome DevTools protocol client for one page."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._next = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json(timeout=60)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


async def _page_ws(session: aiohttp.ClientSession, port: int, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json(content_type=None)
            for target in targets:
                if target.get("type") == "page":
                    return str(target["webSocketDebuggerUrl"])
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("Chromium did not open its DevTools port")
        await asyncio.sleep(0.2)


async def _settle(tools: DevTools, seconds: float) -> dict[str, Any]:
    """Poll until the cards exist and their count and warnings stop changing."""
    deadline = time.monotonic() + seconds
    last: str | None = None
    stable = 0
    while True:
        raw = await tools.evaluate(_FIND_PROBLEMS)
        if raw == last and json.loads(raw)["cards"] > 0:
            stable += 1
            if stable >= 3:
                return dict(json.loads(raw))
        else:
            stable = 0
        last = raw
        if time.monotonic() > deadline:
            return dict(json.loads(raw or '{"cards": 0, "found": []}'))
        await asyncio.sleep(0.5)


async def browse(
    base: str, tokens: dict[str, Any], client_id: str, artifacts: Path, result: CheckResult
) -> None:
    """Open every view of every dashboard, collect problems, save screenshots."""
    port = free_port()
    with (
        tempfile.TemporaryDirectory(prefix="sc-chromium-", ignore_cleanup_errors=True) as profile,
        running(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--remote-debugging-port={port}",
                "about:blank",
            ],
            artifacts / "chromium.log",
        ),
    ):
        async with aiohttp.ClientSession() as session:
            ws_url = await _page_ws(session, port, 20)
            async with session.ws_connect(ws_url, max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.call("Page.enable")
                await tools.call("Page.navigate", url=f"{base}/manifest.json")
                await asyncio.sleep(0.5)
                stored = {
                    **tokens,
                    "hassUrl": base,
                    "clientId": client_id,
                    "expires": int(time.time() * 1000) + tokens["expires_in"] * 1000,
                }
                await tools.evaluate(
                    f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(stored))})"
                )
                for url_path, (filename, (width, height)) in DASHBOARDS.items():
                    document = yaml.safe_load((ROOT / "dashboards" / filename).read_text("utf-8"))
                    await tools.call(
                        "Emulation.setDeviceMetricsOverride",
                        width=width,
                        height=height,
                        deviceScaleFactor=1,
                        mobile=width < 600,
                    )
                    for index, view in enumerate(document["views"]):
                        view_path = view.get("path", str(index))
                        url = f"{base}/{url_path}/{view_path}"
                        started = time.monotonic()
                        await tools.call("Page.navigate", url=url)
                        seen = await _settle(tools, 30)
                        shot = await tools.call("Page.captureScreenshot", format="png")
                        target = artifacts / f"{url_path}-{view_path}.png"
                        target.write_bytes(base64.b64decode(shot["data"]))
                        result.views.append(ViewResult(url, seen["cards"], seen["found"], target))
                        result.timings[f"{url_path}/{view_path}"] = time.monotonic() - started


async def run_check(mqtt_port: int, artifacts: Path, config: Path | None = None) -> CheckResult:
    """Start HA, check both dashboards, stop HA. Screenshots go to ``artifacts``."""
    artifacts.mkdir(parents=True, exist_ok=True)
    result = CheckResult()
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        if config is None:
            config = Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(prefix="sc-ha-", ignore_cleanup_errors=True)
                )
            )
        port = free_port()
        write_config(config, port)
        base = f"http://127.0.0.1:{port}"
        stack.enter_context(
            running(
                [sys.executable, "-m", "homeassistant", "-c", str(config), "--skip-pip"],
                artifacts / "home-assistant.out",
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        )
        api = prepare_ha(base, mqtt_port)
        result.timings["ha_ready"] = time.monotonic() - started
        for filename in ("manager.yaml", "guard.yaml"):
            document = yaml.safe_load((ROOT / "dashboards" / filename).read_text("utf-8"))
            missing = wait_for_entities(api, referenced_entities(document), 30)
            result.missing_entities[filename] = sorted(missing)
        result.timings["entities"] = time.monotonic() - started
        await browse(base, api.tokens, api.client_id, artifacts, result)
        with contextlib.suppress(OSError):
            shutil.copy(config / "home-assistant.log", artifacts / "home-assistant.log")
    result.timings["total"] = time.monotonic() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mqtt-port", type=int, default=1883)
    parser.add_argument("--artifacts", type=Path, default=ROOT / "artifacts" / "dashboards")
    args = parser.parse_args(argv)
    result = asyncio.run(run_check(args.mqtt_port, args.artifacts))
    for name, missing in result.missing_entities.items():
        for entity_id in missing:
            print(f"{name}: {entity_id} is not an entity in HA")
    for view in result.views:
        print(f"{view.url}: {view.cards} cards, {len(view.problems)} problems -> {view.screenshot}")
        for problem in view.problems:
            print(f"  {problem}")
    print("timings: " + ", ".join(f"{key} {value:.1f}s" for key, value in result.timings.items()))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
