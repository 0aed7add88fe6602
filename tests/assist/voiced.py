"""A stand-in speech engine for the pipeline tests: it reads the real stored WAV file and
returns one segment per voiced span (energy above a threshold), so the timestamps are the
file's own. The real engine's test is ``test_transcripts.py::test_real_engine…``."""

import array
import wave
from pathlib import Path

from sanxiang.assist.engines import Engine, Result, Segment


class VoicedSpans(Engine):
    name = "voiced spans (test)"

    @classmethod
    def available(cls) -> bool:
        return True

    def transcribe(self, path: Path, *, progress) -> Result:
        with wave.open(str(path)) as audio:
            rate, frames = audio.getframerate(), audio.getnframes()
            samples = array.array("h", audio.readframes(frames))
        window = rate // 10
        spans, start = [], None
        for i in range(0, len(samples), window):
            loud = max((abs(s) for s in samples[i:i + window]), default=0) > 1000
            t = i / rate
            if loud and start is None:
                start = t
            elif not loud and start is not None:
                spans.append((start, t))
                start = None
            progress(i / len(samples))
        if start is not None:
            spans.append((start, len(samples) / rate))
        return Result([Segment(a, b, f"第{n}句，当事人陈述储油罐呼吸阀堵塞。")
                       for n, (a, b) in enumerate(spans, 1)], frames / rate)


class Missing(Engine):
    name = "not installed"

    @classmethod
    def available(cls) -> bool:
        return False


def tone_wav(spans, *, rate=16000, total=3.0) -> bytes:
    """A real WAV file: a 440 Hz tone during each (start, end) span, silence elsewhere."""
    import io
    import math

    samples = array.array("h", bytes(2 * int(total * rate)))
    for start, end in spans:
        for i in range(int(start * rate), int(end * rate)):
            samples[i] = int(8000 * math.sin(2 * math.pi * 440 * i / rate))
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(samples.tobytes())
    return out.getvalue()
