#!/bin/sh
# Regenerates the small test recordings in this folder with SoX 14.4.2 (Debian 12 package `sox`).
# Deterministic: every call uses -R (fixed random seed) and -D (no dither). Run from this folder.
set -eu
cd "$(dirname "$0")"
mkdir -p formats broken reference

# 1 kHz sine at half scale, 0.25 s, in every sample layout we read.
tone="synth 0.25 sine 1000 vol 0.5"
sox -R -D -n -r 16000 -c 1 -b 8  -e unsigned-integer -t wavpcm formats/tone_pcm8_16k.wav    $tone
sox -R -D -n -r 16000 -c 1 -b 16 -e signed-integer   -t wavpcm formats/tone_pcm16_16k.wav   $tone
sox -R -D -n -r 16000 -c 1 -b 24 -e signed-integer   -t wavpcm formats/tone_pcm24_16k.wav   $tone
sox -R -D -n -r 16000 -c 1 -b 32 -e signed-integer   -t wavpcm formats/tone_pcm32_16k.wav   $tone
sox -R -D -n -r 16000 -c 1 -b 32 -e floating-point   -t wavpcm formats/tone_float32_16k.wav $tone
sox -R -D -n -r 16000 -c 1 -b 64 -e floating-point   -t wavpcm formats/tone_float64_16k.wav $tone
# SoX writes WAVE_FORMAT_EXTENSIBLE for more than 2 channels or more than 16 bits with type `wav`.
sox -R -D -n -r 16000 -c 1 -b 24 -e signed-integer   -t wav    formats/tone_pcm24_extensible_16k.wav $tone
# SoX never writes float as WAVE_FORMAT_EXTENSIBLE; rewrap the float32 tone's samples in an extensible
# header (cbSize 22, sub-format KSDATAFORMAT_SUBTYPE_IEEE_FLOAT) with Python's struct module.
/usr/bin/python3 - <<'PY'
import struct
src = open("formats/tone_float32_16k.wav", "rb").read()
data = src[src.index(b"data") + 8:]
guid = bytes.fromhex("0300000000001000800000aa00389b71")
fmt = struct.pack("<HHIIHHHHI", 0xFFFE, 1, 16000, 16000 * 4, 4, 32, 22, 32, 4) + guid
body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
open("formats/tone_float32_extensible_16k.wav", "wb").write(b"RIFF" + struct.pack("<I", len(body)) + body)
PY
# Other rates: the reader resamples them to 16 kHz.
sox -R -D -n -r 44100 -c 1 -b 16 -e signed-integer   -t wavpcm formats/tone_pcm16_44k1.wav  $tone
sox -R -D -n -r 8000  -c 1 -b 16 -e signed-integer   -t wavpcm formats/tone_pcm16_8k.wav    $tone
# 1 kHz plus 10 kHz at 44.1 kHz, 0.125 each (mix halves both): at 16 kHz the 10 kHz part is above Nyquist and must vanish.
sox -R -D -n -r 44100 -c 1 -b 16 -e signed-integer   -t wavpcm formats/two_tones_44k1.wav \
    synth 0.25 sine 1000 synth 0.25 sine mix 10000 vol 0.25
# 3 channels (extensible): ch0 1 kHz at 0.5, ch1 silence, ch2 2 kHz at 0.3.
sox -R -D -n -r 16000 -c 1 -b 16 ch0.wav synth 0.25 sine 1000 vol 0.5
sox -R -D -n -r 16000 -c 1 -b 16 ch1.wav synth 0.25 sine 1000 vol 0
sox -R -D -n -r 16000 -c 1 -b 16 ch2.wav synth 0.25 sine 2000 vol 0.3
sox -R -D -M ch0.wav ch1.wav ch2.wav -b 16 -t wav formats/three_channels_16k.wav
rm ch0.wav ch1.wav ch2.wav
# Stereo, 16-bit, not extensible: left 1 kHz at 0.5, right its negation (mixes to silence).
sox -R -D -n -r 16000 -c 1 -b 16 l.wav synth 0.25 sine 1000 vol 0.5
sox -R -D l.wav r.wav vol -1
sox -R -D -M l.wav r.wav -t wavpcm formats/stereo_opposite_16k.wav
rm l.wav r.wav

# Formats we do not decode: real FLAC and Ogg Vorbis files; an MP3 is imitated by its ID3 tag header.
sox -R -D formats/tone_pcm16_16k.wav broken/tone.flac
sox -R -D formats/tone_pcm16_16k.wav broken/tone.ogg
printf 'ID3\003\000\000\000\000\000\000' > broken/tone.mp3
# Truncated: the first 3000 bytes of a 8044-byte file (header says more data than there is).
head -c 3000 formats/tone_pcm16_16k.wav > broken/truncated.wav
# Header only, cut inside the fmt chunk.
head -c 30 formats/tone_pcm16_16k.wav > broken/header_cut.wav
# Not audio at all, but named .wav.
printf 'path,start,end,label\nthis is text, not audio\n' > broken/text.wav
# RIFF/WAVE with a data chunk but a zero-length, nonsense fmt chunk.
printf 'RIFF\044\000\000\000WAVEfmt \000\000\000\000data\010\000\000\000\000\000\000\000\000\000\000\000' > broken/bad_fmt.wav
# 8-bit mu-law WAV (a compressed encoding we refuse with a conversion hint).
sox -R -D formats/tone_pcm16_16k.wav -e mu-law broken/tone_mulaw.wav

# Reference recording for the log-mel test: 1 s at 16 kHz, an exponential sweep 500-6000 Hz plus a 3 kHz
# tone burst and low pink noise (fixed seed via -R).
sox -R -D -n -r 16000 -c 1 -b 16 s.wav synth 1 sine 500:6000 vol 0.4
sox -R -D -n -r 16000 -c 1 -b 16 n.wav synth 1 pinknoise vol 0.02
sox -R -D -n -r 16000 -c 1 -b 16 t.wav synth 1 sine 3000 vol 0.2 trim 0 0.3 pad 0.4 0.3
sox -R -D -m s.wav n.wav t.wav -b 16 reference/sweep_16k.wav
rm s.wav n.wav t.wav
