"""Device protocols: decoders from what devices send into :class:`~..events.DeviceEvent`.

One module per protocol (``mqtt_schema``, ``gat1400``, ``isapi``, ``dahua``, ``rs485``); the
shared helpers (times, keys, images, XML, multipart) live in small modules beside them.
Every decoder raises :class:`~.errors.DecodeError` (with a ``reason``) on malformed input.
"""
