"""Transcription speed as a multiple of real time (R-AST-05, docs/adr/0018-transcripts.md).

    .venv/bin/python benchmarks/transcription_bench.py [--repeat N] [--beam N]

Needs the ``sanxiang[asr]`` extra. Runs the platform's engine
(``assist.engines.FasterWhisper``) N times on the demo's committed Mandarin 询问 clip
(``demo/data/inquiry-zh.opus``, 14.7 s; how it was made is in ``demo/data/README.md``) and
reports seconds of audio per second of wall-clock time (above 1 = faster than real time),
beside the bare ``faster_whisper.WhisperModel.transcribe`` on the same file (the baseline),
and the character error rate against the words spoken.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

def character_error_rate(reference: str, hypothesis: str) -> float:
    hypothesis = "".join(re.findall(r"[\u4e00-\u9fff]", hypothesis))
    row = list(range(len(hypothesis) + 1))
    for i, a in enumerate(reference, 1):
        previous, row[0] = row[:], i
        for j, b in enumerate(hypothesis, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b))
    return row[-1] / len(reference)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ.update(SANXIANG_ENV="test", SANXIANG_DATA_DIR=data_dir,
                          DJANGO_SETTINGS_MODULE="sanxiang.settings")
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from sanxiang.assist import engines

        if not engines.FasterWhisper.available():
            sys.exit("the sanxiang[asr] extra is not installed")
        from sanxiang.demo.cases import SPEECH_CLIP
        from sanxiang.demo.data.make_inquiry_speech import TEXT

        clip = SPEECH_CLIP
        reference = "".join(re.findall(r"[\u4e00-\u9fff]", TEXT))
        engine = engines.FasterWhisper()
        from faster_whisper import WhisperModel

        bare = WhisperModel(str(engines.whisper_base_dir()), device="cpu",
                            compute_type="int8", cpu_threads=max(1, (os.cpu_count() or 2) // 2))
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        for run in range(args.repeat):
            started = time.perf_counter()
            result = engine.transcribe(clip, progress=lambda _f: None)
            ours = time.perf_counter() - started
            started = time.perf_counter()
            segments, info = bare.transcribe(str(clip), language="zh", beam_size=5,
                                             condition_on_previous_text=False)
            list(segments)
            raw = time.perf_counter() - started
            text = "".join(s.text for s in result.segments)
            print(f"run {run + 1}: {result.duration:.1f} s of audio; engine {ours:.1f} s "
                  f"({result.duration / ours:.2f}× real time); bare faster-whisper {raw:.1f} s "
                  f"({info.duration / raw:.2f}×); ratio {raw / ours:.2f}; "
                  f"CER {character_error_rate(reference, text):.2f}")
        print(f"transcript: {text}")


if __name__ == "__main__":
    main()
