"""Fixtures for the people / access / parking / records tests.

PostgreSQL: ``SC_POSTGRES_URL`` if set, else a throwaway loopback cluster started with
``scripts/postgres`` for the session (and stopped at the end). Each test gets its own schema.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).parents[3]
PACKAGE = "custom_components.smart_community"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A server URL; the cluster is started here unless ``SC_POSTGRES_URL`` names one."""
    given = os.environ.get("SC_POSTGRES_URL")
    if given:
        yield given
        return
    script = ROOT / "scripts" / "postgres"
    directory = tempfile.mkdtemp(prefix="sc-pg-test-")  # under /tmp: postgres can reach it
    try:
        started = subprocess.run(
            [str(script), "start", directory], check=True, capture_output=True, text=True
        )
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        pytest.skip(f"cannot start PostgreSQL: {err}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(script), "stop", directory], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", directory], check=False)


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """The server URL with ``search_path`` set to a fresh schema, dropped afterwards."""
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{separator}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")
