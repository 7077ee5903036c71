using FineTuneDomains.Plugins.WildlifeAudio.Audio;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class SincResamplerTests
{
    [Theory]
    [InlineData(48000, 16000, 3000.0)]
    [InlineData(22050, 16000, 5000.0)]
    [InlineData(16000, 44100, 6000.0)]
    [InlineData(32000, 32000, 1000.0)]
    public void Process_ToneBelowBothNyquists_KeepsAmplitudeAndFrequency(int inRate, int outRate, double frequency)
    {
        var x = Signals.Sine(inRate / 2, inRate, frequency, 0.7); // 0.5 s
        var y = new SincResampler(inRate, outRate).Process(x);
        Assert.Equal(outRate / 2, y.Length);
        var middle = y.AsSpan(y.Length / 8, y.Length * 3 / 4);
        Assert.Equal(0.7, Signals.ToneAmplitude(middle, outRate, frequency), 2);
    }

    [Theory]
    [InlineData(48000, 16000, 9000.0, 7000.0)]   // would alias to 16000 - 9000
    [InlineData(44100, 16000, 12000.0, 4000.0)]
    [InlineData(22050, 8000, 5000.0, 3000.0)]
    public void Process_ToneAboveTheNewNyquist_AttenuatedBy60dB(int inRate, int outRate, double frequency, double alias)
    {
        var x = Signals.Sine(inRate / 2, inRate, frequency, 0.7);
        var y = new SincResampler(inRate, outRate).Process(x);
        var middle = y.AsSpan(y.Length / 8, y.Length * 3 / 4);
        Assert.True(Signals.ToneAmplitude(middle, outRate, alias) < 0.7e-3);
        Assert.True(Signals.Rms(middle) < 0.7e-3);
    }

    [Fact]
    public void Process_Excerpt_SameSamplesAsTheWholeSignal()
    {
        var x = Signals.Sine(22050, 22050, 440, 0.5);
        var r = new SincResampler(22050, 16000);
        var whole = r.Process(x);
        // Output samples 5000..5999 from an input excerpt starting at 6000 with a margin of 400 samples.
        int inStart = (int)(5000 * 22050L / 16000) - 400;
        var part = r.Process(x.AsSpan(inStart, 2200), inStart, 5000, 1000);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(whole[5000 + i], part[i], 5);
        }
    }
}
