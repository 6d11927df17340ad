"""Police data docking (物业平台 → 公安警务应用平台): GA/T 1400 client, outbox, subscriptions.

The HA layer uses :class:`~.service.DockingService` (start / stop / enqueue / stats),
:class:`~.subscriptions.SubscriptionRegistry` ``.handle`` for ``/VIID/Subscribes`` and
:func:`~.capture.capture_from_event` to turn a device event into a :class:`~.capture.Capture`.
"""
