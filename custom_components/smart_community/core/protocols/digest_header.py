"""``Authorization: Digest ...`` headers from the network, checked before anything uses them.

Two values crash a digest check built on the stdlib helpers: an empty parameter
(``username=``: ``urllib.request.parse_keqv_list`` reads ``v[0]``) and a non-ASCII one
(``hmac.compare_digest`` refuses non-ASCII ``str``). :func:`parse_digest_params` refuses
both, control characters, duplicate parameters and headers over 4 KiB with a
:class:`~.errors.DecodeError`. It has the contract of ``gat1400.digest.parse_digest_header``
(which ``DigestAuth.verify`` calls), so it can take that function's place: every header it
accepts is one ``verify`` can answer (the fuzz target ``gat1400_digest`` checks this).
"""

from __future__ import annotations

from urllib.request import parse_http_list

from .errors import DecodeError

MAX_HEADER = 4096  # a genuine Digest header is about 300 characters


def parse_digest_params(header: str) -> dict[str, str]:
    """Lower-case parameter names to unquoted values, or :class:`DecodeError` saying why."""
    if len(header) > MAX_HEADER:
        raise DecodeError(f"Digest header longer than {MAX_HEADER} characters")
    if not header.isascii() or not header.isprintable():
        raise DecodeError("Digest header with non-ASCII or control characters")
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest" or not rest.strip():
        raise DecodeError("not a Digest header")
    params: dict[str, str] = {}
    for item in parse_http_list(rest):
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep or not key:
            raise DecodeError(f"malformed Digest parameter {item[:40]!r}")
        if not value:
            raise DecodeError(f"empty Digest parameter {key[:40]!r}")
        if key in params:
            raise DecodeError(f"Digest parameter {key[:40]!r} given twice")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        params[key] = value
    return params
