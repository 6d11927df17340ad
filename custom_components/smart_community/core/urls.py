"""Stream addresses as they may be shown: a camera's RTSP URL usually carries its password.

>>> redact("rtsp://admin:secret@10.0.0.7:554/Streaming/101")
'rtsp://admin:***@10.0.0.7:554/Streaming/101'
>>> redact("rtsp://10.0.0.7/live")
'rtsp://10.0.0.7/live'
"""

from __future__ import annotations


def redact(url: str) -> str:
    """The URL without its password (logs, errors, diagnostics, entity attributes)."""
    if "://" not in url or "@" not in url.split("://", 1)[1].split("/", 1)[0]:
        return url
    scheme, rest = url.split("://", 1)
    auth, host = rest.split("@", 1)
    user = auth.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
