"""Makes ``inquiry-zh.opus``, the demo's one recording with real Mandarin speech (R-AST-05).

    python src/sanxiang/demo/data/make_inquiry_speech.py

Run once, by hand, when the clip is to change; the demo and the tests only read the
committed file. Needs Debian's ``espeak-ng`` (1.51: its ``cmn`` voice reads most characters
as Latin letters, so the lines are spoken from tone-numbered pinyin with the
``cmn-latn-pinyin`` voice, third-tone sandhi written out) and ``opusenc`` (``opus-tools``).
The lines are an 询问: an officer's question and the party's answer, twice.
"""

import io
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "inquiry-zh.opus"
VOICE, SPEED, PITCH_OFFICER, PITCH_PARTY, PAUSE = "cmn-latn-pinyin", 160, 45, 60, 0.3
BITRATE_KBPS = 16

# (who, the words as written, what espeak-ng is given)
LINES = [
    ("officer", "你是加油站的负责人吗？", "ni3 shi4 jia1 you2 zhan4 de5 fu4 ze2 ren2 ma5?"),
    ("party", "是的，我是负责人。", "shi4 de5, wo3 shi4 fu4 ze2 ren2."),
    ("officer", "储油罐呼吸阀为什么堵塞？", "chu3 you2 guan4 hu1 xi1 fa2 wei4 shen2 me5 du3 se4?"),
    ("party", "我们没有按时检查，现在已经改正了。",
     "wo3 men5 mei2 you3 an4 shi2 jian3 cha2, xian4 zai4 yi3 jing1 gai3 zheng4 le5."),
]
TEXT = "".join(words for _who, words, _pinyin in LINES)


def say(pinyin: str, pitch: int) -> tuple[int, bytes]:
    spoken = subprocess.run(  # noqa: S603 — fixed arguments, a tool run by hand
        ["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-p", str(pitch),  # noqa: S607
         "--stdout", pinyin],
        check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(spoken)) as audio:
        return audio.getframerate(), audio.readframes(audio.getnframes())


def main() -> int:
    for tool in ("espeak-ng", "opusenc"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (apt-get install espeak-ng opus-tools)")
    frames, rate = b"", 0
    for who, _words, pinyin in LINES:
        rate, spoken = say(pinyin, PITCH_OFFICER if who == "officer" else PITCH_PARTY)
        frames += spoken + bytes(2 * int(PAUSE * rate))  # 16-bit mono silence
    with tempfile.TemporaryDirectory() as scratch:
        wav = Path(scratch) / "inquiry.wav"
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(frames)
        subprocess.run(  # noqa: S603
            ["opusenc", "--quiet", "--bitrate", str(BITRATE_KBPS), "--comp", "10",  # noqa: S607
             "--serial", "2026", "--title", "询问录音（演示，合成语音）",
             "--comment", "LICENSE=CC0-1.0", "--comment", f"TRANSCRIPT={TEXT}",
             str(wav), str(TARGET)], check=True)
    print(f"{TARGET.name}: {len(frames) / 2 / rate:.1f} s, {TARGET.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
