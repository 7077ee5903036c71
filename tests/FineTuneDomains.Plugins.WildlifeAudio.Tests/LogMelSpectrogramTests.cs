using FineTuneDomains.Core;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class LogMelSpectrogramTests
{
    // Settings of the three reference files written by reference/make_reference_features.py.
    private static readonly LogMelOptions Slaney = new() { NFft = 512, HopLength = 160, WinLength = 400, NMels = 64, FMin = 50, FMax = 8000, Power = 2, TopDb = 80 };
    private static readonly LogMelOptions Htk = new() { NFft = 1024, HopLength = 256, NMels = 40, FMin = 0, FMax = 6000, Power = 1, Scale = MelScale.Htk, TopDb = 30 };
    private static readonly LogMelOptions PcenSettings = new() { NFft = 512, HopLength = 160, NMels = 64, FMin = 50, FMax = 8000, Power = 1, Pcen = new PcenOptions() };

    public static TheoryData<string, string, double> References => new()
    {
        // float64: same arithmetic as numpy up to summation order; the .npy files hold float32 (rel. 6e-8).
        // Measured: 1e-6 dB (slaney), 4e-6 dB (htk), 2e-7 (pcen).
        { "logmel_slaney.npy", "slaney64", 1e-5 },
        { "logmel_htk.npy", "htk64", 1e-5 },
        { "pcen.npy", "pcen64", 1e-5 },
        // float32, the training precision. Measured: 5e-4 dB, 7e-6 (pcen).
        { "logmel_slaney.npy", "slaney32", 1e-3 },
        { "pcen.npy", "pcen32", 1e-4 },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Compute_SweepRecording_MatchesNumpyReference(string npy, string setting, double tolerance)
    {
        var (options, dtype) = setting switch
        {
            "slaney64" => (Slaney, ScalarType.Float64),
            "slaney32" => (Slaney, ScalarType.Float32),
            "htk64" => (Htk, ScalarType.Float64),
            "pcen64" => (PcenSettings, ScalarType.Float64),
            _ => (PcenSettings, ScalarType.Float32),
        };
        var (expected, shape) = NpyFile.Read(TestData.Reference(npy));
        var wave = WavAudioReader.Read(TestData.Reference("sweep_16k.wav")).Samples;

        using var scope = NewDisposeScope();
        using var mel = new LogMelSpectrogram(options, dtype);
        var features = mel.Compute(tensor(wave));
        Assert.Equal(new long[] { 1, 1, shape[0], shape[1] }, features.shape);
        var actual = features.to_type(ScalarType.Float64).flatten().data<double>().ToArray();
        double maxDiff = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < tolerance, $"max abs difference {maxDiff} (tolerance {tolerance})");
    }

    [Fact]
    public void Compute_Batch_EqualsEachClipAlone()
    {
        using var scope = NewDisposeScope();
        var a = Signals.Sine(16000, 16000, 1000, 0.5);
        var b = Signals.Sine(16000, 16000, 3000, 0.01);
        using var mel = new LogMelSpectrogram(Slaney);
        var batch = mel.Compute(stack([tensor(a), tensor(b)]));
        Assert.Equal(new long[] { 2, 1, 64, 101 }, batch.shape);
        var alone = mel.Compute(tensor(b));
        // top_db is per clip: the quiet clip is not clamped by the loud one.
        Assert.True(batch[1].allclose(alone[0], rtol: 1e-5, atol: 1e-4));
    }

    [Fact]
    public void Compute_ToneAt2kHz_PeaksInTheMelBandHolding2kHz()
    {
        using var scope = NewDisposeScope();
        using var mel = new LogMelSpectrogram(Slaney);
        var features = mel.Compute(tensor(Signals.Sine(8000, 16000, 2000, 0.5)));
        long peak = features[0, 0, .., 20].argmax().item<long>();
        double lo = MelFilterbank.MelToHz(MelFilterbank.HzToMel(50, MelScale.Slaney) + (MelFilterbank.HzToMel(8000, MelScale.Slaney) - MelFilterbank.HzToMel(50, MelScale.Slaney)) * peak / 65, MelScale.Slaney);
        double hi = MelFilterbank.MelToHz(MelFilterbank.HzToMel(50, MelScale.Slaney) + (MelFilterbank.HzToMel(8000, MelScale.Slaney) - MelFilterbank.HzToMel(50, MelScale.Slaney)) * (peak + 2) / 65, MelScale.Slaney);
        Assert.InRange(2000.0, lo, hi);
    }

    [Fact]
    public void Compute_PerFrequencyNormalisation_ZeroMeanUnitVariancePerBand()
    {
        using var scope = NewDisposeScope();
        using var mel = new LogMelSpectrogram(Slaney with { PerFrequencyNormalisation = true });
        var wave = WavAudioReader.Read(TestData.Reference("sweep_16k.wav")).Samples;
        var f = mel.Compute(tensor(wave))[0, 0];
        Assert.True(f.mean([1]).abs().max().item<float>() < 1e-4);
        Assert.True((f.std(1, unbiased: false) - 1).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void Compute_Pcen_StationaryNoiseLevelNormalisedAndCallStandsOut()
    {
        // PCEN's purpose: a constant background comes out at nearly the same level whatever its loudness,
        // while a call on top of it stands out.
        static float[] Noise(double amplitude, bool withCall)
        {
            var rng = new Random(3);
            var x = new float[32000];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)(amplitude * (rng.NextDouble() * 2 - 1));
                if (withCall && i >= 16000 && i < 16800)
                {
                    x[i] += (float)(20 * amplitude * Math.Sin(2 * Math.PI * 3000 * i / 16000.0));
                }
            }

            return x;
        }

        using var scope = NewDisposeScope();
        using var pcen = new LogMelSpectrogram(PcenSettings);
        var quiet = pcen.Compute(tensor(Noise(0.001, false)))[0, 0, .., 50..].mean().item<float>();
        var loud = pcen.Compute(tensor(Noise(0.1, false)))[0, 0, .., 50..].mean().item<float>();
        Assert.InRange(loud / quiet, 0.8, 1.25); // the input power differs 10 000-fold

        var call = pcen.Compute(tensor(Noise(0.01, true)))[0, 0];
        var band = call[.., 100..106].amax([1]).argmax().item<long>(); // mel band of the 3 kHz call
        Assert.True(call[band, 102].item<float>() > 5 * call[band, 60].item<float>());
    }

    [Fact]
    public void Compute_UnitScale_MapsTheTopDbRangeToZeroOne()
    {
        using var scope = NewDisposeScope();
        var wave = tensor(WavAudioReader.Read(TestData.Reference("sweep_16k.wav")).Samples);
        using var db = new LogMelSpectrogram(Slaney);
        using var unit = new LogMelSpectrogram(Slaney with { UnitScale = true });
        var d = db.Compute(wave);
        var u = unit.Compute(wave);
        Assert.Equal(1f, u.max().item<float>(), 5);
        Assert.True(u.min().item<float>() >= 0f);
        Assert.True(u.allclose((d - d.max()) / 80 + 1, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Constructor_FmaxAboveNyquist_ThrowsUserError()
    {
        var e = Assert.Throws<UserErrorException>(() => new LogMelSpectrogram(Slaney with { FMax = 12000 }));
        Assert.Contains("fmax", e.Message);
    }

    [Fact]
    public void MelFilterbank_SlaneyNorm_EachFilterHasUnitAreaInHz()
    {
        // With norm="slaney" each triangle has height 2/(f_hi - f_lo): area 1 in Hz.
        var fb = MelFilterbank.Create(16000, 4096, 32, 100, 7000, MelScale.Slaney, true);
        for (int m = 0; m < 32; m++)
        {
            double area = 0;
            for (int k = 0; k < fb.GetLength(1); k++)
            {
                area += fb[m, k] * 16000.0 / 4096;
            }

            Assert.Equal(1.0, area, 1);
        }
    }
}
