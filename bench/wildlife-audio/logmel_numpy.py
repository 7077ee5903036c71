#!/usr/bin/python3
"""Log-mel throughput of numpy/scipy on the same settings as Program.cs (the reference implementation of
tests/data/wildlife-audio/reference/make_reference_features.py, batched over windows).
Usage: /usr/bin/python3 logmel_numpy.py [seconds rate batch batches n_fft hop n_mels]"""
import sys
import time

import numpy as np
import scipy.signal

sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/tests/data/wildlife-audio/reference")
from make_reference_features import mel_filters  # noqa: E402


def logmel_batch(y, fb, window, n_fft, hop):
    y = np.pad(y, ((0, 0), (n_fft // 2, n_fft // 2)), mode="reflect")
    frames = 1 + (y.shape[1] - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(y[:, idx] * window, axis=2)) ** 2      # [B, frames, bins]
    mel = spec @ fb.T                                                   # [B, frames, mels]
    db = 10.0 * np.log10(np.maximum(mel, 1e-10))
    return np.maximum(db, db.max(axis=(1, 2), keepdims=True) - 80.0)


def main():
    a = [float(s) for s in sys.argv[1:]]
    seconds, rate, batch, batches, n_fft, hop, n_mels = (a + [2.0, 16000, 32, 20, 512, 160, 128][len(a):])[:7]
    rate, batch, batches, n_fft, hop, n_mels = int(rate), int(batch), int(batches), int(n_fft), int(hop), int(n_mels)
    y = (np.random.default_rng(1).standard_normal((batch, int(seconds * rate))) * 0.1).astype(np.float32)
    fb = mel_filters(rate, n_fft, n_mels, 50, rate / 2, False).astype(np.float32)
    window = scipy.signal.get_window("hann", n_fft, fftbins=True).astype(np.float32)
    for _ in range(3):
        logmel_batch(y, fb, window, n_fft, hop)
    start = time.perf_counter()
    for _ in range(batches):
        logmel_batch(y, fb, window, n_fft, hop)
    elapsed = time.perf_counter() - start
    print(f"numpy/scipy\t{batch * batches / elapsed:.1f} windows/s\t({seconds} s at {rate} Hz, n_fft {n_fft}, hop {hop}, "
          f"{n_mels} mels, batch {batch}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
