"""Voice audio: WAV / PCM decoding of untrusted bytes, resampling, silences, mel features."""

from __future__ import annotations

import io
import struct
import wave

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.voice.audio import (
    Audio,
    AudioError,
    decode_pcm,
    decode_wav,
    mel_filters,
    mel_spectrogram,
    normalise_volume,
    preprocess,
    resample,
    trim_long_silences,
)


def tone(seconds: float, rate: int = 16000, hz: float = 440.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def wav_bytes(samples: np.ndarray, rate: int = 16000, channels: int = 1, width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        scale = {1: 127, 2: 32767, 4: 2**31 - 1}[width]
        ints = np.round(np.repeat(samples, channels) * scale)
        if width == 1:
            out.writeframes((ints + 128).astype(np.uint8).tobytes())
        else:
            out.writeframes(ints.astype(f"<i{width}").tobytes())
    return buffer.getvalue()


def float_wav(samples: np.ndarray, rate: int = 16000) -> bytes:
    data = samples.astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.mark.parametrize("width", [1, 2, 4])
def test_pcm_wav_of_every_width_decodes_to_the_same_signal(width: int) -> None:
    signal = tone(0.5)
    audio = decode_wav(wav_bytes(signal, width=width))
    assert audio.sample_rate == 16000
    np.testing.assert_allclose(audio.samples, signal, atol=0.02)


def test_float_wav_and_stereo_are_read() -> None:
    signal = tone(0.5)
    np.testing.assert_allclose(decode_wav(float_wav(signal)).samples, signal, atol=1e-6)
    stereo = decode_wav(wav_bytes(signal, channels=2))
    np.testing.assert_allclose(stereo.samples, signal, atol=1e-3)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "RIFF"),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", "data chunk"),
        (b"RIFF\x00\x00\x00\x00WAVEdata\x04\x00\x00\x00\x00\x00\x00\x00", "fmt"),
    ],
)
def test_broken_wav_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(AudioError, match=reason):
        decode_wav(data)


def test_absurd_sample_rate_and_too_long_audio_are_refused() -> None:
    with pytest.raises(AudioError, match="sample rate"):
        decode_wav(wav_bytes(tone(0.1), rate=100))
    with pytest.raises(AudioError, match="longer"):
        decode_pcm(b"\x00\x00" * 8000 * 61, 8000)
    with pytest.raises(AudioError, match="whole number"):
        decode_pcm(b"\x00\x00\x00", 16000)


def test_resampling_keeps_a_tone_at_its_pitch() -> None:
    audio = Audio(tone(1.0, rate=48000, hz=1000.0), 48000)
    out = resample(audio)
    assert len(out) == 16000
    spectrum = np.abs(np.fft.rfft(out))
    assert abs(int(np.argmax(spectrum)) - 1000) <= 1  # 1 Hz bins over 1 s


def test_quiet_audio_is_raised_but_loud_audio_is_left() -> None:
    quiet = tone(1.0, level=0.001)
    raised = normalise_volume(quiet)
    assert 20 * np.log10(np.sqrt(np.mean(raised**2))) == pytest.approx(-30.0, abs=0.5)
    loud = tone(1.0, level=0.9)
    assert normalise_volume(loud) is loud


def test_long_silences_are_shortened_and_speech_kept() -> None:
    silence = np.zeros(16000 * 2, dtype=np.float32)
    signal = np.concatenate([tone(1.0), silence, tone(1.0)])
    trimmed = trim_long_silences(signal)
    assert 2.0 * 16000 <= len(trimmed) < 3.0 * 16000
    assert len(trim_long_silences(np.zeros(16000, dtype=np.float32))) == 0
    assert len(preprocess(Audio(np.zeros(16000, dtype=np.float32), 16000))) == 0


def test_mel_features_have_resemblyzers_shape_and_filters_cover_the_band() -> None:
    mel = mel_spectrogram(tone(1.0))
    assert mel.shape == (101, 40)  # centred frames: 1 + 16000 // 160
    filters = mel_filters()
    assert filters.shape == (40, 201)
    assert (filters.sum(axis=1) > 0).all()
    # a 440 Hz tone lights the band whose filter peaks near 440 Hz
    assert int(np.argmax(mel.mean(axis=0))) == int(np.argmax(filters[:, 440 * 400 // 16000]))
