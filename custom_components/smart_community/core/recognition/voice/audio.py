"""Speech audio in numpy: decode WAV / raw PCM, resample to 16 kHz, level, trim silences, mels.

What a door terminal sends is untrusted: every malformed input raises ``AudioError`` with the
reason, and the length is bounded (``MAX_SECONDS``) before any work is done.

The features are Resemblyzer's (its ``audio.py``): volume raised to -30 dBFS (never lowered),
long silences shortened, then a 40-band mel power spectrogram (25 ms Hann window, 10 ms hop,
Slaney mel scale and normalisation, frames centred with zero padding), as librosa computes it.
Resemblyzer finds silences with webrtcvad; here an energy detector on the same 30 ms windows,
with the same smoothing (8 windows) and dilation (6 windows), does that job without a C
extension: it only decides which long pauses to shorten.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
TARGET_DBFS = -30.0
INT16_MAX = 2**15 - 1
MAX_SECONDS = 60.0
VAD_WINDOW = 480  # 30 ms at 16 kHz
VAD_SMOOTHING = 8
VAD_MAX_SILENCE = 6

type Samples = NDArray[np.float32]


class AudioError(ValueError):
    """The bytes are not audio this module can use (with the reason)."""


@dataclass(frozen=True, slots=True)
class Audio:
    samples: Samples  # mono, -1..1
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


def _check_rate(sample_rate: int) -> None:
    if not 4000 <= sample_rate <= 192000:
        raise AudioError(f"sample rate {sample_rate} Hz is not a speech recording's")


def _check_length(frames: int, sample_rate: int) -> None:
    if frames / sample_rate > MAX_SECONDS:
        raise AudioError(f"audio longer than {MAX_SECONDS:.0f} s")
    if frames == 0:
        raise AudioError("no audio samples")


def _mono(samples: NDArray[np.float32], channels: int) -> Samples:
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return np.ascontiguousarray(samples, dtype=np.float32)


def decode_pcm(data: bytes, sample_rate: int, channels: int = 1) -> Audio:
    """Raw signed 16-bit little-endian PCM (what most terminals stream)."""
    _check_rate(sample_rate)
    if not 1 <= channels <= 8:
        raise AudioError(f"{channels} channels")
    frame = 2 * channels
    if len(data) % frame:
        raise AudioError("PCM data is not a whole number of 16-bit frames")
    _check_length(len(data) // frame, sample_rate)
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    return Audio(_mono(samples, channels), sample_rate)


def _wav_samples(fmt: int, bits: int, raw: bytes) -> NDArray[np.float32]:
    if fmt == 1 and bits == 8:
        return (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if fmt == 1 and bits == 16:
        return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if fmt == 1 and bits == 24:
        triples = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        values = triples[:, 0] | (triples[:, 1] << 8) | (triples[:, 2] << 16)
        values = np.where(values >= 1 << 23, values - (1 << 24), values)
        return values.astype(np.float32) / float(1 << 23)
    if fmt == 1 and bits == 32:
        return (np.frombuffer(raw, dtype="<i4").astype(np.float64) / 2**31).astype(np.float32)
    if fmt == 3 and bits == 32:
        return np.frombuffer(raw, dtype="<f4").astype(np.float32)
    if fmt == 3 and bits == 64:
        return np.frombuffer(raw, dtype="<f8").astype(np.float32)
    raise AudioError(f"WAV format {fmt} with {bits}-bit samples is not supported")


def decode_wav(data: bytes) -> Audio:
    """A RIFF/WAVE file: PCM 8/16/24/32-bit or IEEE float, any channels, any rate."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError("not a WAV file (no RIFF/WAVE header)")
    pos = 12
    fmt: tuple[int, int, int, int] | None = None
    while pos + 8 <= len(data):
        chunk, size = struct.unpack("<4sI", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + size]
        if chunk == b"fmt ":
            if len(body) < 16:
                raise AudioError("WAV fmt chunk too short")
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE and len(body) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the sub-format
                tag = struct.unpack("<H", body[24:26])[0]
            fmt = (tag, channels, rate, bits)
        elif chunk == b"data":
            if fmt is None:
                raise AudioError("WAV data before its fmt chunk")
            tag, channels, rate, bits = fmt
            _check_rate(rate)
            if not 1 <= channels <= 8 or bits not in (8, 16, 24, 32, 64):
                raise AudioError(f"WAV with {channels} channels of {bits}-bit samples")
            frame = channels * bits // 8
            usable = len(body) - len(body) % frame  # a torn last frame is dropped
            _check_length(usable // frame, rate)
            samples = _wav_samples(tag, bits, body[:usable])
            if not np.all(np.isfinite(samples)):
                raise AudioError("WAV float samples are not finite")
            return Audio(_mono(np.clip(samples, -1.0, 1.0), channels), rate)
        pos += 8 + size + (size & 1)
    raise AudioError("WAV file without a data chunk")


def resample(audio: Audio, rate: int = SAMPLE_RATE) -> Samples:
    """Band-limited resampling through the spectrum (exact for the speech band)."""
    if audio.sample_rate == rate:
        return audio.samples
    count = len(audio.samples)
    target = max(1, round(count * rate / audio.sample_rate))
    spectrum = np.fft.rfft(audio.samples.astype(np.float64))
    bins = target // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum), dtype=complex)])
    out = np.fft.irfft(spectrum, n=target) * (target / count)
    return out.astype(np.float32)


def normalise_volume(samples: Samples, target_dbfs: float = TARGET_DBFS) -> Samples:
    """Raise a quiet recording to ``target_dbfs`` (a loud one is left as it is)."""
    rms = float(np.sqrt(np.mean((samples.astype(np.float64) * INT16_MAX) ** 2)))
    if rms <= 0.0:
        return samples
    change = target_dbfs - 20.0 * np.log10(rms / INT16_MAX)
    if change <= 0:
        return samples
    return np.asarray(samples * (10.0 ** (change / 20.0)), dtype=np.float32)


def voiced_mask(samples: Samples) -> NDArray[np.bool_]:
    """Per 30 ms window: speech or not (energy above an adaptive floor), smoothed, dilated."""
    windows = len(samples) // VAD_WINDOW
    if windows == 0:
        return np.zeros(0, dtype=bool)
    frames = samples[: windows * VAD_WINDOW].reshape(windows, VAD_WINDOW).astype(np.float64)
    level = 10.0 * np.log10(np.mean(frames**2, axis=1) + 1e-10)
    floor = float(np.percentile(level, 10))
    peak = float(np.percentile(level, 99))
    threshold = max(floor + 6.0, peak - 35.0)
    flags = (level > threshold).astype(np.float64)
    padded = np.concatenate(
        [np.zeros((VAD_SMOOTHING - 1) // 2), flags, np.zeros(VAD_SMOOTHING // 2)]
    )
    smoothed = np.convolve(padded, np.ones(VAD_SMOOTHING) / VAD_SMOOTHING, mode="valid")
    mask = np.round(smoothed).astype(bool)
    width = VAD_MAX_SILENCE + 1
    dilated = np.convolve(mask.astype(np.float64), np.ones(width), mode="same") > 0
    return np.asarray(dilated, dtype=bool)


def trim_long_silences(samples: Samples) -> Samples:
    mask = voiced_mask(samples)
    if not mask.any():
        return samples[:0]
    keep = np.repeat(mask, VAD_WINDOW)
    return samples[: len(keep)][keep]


def preprocess(audio: Audio) -> Samples:
    """16 kHz, levelled, long silences shortened: what the encoder is fed."""
    return trim_long_silences(normalise_volume(resample(audio)))


def _hz_to_mel(hz: NDArray[np.float64]) -> NDArray[np.float64]:
    mel = hz / (200.0 / 3)
    log_region = hz >= 1000.0
    mel = np.where(
        log_region, 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27), mel
    )
    return np.asarray(mel, dtype=np.float64)


def _mel_to_hz(mel: NDArray[np.float64]) -> NDArray[np.float64]:
    hz = mel * (200.0 / 3)
    log_region = mel >= 15.0
    hz = np.where(log_region, 1000.0 * np.exp((np.log(6.4) / 27) * (mel - 15.0)), hz)
    return np.asarray(hz, dtype=np.float64)


def mel_filters(
    rate: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS
) -> NDArray[np.float32]:
    """Slaney-style triangular filters with area normalisation (librosa's default)."""
    fft_hz = np.linspace(0.0, rate / 2.0, 1 + n_fft // 2)
    top = float(_hz_to_mel(np.array([rate / 2.0]))[0])
    edges = _mel_to_hz(np.linspace(0.0, top, n_mels + 2, dtype=np.float64))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_hz[None, :]
    weights = np.zeros((n_mels, len(fft_hz)))
    for i in range(n_mels):
        lower = -ramps[i] / widths[i]
        upper = ramps[i + 2] / widths[i + 1]
        weights[i] = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2 : n_mels + 2] - edges[:n_mels]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filters()
_WINDOW = (0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def mel_spectrogram(samples: Samples) -> NDArray[np.float32]:
    """frames x 40 mel power spectrogram of 16 kHz samples."""
    padded = np.pad(samples.astype(np.float32), N_FFT // 2)
    count = 1 + (len(padded) - N_FFT) // HOP
    if count <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(count)[:, None]
    frames = padded[index] * _WINDOW
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    return np.asarray(power @ _FILTERS.T, dtype=np.float32)
