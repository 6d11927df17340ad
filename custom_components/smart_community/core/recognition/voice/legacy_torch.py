"""Read a legacy (pre-1.6, non-zip) ``torch.save`` file without torch.

The legacy format is five things one after another: a magic number (a pickle), the protocol
version (a pickle), system information (a pickle), the object itself (a pickle whose tensors are
persistent ids pointing at storages), the list of storage keys (a pickle), then for each key in
that order: an 8-byte little-endian element count and the raw little-endian data.

Only what a state dict needs is allowed through the unpickler (an ``OrderedDict``, torch's
``_rebuild_tensor_v2`` and float / long storages); any other global refuses the file, so a
crafted file cannot run code. Tensors come back as numpy arrays (strides honoured).
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

MAGIC = 0x1950A86A20F9469CFC6C
PROTOCOL = 1001

STORAGE_DTYPES: dict[str, np.dtype[Any]] = {
    "FloatStorage": np.dtype("<f4"),
    "DoubleStorage": np.dtype("<f8"),
    "HalfStorage": np.dtype("<f2"),
    "LongStorage": np.dtype("<i8"),
    "IntStorage": np.dtype("<i4"),
}


class LegacyTorchError(ValueError):
    """Not a legacy torch file this reader accepts."""


@dataclass(frozen=True, slots=True)
class _Storage:
    key: str
    dtype: np.dtype[Any]
    size: int


@dataclass(frozen=True, slots=True)
class _TensorRef:
    storage: _Storage
    offset: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _StorageType:
    name: str


def _rebuild_tensor_v2(
    storage: _Storage,
    offset: int,
    shape: tuple[int, ...],
    stride: tuple[int, ...],
    *_rest: object,
) -> _TensorRef:
    return _TensorRef(storage, int(offset), tuple(shape), tuple(stride))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO) -> None:
        super().__init__(file)
        self.storages: dict[str, _Storage] = {}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor_v2
        if module == "torch" and name in STORAGE_DTYPES:
            return _StorageType(name)
        raise LegacyTorchError(f"refusing {module}.{name} in a weights file")

    def persistent_load(self, pid: Any) -> _Storage:
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"):
            raise LegacyTorchError(f"unexpected persistent id {pid!r}")
        kind, key, size = pid[1], pid[2], pid[4]
        if not isinstance(kind, _StorageType):
            raise LegacyTorchError(f"unexpected storage type {kind!r}")
        storage = _Storage(str(key), STORAGE_DTYPES[kind.name], int(size))
        self.storages[storage.key] = storage
        return storage


def _tensors(obj: Any, out: list[_TensorRef]) -> None:
    if isinstance(obj, _TensorRef):
        out.append(obj)
    elif isinstance(obj, dict):
        for value in obj.values():
            _tensors(value, out)
    elif isinstance(obj, list | tuple):
        for value in obj:
            _tensors(value, out)


def _materialise(obj: Any, arrays: dict[int, NDArray[Any]]) -> Any:
    if isinstance(obj, _TensorRef):
        return arrays[id(obj)]
    if isinstance(obj, dict):
        return {k: _materialise(v, arrays) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_materialise(v, arrays) for v in obj)
    return obj


def load(source: Path | bytes | BinaryIO, *, only: str | None = None) -> Any:
    """The saved object with every tensor as a numpy array.

    ``only``: a top-level key whose tensors are the only ones read (``"model_state"`` skips an
    optimizer state's storages without keeping them in memory).
    """
    if isinstance(source, Path):
        with source.open("rb") as opened:
            return load(opened, only=only)
    handle: BinaryIO = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        # every pickle goes through the restricted unpickler, even the plain ints
        if _Unpickler(handle).load() != MAGIC:
            raise LegacyTorchError("not a legacy torch file (magic number)")
        if _Unpickler(handle).load() != PROTOCOL:
            raise LegacyTorchError("unsupported torch file protocol")
        info = _Unpickler(handle).load()
        if not isinstance(info, dict) or not info.get("little_endian", False):
            raise LegacyTorchError("only little-endian torch files are supported")
        unpickler = _Unpickler(handle)
        obj = unpickler.load()
        keys = _Unpickler(handle).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError) as err:
        raise LegacyTorchError(f"not a readable torch file: {err}") from err
    if not isinstance(keys, list):
        raise LegacyTorchError("storage key list missing")
    if only is not None:
        if not isinstance(obj, dict) or only not in obj:
            raise LegacyTorchError(f"no {only!r} in the file")
        obj = obj[only]
    refs: list[_TensorRef] = []
    _tensors(obj, refs)
    wanted = {ref.storage.key: ref.storage for ref in refs}
    storages: dict[str, NDArray[Any]] = {}
    for key in keys:
        header = handle.read(8)
        if len(header) != 8:
            raise LegacyTorchError("truncated storage data")
        (count,) = struct.unpack("<q", header)
        known = unpickler.storages.get(str(key))
        if known is None or count < 0:
            raise LegacyTorchError(f"storage {key} is not referenced by the object")
        storage = wanted.get(known.key)
        if storage is None:  # e.g. the optimizer's: skip its bytes
            handle.seek(count * known.dtype.itemsize, io.SEEK_CUR)
            continue
        data = handle.read(count * storage.dtype.itemsize)
        if len(data) != count * storage.dtype.itemsize:
            raise LegacyTorchError(f"truncated storage {key}")
        storages[storage.key] = np.frombuffer(data, dtype=storage.dtype)
    missing = set(wanted) - set(storages)
    if missing:
        raise LegacyTorchError(f"storages missing: {sorted(missing)}")
    arrays: dict[int, NDArray[Any]] = {}
    for ref in refs:
        flat = storages[ref.storage.key]
        item = flat.dtype.itemsize
        needed = ref.offset + sum((n - 1) * s for n, s in zip(ref.shape, ref.stride, strict=True))
        if any(n == 0 for n in ref.shape):
            arrays[id(ref)] = np.zeros(ref.shape, dtype=flat.dtype)
            continue
        if needed >= len(flat):
            raise LegacyTorchError("a tensor reaches past its storage")
        view = np.lib.stride_tricks.as_strided(
            flat[ref.offset :],
            shape=ref.shape,
            strides=tuple(s * item for s in ref.stride),
            writeable=False,
        )
        arrays[id(ref)] = np.array(view)  # a contiguous copy owned by the caller
    return _materialise(obj, arrays)
