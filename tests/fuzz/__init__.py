"""Coverage-guided fuzzing (atheris / libFuzzer) of everything that parses untrusted input.

``scripts/fuzz --quick`` runs every target for a few seconds (``scripts/test`` does);
``scripts/fuzz TARGET --seconds N`` runs one for longer. Each module of ``targets/`` is one
target: ``SEEDS`` (file patterns under ``tests/data/payloads``, or a ``seeds()`` function)
and ``one_input(data)``, which feeds ``data`` to a decoder and lets through only the
decoder's own error; any other exception, a hang or a blow-up in memory is a crash.
"""

TARGETS = (
    "isapi",
    "multipart",
    "documents",
    "dahua",
    "mqtt",
    "timeparse",
    "images",
    "rs485",
    "gat1400_bodies",
    "gat1400_server",
    "gat1400_digest",
    "register_csv",
    "register_xlsx",
    "records_cursor",
)
