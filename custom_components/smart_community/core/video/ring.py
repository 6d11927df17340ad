"""The last seconds of a stream's encoded packets, so that a clip can start before its event."""

from __future__ import annotations

from collections import deque

from .source import EncodedPacket


class PacketRing:
    def __init__(self, seconds: float) -> None:
        if seconds <= 0:
            raise ValueError("the ring must keep some seconds")
        self.seconds = seconds
        self._packets: deque[EncodedPacket] = deque()

    def __len__(self) -> int:
        return len(self._packets)

    def append(self, packet: EncodedPacket) -> None:
        self._packets.append(packet)
        # Drop whole groups of pictures only: a clip must be able to start on a keyframe.
        while (
            len(self._packets) > 1
            and self._packets[-1].time_s - self._packets[0].time_s > self.seconds
        ):
            self._packets.popleft()
            while self._packets and not self._packets[0].keyframe:
                self._packets.popleft()

    def clear(self) -> None:
        self._packets.clear()

    def window(self, start_s: float, end_s: float) -> list[EncodedPacket]:
        """Packets from the last keyframe at or before ``start_s`` up to ``end_s``; when no
        keyframe is that old (a stream joined mid-group), from the first keyframe kept."""
        packets = list(self._packets)
        begin = None
        for index, packet in enumerate(packets):
            if packet.keyframe and (packet.time_s <= start_s or begin is None):
                begin = index
            if packet.time_s > start_s and begin is not None:
                break
        if begin is None:
            return []
        return [p for p in packets[begin:] if p.time_s <= end_s]
