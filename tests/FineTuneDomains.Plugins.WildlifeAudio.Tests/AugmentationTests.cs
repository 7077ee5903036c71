using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class AugmentationTests
{
    private static float[] Ramp(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    [Fact]
    public void TimeShift_SeededRandom_CircularShiftWithinBoundAndReproducible()
    {
        var x = Ramp(1000);
        var a = WaveformTransforms.TimeShift(x, 0.25, new Random(7));
        var b = WaveformTransforms.TimeShift(x, 0.25, new Random(7));
        Assert.Equal(a, b);
        int shift = Array.IndexOf(a, 0f); // where sample 0 went
        int signed = shift > 500 ? shift - 1000 : shift;
        Assert.InRange(Math.Abs(signed), 1, 250);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(x[i], a[(i + shift) % 1000]); // wrap: nothing lost
        }

        var shifts = Enumerable.Range(0, 50).Select(s => Array.IndexOf(WaveformTransforms.TimeShift(x, 0.25, new Random(s)), 0f)).Distinct().Count();
        Assert.True(shifts > 40);
    }

    [Fact]
    public void RandomGain_ScalesRmsByTheDrawnDecibels()
    {
        var x = Signals.Sine(1600, 16000, 500, 0.1);
        var y = WaveformTransforms.RandomGain(x, -6, 6, new Random(1), out double gainDb);
        Assert.InRange(gainDb, -6, 6);
        Assert.Equal(gainDb, 20 * Math.Log10(Signals.Rms(y) / Signals.Rms(x)), 4);
        var draws = Enumerable.Range(0, 200).Select(s => { WaveformTransforms.RandomGain(x, -6, 6, new Random(s), out double g); return g; }).ToList();
        Assert.True(draws.Min() < -5 && draws.Max() > 5);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(-5.0)]
    public void MixAtSnr_AddedNoiseHasTheRequestedSnr(double snr)
    {
        var x = Signals.Sine(16000, 16000, 1000, 0.3);
        var noise = ColouredNoise.Generate(4000, NoiseColour.Pink, new Random(2)); // shorter: looped
        var y = WaveformTransforms.MixAtSnr(x, noise, snr);
        var added = y.Zip(x, (a, b) => a - b).ToArray();
        double measured = 10 * Math.Log10(WaveformTransforms.MeanPower(x) / WaveformTransforms.MeanPower(added));
        Assert.Equal(snr, measured, 2);
    }

    [Fact]
    public void MixAtSnr_SilentClip_Unchanged()
    {
        var y = WaveformTransforms.MixAtSnr(new float[100], ColouredNoise.Generate(100, NoiseColour.White, new Random(1)), 0);
        Assert.All(y, v => Assert.Equal(0f, v));
    }

    [Theory]
    // Power in 1-2 kHz over power in 100-200 Hz: white 10 (bandwidth), pink 1 (equal per octave), brown 0.1.
    [InlineData(NoiseColourCode.White, 10.0)]
    [InlineData(NoiseColourCode.Pink, 1.0)]
    [InlineData(NoiseColourCode.Brown, 0.1)]
    public void ColouredNoise_SpectralSlope_MatchesItsColour(NoiseColourCode code, double expectedRatio)
    {
        var noise = ColouredNoise.Generate(160000, (NoiseColour)(int)code, new Random(5));
        Assert.Equal(1.0, Signals.Rms(noise), 3);
        using var scope = NewDisposeScope();
        var power = fft.rfft(tensor(noise)).abs().square();
        double Band(double lo, double hi) => power[(int)(lo * 10)..(int)(hi * 10)].sum().item<float>();
        double ratio = Band(1000, 2000) / Band(100, 200);
        Assert.InRange(ratio, expectedRatio / 1.3, expectedRatio * 1.3);
    }

    public enum NoiseColourCode
    {
        White,
        Pink,
        Brown,
    }

    [Fact]
    public void ColouredNoise_SameSeed_SameNoise()
    {
        Assert.Equal(ColouredNoise.Generate(500, NoiseColour.Pink, new Random(9)), ColouredNoise.Generate(500, NoiseColour.Pink, new Random(9)));
        Assert.NotEqual(ColouredNoise.Generate(500, NoiseColour.Pink, new Random(9)), ColouredNoise.Generate(500, NoiseColour.Pink, new Random(10)));
    }

    [Fact]
    public void Stretch_Tone_LongerButSamePitch()
    {
        var x = Signals.Sine(16000, 16000, 1000, 0.5);
        var y = WaveformTransforms.Stretch(x, 1.2);
        Assert.Equal(19200, y.Length);
        var middle = y.AsSpan(2000, 15000);
        Assert.True(Signals.ToneAmplitude(middle, 16000, 1000) > 0.4);
        Assert.True(Signals.ToneAmplitude(middle, 16000, 833) < 0.05); // resampling would have put it here
    }

    [Fact]
    public void Stretch_Burst_OnsetMovesByTheFactor()
    {
        var x = new float[16000];
        Signals.Sine(1600, 16000, 2000, 0.5).CopyTo(x, 8000); // burst at 0.5 s
        var y = WaveformTransforms.Stretch(x, 0.8);
        int onset = Array.FindIndex(y, v => Math.Abs(v) > 0.1);
        Assert.InRange(onset, 6400 - 300, 6400 + 300);
    }

    [Fact]
    public void RandomStretch_KeepsLengthAndFactorInRange()
    {
        var x = Signals.Sine(8000, 16000, 700, 0.5);
        var y = WaveformTransforms.RandomStretch(x, 0.1, new Random(3), out double factor);
        Assert.Equal(x.Length, y.Length);
        Assert.InRange(factor, 0.9, 1.1);
        Assert.NotEqual(1.0, factor);
    }

    [Fact]
    public void SpecAugment_MasksStripesWithTheMeanAndLeavesInputAlone()
    {
        using var scope = NewDisposeScope();
        var features = arange(2 * 1 * 20 * 50, dtype: ScalarType.Float32).reshape(2, 1, 20, 50);
        var masked = SpecAugment.Mask(features, new Random(4), timeMasks: 2, maxTimeWidth: 8, freqMasks: 1, maxFreqWidth: 5);
        Assert.Equal(features.shape, masked.shape);
        Assert.Equal(999f, features[0, 0, 19, 49].item<float>()); // untouched
        for (int b = 0; b < 2; b++)
        {
            float fill = features[b].mean().item<float>();
            var changed = masked[b].ne(features[b]);
            // every changed cell holds the fill value
            Assert.True(masked[b].masked_select(changed).eq(fill).all().item<bool>());
            Assert.True(changed.any().item<bool>());
            // changed cells form whole columns or whole rows
            var cols = changed[0].all(0);
            var rows = changed[0].all(1);
            var covered = cols.unsqueeze(0) | rows.unsqueeze(1);
            Assert.True(changed[0].eq(covered).all().item<bool>());
            Assert.True(cols.sum().item<long>() <= 16 && rows.sum().item<long>() <= 5);
        }

        var again = SpecAugment.Mask(features, new Random(4), 2, 8, 1, 5);
        Assert.True(again.equal(masked).all().item<bool>());
    }

    [Fact]
    public void Mixup_InputsAndLabelsMixedWithTheSameWeight()
    {
        using var scope = NewDisposeScope();
        var input = randn(6, 1, 4, 5, generator: manual_seed(1));
        var target = nn.functional.one_hot(tensor(new long[] { 0, 1, 2, 0, 1, 2 }), 3).to_type(ScalarType.Float32);
        var (x, y, lambda, partner) = Mixup.Apply(input, target, 0.4, new Random(8));
        Assert.InRange(lambda, 0, 1);
        for (int i = 0; i < 6; i++)
        {
            var expectedX = lambda * input[i] + (1 - lambda) * input[partner[i]];
            Assert.True(x[i].allclose(expectedX, rtol: 1e-5, atol: 1e-6));
            var expectedY = lambda * target[i] + (1 - lambda) * target[partner[i]];
            Assert.True(y[i].allclose(expectedY, rtol: 1e-5, atol: 1e-6));
        }

        Assert.True(y.sum(1).allclose(ones(6)));
        Assert.Equal(Enumerable.Range(0, 6), partner.Order());
    }

    [Fact]
    public void Beta_MeanAndSpreadMatchTheDistribution()
    {
        var r = new Random(11);
        var draws = Enumerable.Range(0, 20000).Select(_ => r.Beta(0.4, 0.4)).ToList();
        Assert.Equal(0.5, draws.Average(), 1);
        double variance = draws.Select(d => (d - 0.5) * (d - 0.5)).Average();
        Assert.Equal(0.25 / 1.8, variance, 2); // Beta(a, a): 1 / (4 (2a + 1))
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
    }
}
