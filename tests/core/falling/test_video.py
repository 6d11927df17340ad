"""Video in, evidence out: PyAV reading, the packet ring, MP4 clips, keyframes, the CLI."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image

from custom_components.smart_community.core.falling.facade import Facade
from custom_components.smart_community.core.falling.monitor import (
    MonitorOptions,
    SessionSummary,
    analyse,
)
from custom_components.smart_community.core.urls import redact
from custom_components.smart_community.core.video.ring import PacketRing
from custom_components.smart_community.core.video.source import (
    EncodedPacket,
    VideoError,
    VideoSource,
)
from tools.falling.samples import sample_videos, whole_frame_facade

ROOT = Path(__file__).parents[3]
CLOCK = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _packet(t: float, key: bool) -> EncodedPacket:
    return EncodedPacket(b"x", round(t * 25), round(t * 25), 1, key, Fraction(1, 25), t)


def test_the_ring_keeps_whole_groups_of_pictures() -> None:
    ring = PacketRing(seconds=2.0)
    for i in range(125):  # 5 s, a keyframe each second
        ring.append(_packet(i / 25, key=i % 25 == 0))
    window = ring.window(3.5, 4.2)
    assert window[0].keyframe and window[0].time_s == 3.0
    assert window[-1].time_s <= 4.2
    assert ring.window(0.0, 1.0) == []  # that second is gone
    oldest = ring.window(0.0, 4.0)[0]  # best effort: from the oldest group kept
    assert oldest.keyframe and 2.0 <= oldest.time_s <= 3.0
    with pytest.raises(ValueError):
        PacketRing(0)


def test_a_stream_joined_mid_group_clips_from_its_first_keyframe() -> None:
    ring = PacketRing(seconds=20.0)
    for i in range(100):  # joined 0.6 s before a keyframe, then one every 2 s
        ring.append(_packet(i / 25, key=i % 50 == 15))
    window = ring.window(0.2, 1.5)
    assert window[0].keyframe and window[0].time_s == 0.6
    assert window[-1].time_s == pytest.approx(1.48)


def test_passwords_are_not_shown() -> None:
    assert redact("rtsp://admin:secret@10.0.0.5:554/h264") == "rtsp://admin:***@10.0.0.5:554/h264"
    assert redact("clip.mp4") == "clip.mp4"


def test_a_file_is_analysed_with_clip_and_keyframe(
    throw_clip: tuple[Path, Path, dict[str, object]], facade_of_clip: Facade, tmp_path: Path
) -> None:
    clip, _, truth = throw_clip
    summary = SessionSummary()
    options = MonitorOptions(pre_s=1.0, post_s=1.0)
    found = list(
        analyse(
            str(clip),
            facade_of_clip,
            camera="east 3",
            evidence_dir=tmp_path,
            options=options,
            clock=lambda: CLOCK,
            summary=summary,
        )
    )
    (true,) = truth["throws"]  # type: ignore[misc]
    assert len(found) == 1
    evidence = found[0]
    assert abs(evidence.floor - true["floor"]) <= 1 and evidence.column == true["column"]
    assert abs(evidence.throw.start_s - true["release_s"]) < 0.5
    assert evidence.clip_path is not None and evidence.keyframe_path is not None
    assert evidence.clip_path.name.startswith("east_3_20260102T030405")
    with av.open(str(evidence.clip_path)) as container:
        stream = container.streams.video[0]
        frames = [f.time for f in container.decode(stream)]
    assert frames[0] == 0.0
    # the clip reaches from before the release to after the last sighting
    assert frames[-1] >= evidence.throw.end_s - evidence.throw.start_s + 0.5
    picture = Image.open(evidence.keyframe_path)
    assert picture.size == (640, 360) and picture.format == "JPEG"
    assert summary.frames == 175 and summary.throws == 1
    assert summary.as_json()["seconds"] == pytest.approx(7.0, abs=0.05)


def test_a_file_that_is_not_video_is_a_clear_error(tmp_path: Path, facade_of_clip: Facade) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"this is not a video" * 100)
    with pytest.raises(VideoError, match="cannot open"):
        VideoSource(str(bad)).open()
    with pytest.raises(VideoError):
        list(analyse(str(tmp_path / "missing.mp4"), facade_of_clip))


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "falling-objects"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_the_command_line_prints_throws_then_a_summary(
    throw_clip: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    clip, facade, truth = throw_clip
    # Home Assistant must not be imported: a package of that name that fails would show it.
    trap = tmp_path / "trap" / "homeassistant"
    trap.mkdir(parents=True)
    (trap / "__init__.py").write_text("raise ImportError('homeassistant was imported')\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(trap.parent)}
    done = _cli(str(clip), "--facade", str(facade), env=env)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    throw, summary = lines[0], lines[-1]
    assert set(throw) == {
        "video",
        "start_s",
        "end_s",
        "floor",
        "floor_low",
        "floor_high",
        "column",
        "origin_px",
        "confidence",
    }
    assert throw["column"] == truth["throws"][0]["column"]  # type: ignore[index]
    assert summary["summary"]["throws"] == 1 and summary["summary"]["frames"] == 175


def test_the_command_line_rejects_bad_input(
    throw_clip: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    clip, facade, _ = throw_clip
    bad_facade = tmp_path / "facade.json"
    bad_facade.write_text(json.dumps({"corners": [[0, 0]], "floors": 3, "columns": 2}))
    done = _cli(str(clip), "--facade", str(bad_facade))
    assert done.returncode == 2 and "corners" in done.stderr and done.stdout == ""
    done = _cli(str(tmp_path / "nothing.mp4"), "--facade", str(facade))
    assert done.returncode == 2 and "no such file" in done.stderr
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"\x00garbage" * 1000)
    done = _cli(str(garbage), "--facade", str(facade))
    assert done.returncode == 2 and "cannot open" in done.stderr
    off = tmp_path / "off.json"
    off.write_text(
        json.dumps(
            {
                "corners": [[5000, 5000], [6000, 5000], [6000, 6000], [5000, 6000]],
                "floors": 3,
                "columns": 2,
            }
        )
    )
    done = _cli(str(clip), "--facade", str(off))
    assert done.returncode == 2 and "outside the picture" in done.stderr


def test_real_footage_has_no_throws() -> None:
    """Real clips from a registry package (traffic and lights at dusk, an animation with
    birds and falling fruit, a person in a car), each with a facade over most of the frame."""
    clips = sample_videos()
    assert [p.name for p in clips] == ["bigbuckbunny.mp4", "bikes.mp4", "carphone.mp4"]
    for path in clips:
        summary = SessionSummary()
        assert list(analyse(str(path), whole_frame_facade(path), summary=summary)) == [], path
        assert summary.frames > 100
