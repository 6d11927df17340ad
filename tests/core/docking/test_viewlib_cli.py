"""The reference view library runs as a CLI for the demo."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import aiohttp

from custom_components.smart_community.core.gat1400.client import ClientConfig, ViidClient

from .conftest import PLATFORM_ID

ROOT = Path(__file__).parents[3]


async def test_cli_serves_register_stats_and_control(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tools.viewlib",
        "--port",
        "0",
        "--user",
        "u",
        "--password",
        "p",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, line
        url = match.group(0)
        client = ViidClient(
            http, ClientConfig(base_url=url, platform_id=PLATFORM_ID, username="u", password="p")
        )
        await client.register()
        async with http.post(f"{url}/control", json={"mode": "fail", "status": 503}) as resp:
            assert (await resp.json()) == {"mode": "fail"}
        async with http.post(f"{url}/control", json={"mode": "bogus"}) as resp:
            assert resp.status == 400
        async with http.get(f"{url}/stats") as resp:
            stats = await resp.json()
        assert stats["registrations"] == 1 and stats["mode"] == "fail"
        assert stats["sessions"] == [PLATFORM_ID]
    finally:
        proc.terminate()
        await proc.wait()
