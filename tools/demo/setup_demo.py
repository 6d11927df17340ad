"""Drive a freshly started HA through its own REST APIs: onboarding, MQTT, the demo community.

Used by ``scripts/develop``. Idempotent: a second run logs in with the demo owner instead
of onboarding, and skips config entries that exist. With ``--terminals`` (the terminal
simulator's map) the community's options get the simulated Hikvision / Dahua unit doors and
the push credentials, and ``--faces`` (one folder of photos per person, in the config folder)
gives each of those doors a resident with a photo and a card: the door's own recognition then
opens for them. ``--people`` adds the residents, guards and visitor passes the community
simulator walks through the doors. The standard library, and aiohttp (installed with HA) for the
one websocket command the REST API lacks (the demo user's language).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from tools.demo.falling import calibration_answers

DEMO_USER = "demo"
DEMO_PLATFORM_USER = "demo-platform"  # the simulator plays a lower platform for ISAPI
DEMO_PASSWORD = "smart-community"
DEMO_RESIDENTS = ("王建国", "李文博", "张志强", "刘美玲", "陈小燕", "赵海峰", "孙丽华", "周明")
# The residents the community simulator walks through the doors and drives through the lanes
# (``--people``): three per unit door of the register, every other one with a car.
DEMO_NAMES = (
    "杨建华",
    "吴晓梅",
    "徐国庆",
    "马丽娟",
    "朱永刚",
    "胡静怡",
    "郭振东",
    "何秀英",
    "林志明",
    "罗春燕",
    "高德胜",
    "郑晓红",
    "梁文涛",
    "谢玉兰",
    "宋立新",
    "唐慧敏",
    "许海涛",
    "韩雪梅",
    "冯建军",
    "邓淑芬",
    "曹伟东",
    "彭丽萍",
    "曾国平",
    "萧红霞",
)
RESIDENTS_PER_UNIT = 3
# Visitors with a pass for the day: one drives in (plate), one walks in (photo, as the face
# captures show her).
DEMO_VISITORS = (
    {"id": "V-0001", "name": "李娜", "plate": "皖A9F123", "photo": None},
    {"id": "V-0002", "name": "黄丽", "plate": None, "photo": "biden"},
)
# The guards on patrol (the simulator's check-ins name them).
DEMO_GUARDS = ({"id": "G-01", "name": "周保国"}, {"id": "G-02", "name": "吴守平"})
ZONE = ZoneInfo("Asia/Shanghai")
ENROLL_AT_MOST = 20  # photos per enroll_face call (the action's limit)
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

    def websocket(self, *messages: dict[str, Any]) -> list[dict[str, Any]]:
        """Send commands over HA's websocket API with the token; their answers."""

        async def talk() -> list[dict[str, Any]]:
            url = "ws" + self.base.removeprefix("http") + "/api/websocket"
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
                await ws.receive_json()  # auth_required
                await ws.send_json({"type": "auth", "access_token": self.token})
                if (await ws.receive_json()).get("type") != "auth_ok":
                    raise SystemExit("the websocket API refused the demo user's token")
                answers = []
                for number, message in enumerate(messages, start=1):
                    await ws.send_json({"id": number, **message})
                    answers.append(await ws.receive_json())
                return answers

        return asyncio.run(talk())

    def prefer_language(self, language: str) -> None:
        """The user's profile language (HA's frontend and the console follow it on any
        browser, whatever the browser's own language)."""
        locale = {
            "language": language,
            "number_format": "language",
            "time_format": "language",
            "date_format": "language",
            "time_zone": "local",
            "first_weekday": "language",
        }
        [answer] = self.websocket(
            {"type": "frontend/set_user_data", "key": "language", "value": locale}
        )
        if not answer.get("success"):
            print(f"the demo user's language was not set: {answer}", file=sys.stderr)

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

    def login(self, username: str, password: str) -> None:
        """Log in through HA's login flow (as its login page does) and keep the token."""
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
            {"client_id": self.client_id, "username": username, "password": password},
        )
        self.token_from_code(result["result"])

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
            self.login(DEMO_USER, DEMO_PASSWORD)
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

    def options_flow(self, entry_id: str, *answers: dict[str, Any]) -> dict[str, Any]:
        """Walk the entry's options flow with ``answers`` (the last one ends it)."""
        result: dict[str, Any] = self.request(
            "POST", "/api/config/config_entries/options/flow", {"handler": entry_id}
        )
        for number, answer in enumerate(answers):
            if result.get("type") != "form":
                raise ValueError(f"the options flow ended after {number} of {len(answers)} steps")
            if result.get("errors"):
                raise SystemExit(f"options step {result.get('step_id')}: {result['errors']}")
            result = self.request(
                "POST", f"/api/config/config_entries/options/flow/{result['flow_id']}", answer
            )
        if result.get("type") != "create_entry":
            raise SystemExit(f"the options flow did not finish: {result}")
        return result

    def action(self, name: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """Call a smart_community action; ``None`` when HA refused it (printed)."""
        try:
            answer = self.request(
                "POST", f"/api/services/smart_community/{name}?return_response", data
            )
        except urllib.error.HTTPError:
            return None
        return answer.get("service_response", answer) if isinstance(answer, dict) else None


def terminal_answers(terminals: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The options flow's access-terminal steps: each simulated unit door, then leave."""
    answers: list[dict[str, Any]] = []
    for code, terminal in terminals.items():
        answers.append({"terminal": code})
        answers.append(
            {
                "vendor": "auto",
                "base_url": terminal["url"],
                "username": terminal["username"],
                "password": terminal["password"],
                "doors": 1,
                "events": True,
                "check_connection": True,
            }
        )
    answers.append({})  # no more terminals
    return answers


def configure(api: Api, entry_id: str, answers: list[dict[str, Any]]) -> str:
    """Walk the options flow once the community has reloaded with the imported register."""
    for _ in range(30):
        try:
            api.options_flow(entry_id, *answers)
            time.sleep(3)  # new options reload the community
            return api.wait_loaded("smart_community", 180)
        except ValueError:  # the community is still reloading with the imported register
            time.sleep(1)
            entry_id = api.wait_loaded("smart_community", 180)
    raise SystemExit("the options flow never offered its steps")


def add_residents(
    api: Api, entry_id: str, terminals: dict[str, dict[str, str]], faces: Path, config: str
) -> tuple[int, list[dict[str, str]]]:
    """One resident per simulated unit door, with a photo from ``faces/<person>/``: how many
    were added, and all of them as the simulator's people file lists them (``face``: the
    folder of their photos, which the face cameras capture)."""
    people = (
        sorted(folder for folder in faces.iterdir() if folder.is_dir()) if faces.is_dir() else []
    )
    known = set(stored_people(Path(config)))  # a second run: the residents are there already
    added = 0
    walkers: list[dict[str, str]] = []
    for number, ((code, terminal), folder) in enumerate(
        zip(sorted(terminals.items()), people, strict=False), start=1
    ):
        person_id = f"D-{number:04d}"
        walkers.append(
            {
                "id": person_id,
                "name": DEMO_RESIDENTS[(number - 1) % len(DEMO_RESIDENTS)],
                "building": terminal["building"],
                "unit": terminal["unit"],
                "face": folder.name,
            }
        )
        if person_id in known:
            continue
        api.action(
            "add_person",
            {
                "config_entry_id": entry_id,
                "person_id": person_id,
                "name": DEMO_RESIDENTS[(number - 1) % len(DEMO_RESIDENTS)],
                "role": "owner",
                "building": terminal["building"],
                "unit": terminal["unit"],
                "room": "101",
                "cards": [f"00900000{number:02d}"],
            },
        )  # already there on a second run: refused, fine
        for photo in sorted(folder.glob("*.jpg")):
            relative = photo.relative_to(config) if photo.is_relative_to(config) else photo
            answer = api.action(
                "add_person_photo",
                {
                    "config_entry_id": entry_id,
                    "person_id": person_id,
                    "file": str(relative),
                    "replace": True,
                },
            )
            if answer is not None:  # the first photo that passes the enrolment rules
                added += 1
                print(f"resident {person_id} at {code} with {photo.name}", file=sys.stderr)
                break
        enroll(api, entry_id, person_id, sorted(folder.glob("*.jpg")), Path(config))
    return added, walkers


def enroll(api: Api, entry_id: str, person_id: str, photos: list[Path], config: Path) -> None:
    """The photos also go into the community's own recognition (the face cameras name the
    person); the terminals' photo above is only the doors' own."""
    if not photos:
        return
    files = [str(p.relative_to(config) if p.is_relative_to(config) else p) for p in photos]
    files = files[:ENROLL_AT_MOST]
    answer = api.action(
        "enroll_face", {"config_entry_id": entry_id, "person_id": person_id, "files": files}
    )
    accepted = answer.get("accepted") if answer else 0
    print(f"{person_id}: {accepted} of {len(files)} photos enrolled", file=sys.stderr)


def register_units(register: Path) -> list[tuple[str, str]]:
    """The (楼栋, 单元) of the register's unit-door terminals, in register order."""
    with register.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    units: list[tuple[str, str]] = []
    for row in rows:
        place = ((row.get("楼栋") or "").strip(), (row.get("单元") or "").strip())
        kind = (row.get("设备种类") or "").strip()
        if kind == "access_terminal" and all(place) and place not in units:
            units.append(place)
    return units


def demo_roster(units: list[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """The simulator's people file: residents per unit (ids P-0001 …), the visitors."""
    residents: list[dict[str, Any]] = []
    for building, unit in units:
        for _ in range(RESIDENTS_PER_UNIT):
            number = len(residents) + 1
            resident: dict[str, Any] = {
                "id": f"P-{number:04d}",
                "name": DEMO_NAMES[(number - 1) % len(DEMO_NAMES)],
                "building": building,
                "unit": unit,
                "room": f"{(number - 1) % RESIDENTS_PER_UNIT + 1}01",
            }
            if number % 2:
                resident["plate"] = f"皖A{number:02d}8D{number % 10}"
            residents.append(resident)
    visitors = [
        {
            "id": v["id"],
            "name": v["name"],
            **({"plate": v["plate"]} if v["plate"] else {}),
            **({"face": v["photo"]} if v["photo"] else {}),
        }
        for v in DEMO_VISITORS
    ]
    guards = [dict(guard) for guard in DEMO_GUARDS]
    return {"residents": residents, "visitors": visitors, "guards": guards}


def stored_people(config: Path) -> dict[str, dict[str, Any]]:
    """The community's stored registry by person id (a second run); empty on the first."""
    registry = config / "smart_community" / str(DEMO_COMMUNITY["community_code"]) / "people.json"
    try:
        stored = json.loads(registry.read_text(encoding="utf-8"))
        return {str(person["id"]): person for person in stored.get("people", [])}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}


def visit_end(person: dict[str, Any] | None) -> datetime | None:
    """When a stored visitor's pass ends (aware), or None."""
    try:
        return datetime.fromisoformat(str(person["visit"]["valid_until"])) if person else None
    except (KeyError, TypeError, ValueError):
        return None


def add_people(
    api: Api,
    entry_id: str,
    roster: dict[str, list[dict[str, Any]]],
    config: Path,
    *,
    faces: Path | None,
    now: datetime,
) -> tuple[int, int]:
    """Residents (with their cars) and the visitor passes (how many people were added, how
    many passes are valid); people already there are left
    alone, and a visitor gets a new day's pass once the last one is (nearly) over."""
    stored = stored_people(config)
    known = set(stored)
    added = 0
    for resident in roster["residents"]:
        if resident["id"] in known:
            continue
        person = {
            "config_entry_id": entry_id,
            "person_id": resident["id"],
            "name": resident["name"],
            "role": "owner",
            "building": resident["building"],
            "unit": resident["unit"],
            "room": resident["room"],
        }
        if api.action("add_person", person) is None:
            continue
        added += 1
        if resident.get("plate"):
            api.action(
                "add_vehicle",
                {
                    "config_entry_id": entry_id,
                    "plate": resident["plate"],
                    "owner_id": resident["id"],
                },
            )
    for guard in roster.get("guards", []):
        if guard["id"] not in known:
            person = {"config_entry_id": entry_id, "person_id": guard["id"], "name": guard["name"]}
            added += api.action("add_person", {**person, "role": "guard"}) is not None
    host = roster["residents"][0]["id"]
    issued = 0
    for visitor in DEMO_VISITORS:
        start = now.astimezone(ZONE) - timedelta(hours=1)
        if (until := visit_end(stored.get(visitor["id"]))) is not None:
            if until - now > timedelta(hours=2):
                issued += 1  # a second run the same day: the pass holds (a new one would overlap)
                continue
            start = max(start, until + timedelta(seconds=1))
        data: dict[str, Any] = {
            "config_entry_id": entry_id,
            "host_id": host,
            "person_id": visitor["id"],
            "name": visitor["name"],
            "valid_from": start.replace(tzinfo=None).isoformat(timespec="seconds"),
            "valid_until": (start + timedelta(days=1))
            .replace(tzinfo=None)
            .isoformat(timespec="seconds"),
        }
        if visitor["plate"]:
            data["plate"] = visitor["plate"]
        if api.action("issue_visitor_pass", data) is None:
            continue
        issued += 1
        if visitor["id"] in known:
            continue  # their photo is enrolled already
        folder = faces / str(visitor["photo"]) if faces and visitor["photo"] else None
        for photo in sorted(folder.glob("*.jpg")) if folder and folder.is_dir() else []:
            relative = photo.relative_to(config) if photo.is_relative_to(config) else photo
            answer = api.action(
                "add_person_photo",
                {
                    "config_entry_id": entry_id,
                    "person_id": visitor["id"],
                    "file": str(relative),
                    "replace": True,
                },
            )
            if answer is not None:
                break
        if folder is not None and folder.is_dir():
            enroll(api, entry_id, visitor["id"], sorted(folder.glob("*.jpg")), config)
    return added, issued


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
    parser.add_argument("--terminals", type=Path, help="the terminal simulator's --map file")
    parser.add_argument("--faces", type=Path, help="photos of the demo residents, one folder each")
    parser.add_argument("--config", type=Path, help="HA's config folder (the photos lie in it)")
    parser.add_argument(
        "--people",
        type=Path,
        help="add the demo residents and visitors, and write the simulator's people file here",
    )
    parser.add_argument(
        "--captures",
        type=Path,
        help="face photos the simulated cameras capture, one folder per person (a visitor's "
        "photo is taken from here)",
    )
    args = parser.parse_args()

    api = Api(args.url)
    api.wait_until_up(180)
    api.onboard_or_login()
    api.prefer_language("zh-Hans")  # the demo community is Chinese; so is its manager
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
    # their register addresses are not the simulator's). The simulated unit doors' connections
    # and the falling-object camera's calibration are steps of the same options flow.
    entry_id = api.wait_loaded("smart_community", 180)
    platform_password = secrets.token_urlsafe(12)
    terminals: dict[str, dict[str, str]] = (
        json.loads(args.terminals.read_text(encoding="utf-8"))
        if args.terminals and args.terminals.is_file()
        else {}
    )
    entry_id = configure(
        api,
        entry_id,
        [
            {
                "retention_days": 30,
                "mqtt_prefix": "community",
                "push_username": DEMO_PLATFORM_USER,
                "push_password": platform_password,
            },
            {},  # no police docking in the demo
            *terminal_answers(terminals),
            # the falling-object camera's calibration step (only when the register streams it)
            *(calibration_answers(args.falling_facade) if args.falling_facade else []),
        ],
    )
    walkers: list[dict[str, str]] = []
    if terminals and args.faces and args.config:
        added, walkers = add_residents(api, entry_id, terminals, args.faces, str(args.config))
        print(f"terminals: {len(terminals)} simulated, {added} residents", file=sys.stderr)
    if args.people and args.config:
        roster = demo_roster(register_units(args.config / args.register))
        added, issued = add_people(
            api, entry_id, roster, args.config, faces=args.captures, now=datetime.now(UTC)
        )
        roster["residents"] += walkers  # added above, with their photos
        args.people.parent.mkdir(parents=True, exist_ok=True)
        args.people.write_text(json.dumps(roster, ensure_ascii=False, indent=1), encoding="utf-8")
        print(
            f"people: {len(roster['residents'])} residents and {len(roster['guards'])} guards "
            f"({added} new), {issued} visitor passes valid",
            file=sys.stderr,
        )
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
