"""Community traffic simulator: ``python -m tools.simulator --register FILE ...``.

Reads the 一机一档 register (CSV with Chinese headings), simulates its MQTT, GA/T 1400 and
ISAPI devices (people at the gates, cars at the barriers, alarms, patrols, meters), publishes
over MQTT with each device's last will, POSTs GA/T 1400 / ISAPI bodies to an HTTP base URL,
and answers MQTT commands (a barrier told to open goes moving -> open -> moving -> closed).
Deterministic for a given ``--seed``; ``--dry-run`` prints the messages instead.
"""
