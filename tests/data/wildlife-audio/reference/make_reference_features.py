#!/usr/bin/python3
"""Reference log-mel and PCEN features for sweep_16k.wav, computed with numpy/scipy only.

Re-implements librosa's definitions (librosa is not packaged in Debian 12):
  * STFT: centred frames (reflect padding of n_fft//2), periodic Hann window of win_length centred in the
    n_fft frame, one-sided rfft.
  * mel filterbank: librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm="slaney").
  * power_to_db(S, ref=1.0, amin=1e-10, top_db).
  * pcen(S, sr, hop_length, gain=0.98, bias=2, power=0.5, time_constant=0.4, eps=1e-6) with the smoother
    started at steady state (scipy.signal.lfilter_zi), on the mel magnitude scaled by 2**31.
Run with Debian's python3 (packages python3-numpy python3-scipy) from this folder:
    /usr/bin/python3 make_reference_features.py
Computes in float64 and writes float32 .npy files (little-endian, C order) of shape [n_mels, frames] beside this script.
"""
import numpy as np
import scipy.io.wavfile
import scipy.signal


def hz_to_mel(f, htk):
    f = np.asanyarray(f, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-12) / min_log_hz) / logstep, mels)


def mel_to_hz(m, htk):
    m = np.asanyarray(m, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters(sr, n_fft, n_mels, fmin, fmax, htk):
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels + 2), htk)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    return weights * enorm[:, np.newaxis]


def stft_magnitude(y, n_fft, hop, win_length):
    window = scipy.signal.get_window("hann", win_length, fftbins=True)
    left = (n_fft - win_length) // 2
    window = np.pad(window, (left, n_fft - win_length - left))
    y = np.pad(y, n_fft // 2, mode="reflect")
    frames = 1 + (len(y) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    return np.abs(np.fft.rfft(y[idx] * window, axis=1)).T  # [bins, frames]


def mel_spectrogram(y, sr, n_fft, hop, win_length, n_mels, fmin, fmax, power, htk):
    return mel_filters(sr, n_fft, n_mels, fmin, fmax, htk) @ (stft_magnitude(y, n_fft, hop, win_length) ** power)


def power_to_db(s, top_db, amin=1e-10):
    log_spec = 10.0 * np.log10(np.maximum(amin, s))
    return np.maximum(log_spec, log_spec.max() - top_db)


def pcen(s, sr, hop, gain=0.98, bias=2.0, power=0.5, time_constant=0.4, eps=1e-6):
    t_frames = time_constant * sr / float(hop)
    b = (np.sqrt(1 + 4 * t_frames ** 2) - 1) / (2 * t_frames ** 2)
    zi = scipy.signal.lfilter_zi([b], [1, b - 1])[np.newaxis, :] * s[:, :1]
    smooth, _ = scipy.signal.lfilter([b], [1, b - 1], s, zi=zi, axis=-1)
    smooth = np.exp(-gain * (np.log(eps) + np.log1p(smooth / eps)))
    return (s * smooth + bias) ** power - bias ** power


def main():
    sr, data = scipy.io.wavfile.read("sweep_16k.wav")
    assert sr == 16000 and data.dtype == np.int16
    y = data.astype(np.float64) / 32768.0

    s = mel_spectrogram(y, sr, n_fft=512, hop=160, win_length=400, n_mels=64, fmin=50, fmax=8000, power=2.0, htk=False)
    np.save("logmel_slaney.npy", power_to_db(s, top_db=80.0).astype("<f4"))

    s = mel_spectrogram(y, sr, n_fft=1024, hop=256, win_length=1024, n_mels=40, fmin=0, fmax=6000, power=1.0, htk=True)
    np.save("logmel_htk.npy", power_to_db(s, top_db=30.0).astype("<f4"))

    s = mel_spectrogram(y, sr, n_fft=512, hop=160, win_length=512, n_mels=64, fmin=50, fmax=8000, power=1.0, htk=False)
    np.save("pcen.npy", pcen(s * 2.0 ** 31, sr, 160).astype("<f4"))


if __name__ == "__main__":
    main()
