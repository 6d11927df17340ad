"""Drive a freshly started HA through its own REST APIs: onboarding, MQTT, the demo community.

Used by ``scripts/develop``. Idempotent: a second run logs in with the demo owner instead
of onboarding, and skips config entries that exist. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tools.demo.falling import calibration_answers

DEMO_USER = "demo"
DEMO_PLATFORM_USER = "demo-platform"  # the simulator plays a lower platform for ISAPI
DEMO_PASSWORD = "smart-community"
DEMO_COMMUNITY = {
    "community_name": "华府骏苑",
    "community_code": "340104001001001",
    "tier": "high",
    "optional_systems": ["perimeter", "patrol", "falling_object", "iot"],
}


class Api:
    """Minimal HA REST client."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.client_id = f"{self.base}/"
        self.token: str | None = None

    def request(self, method: str, path: str, body: Any = None, *, form: bool = False) -> Any:
        data = None
        headers = {}
        if body is not None:
            if form:
                data = urllib.parse.urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")[:500]
            if err.code != 404:
                print(f"{method} {path}: HTTP {err.code} {detail}", file=sys.stderr)
            raise
        return json.loads(text) if text else None

    def wait_until_up(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.request("GET", "/api/onboarding")
                return
            except urllib.error.HTTPError:
                return  # answering, onboarding already done (404)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise SystemExit(f"Home Assistant did not answer on {self.base} within {seconds:.0f} s")

    def token_from_code(self, code: str) -> None:
        tokens = self.request(
            "POST",
            "/auth/token",
            {"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
            form=True,
        )
        self.token = tokens["access_token"]

    def onboard_or_login(self) -> None:
        try:
            status = self.request("GET", "/api/onboarding")
        except urllib.error.HTTPError as err:
            if err.code != 404:
                raise
            status = []  # onboarding finished earlier: every step is done
        steps = {step["step"]: step["done"] for step in status} or dict.fromkeys(
            ("user", "core_config", "analytics", "integration"), True
        )
        if not steps.get("user"):
            result = self.request(
                "POST",
                "/api/onboarding/users",
                {
                    "client_id": self.client_id,
                    "name": "Demo Manager",
                    "username": DEMO_USER,
                    "password": DEMO_PASSWORD,
                    "language": "zh-Hans",
                },
            )
            self.token_from_code(result["auth_code"])
        else:
            flow = self.request(
                "POST",
                "/auth/login_flow",
                {
                    "client_id": self.client_id,
                    "handler": ["homeassistant", None],
                    "redirect_uri": self.client_id,
                },
            )
            result = self.request(
                "POST",
                f"/auth/login_flow/{flow['flow_id']}",
                {"client_id": self.client_id, "username": DEMO_USER, "password": DEMO_PASSWORD},
            )
            self.token_from_code(result["result"])
        for step, body in (
            ("core_config", {}),
            ("analytics", {}),
            ("integration", {"client_id": self.client_id, "redirect_uri": self.client_id}),
        ):
            if not steps.get(step):
                try:
                    self.request("POST", f"/api/onboarding/{step}", body)
                except urllib.error.HTTPError as err:
                    if err.code != 403:  # 403: step already done
                        raise

    def entries(self, domain: str) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.request(
            "GET", f"/api/config/config_entries/entry?domain={domain}"
        )
        return entries

    def wait_loaded(self, domain: str, seconds: float) -> str:
        """Entry id of the domain's first entry once HA has set it up (start-up is async)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            entries = self.entries(domain)
            if entries and entries[0]["state"] == "loaded":
                return str(entries[0]["entry_id"])
            time.sleep(0.5)
        raise SystemExit(f"{domain} was not loaded within {seconds:.0f} s: {self.entries(domain)}")

    def options_flow(self, entry_id: str, *answers: dict[str, Any]) -> dict[str, Any]:
        """Answer a config entry's options flow step by step."""
        return self._flow("options/flow", entry_id, answers, f"options of {entry_id}")

    def run_flow(self, handler: str, *answers: dict[str, Any]) -> dict[str, Any]:
        """Answer an integration's config flow step by step."""
        return self._flow("flow", handler, answers, f"config flow {handler}")

    def _flow(
        self, kind: str, handler: str, answers: tuple[dict[str, Any], ...], what: str
    ) -> dict[str, Any]:
        base = f"/api/config/config_entries/{kind}"
        result: dict[str, Any] = self.request("POST", base, {"handler": handler})
        for answer in answers:
            if result.get("type") != "form":
                break
            result = self.request("POST", f"{base}/{result['flow_id']}", answer)
        if result.get("type") != "create_entry":
            raise SystemExit(f"{what} did not finish: {result}")
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--mqtt-port", type=int, default=1883)
    parser.add_argument("--register", required=True, help="path relative to the config folder")
    parser.add_argument(
        "--credentials", help="write the devices' push credentials (JSON) to this file"
    )
    parser.add_argument(
        "--falling-facade",
        type=Path,
        help="calibrate the falling-object camera with this FACADE.json (its stream plays)",
    )
    args = parser.parse_args()

    api = Api(args.url)
    api.wait_until_up(180)
    api.onboard_or_login()
    if not api.entries("mqtt"):
        api.run_flow("mqtt", {"broker": "127.0.0.1", "port": args.mqtt_port})
    if not api.entries("smart_community"):
        api.run_flow("smart_community", DEMO_COMMUNITY)
    entry_id = api.wait_loaded("smart_community", 180)
    summary = api.request(
        "POST",
        "/api/services/smart_community/import_register?return_response",
        {"config_entry_id": entry_id, "file": args.register},
    )
    response = summary.get("service_response", summary) if isinstance(summary, dict) else summary
    print(
        f"register: {response.get('devices')} devices, {len(response.get('added', []))} added, "
        f"{len(response.get('problems', []))} problems",
        file=sys.stderr,
    )
    # Devices authenticate: GA/T 1400 devices with their own passwords (device_credentials),
    # the ISAPI cameras through the simulator playing a lower platform (the shared push user;
    # their register addresses are not the simulator's).
    entry_id = api.wait_loaded("smart_community", 180)
    platform_password = secrets.token_urlsafe(12)
    api.options_flow(
        entry_id,
        {
            "retention_days": 30,
            "mqtt_prefix": "community",
            "push_username": DEMO_PLATFORM_USER,
            "push_password": platform_password,
        },
        {},
        # the falling-object camera's calibration step (only when the register streams it)
        *(calibration_answers(args.falling_facade) if args.falling_facade else []),
    )
    entry_id = api.wait_loaded("smart_community", 180)
    credentials = api.request(
        "POST",
        "/api/services/smart_community/device_credentials?return_response",
        {"config_entry_id": entry_id},
    )
    if args.credentials:
        path = Path(args.credentials)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(credentials, ensure_ascii=False), encoding="utf-8")
        path.chmod(0o600)
    print(
        json.dumps(
            {
                "entry_id": entry_id,
                "user": DEMO_USER,
                "password": DEMO_PASSWORD,
                "platform_user": DEMO_PLATFORM_USER,
                "platform_password": platform_password,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
