using FineTuneDomains.Core;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class WavAudioReaderTests
{
    [Theory]
    [InlineData("tone_pcm8_16k.wav", 8, 0, false, 0.01)]
    [InlineData("tone_pcm16_16k.wav", 16, 0, false, 1e-4)]
    [InlineData("tone_pcm24_16k.wav", 24, 0, false, 1e-6)]
    [InlineData("tone_pcm32_16k.wav", 32, 0, false, 1e-6)]
    [InlineData("tone_float32_16k.wav", 32, 1, false, 1e-6)]
    [InlineData("tone_float64_16k.wav", 64, 1, false, 1e-6)]
    [InlineData("tone_pcm24_extensible_16k.wav", 24, 0, true, 1e-6)]
    [InlineData("tone_float32_extensible_16k.wav", 32, 1, true, 1e-6)]
    public void Read_EverySampleLayout_MatchesTheSineSoxWrote(string file, int bits, int formatCode, bool extensible, double tolerance)
    {
        string path = TestData.Format(file);
        var info = WavAudioReader.Probe(path);
        Assert.Equal(bits, info.BitsPerSample);
        Assert.Equal((WavSampleFormat)formatCode, info.SampleFormat);
        Assert.Equal(extensible, info.Extensible);
        Assert.Equal(4000, info.Frames);

        var signal = WavAudioReader.Read(path);
        Assert.Equal(16000, signal.SampleRate);
        Assert.Equal(4000, signal.Samples.Length);
        Assert.Equal(0.5, Signals.ToneAmplitude(signal.Samples, 16000, 1000), 2);
        // Every layout must give the samples of the 64-bit float file, up to its own quantisation step.
        var expected = WavAudioReader.Read(TestData.Format("tone_float64_16k.wav")).Samples;
        double maxError = expected.Zip(signal.Samples, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxError < tolerance + 1.0 / Math.Pow(2, bits - 1), $"max error {maxError}");
    }

    [Fact]
    public void Read_Float64_GivesTheValuesNumpyDecodes()
    {
        // First samples of formats/tone_float64_16k.wav as decoded by numpy.frombuffer(..., "<f8").
        // SoX's sine starts slightly after phase 0, hence 0.0191 rather than 0.
        var x = WavAudioReader.Read(TestData.Format("tone_float64_16k.wav")).Samples;
        Assert.Equal(0.0191451, x[0], 6);
        Assert.Equal(0.188, x[1], 6);
        Assert.Equal(0.35536562, x[2], 6);
    }

    [Fact]
    public void Read_ThreeChannelsMixed_AveragesChannels()
    {
        var mixed = WavAudioReader.Read(TestData.Format("three_channels_16k.wav"));
        var info = WavAudioReader.Probe(TestData.Format("three_channels_16k.wav"));
        Assert.Equal(3, info.Channels);
        Assert.True(info.Extensible);
        Assert.Equal(0.5 / 3, Signals.ToneAmplitude(mixed.Samples, 16000, 1000), 3);
        Assert.Equal(0.3 / 3, Signals.ToneAmplitude(mixed.Samples, 16000, 2000), 3);
    }

    [Theory]
    [InlineData(0, 0.5, 0.0)]
    [InlineData(1, 0.0, 0.0)]
    [InlineData(2, 0.0, 0.3)]
    public void Read_ChosenChannel_KeepsOnlyThatChannel(int channel, double amp1k, double amp2k)
    {
        var x = WavAudioReader.Read(TestData.Format("three_channels_16k.wav"), new AudioReadOptions { Channel = channel });
        Assert.Equal(amp1k, Signals.ToneAmplitude(x.Samples, 16000, 1000), 3);
        Assert.Equal(amp2k, Signals.ToneAmplitude(x.Samples, 16000, 2000), 3);
    }

    [Fact]
    public void Read_StereoOppositePhases_MixesToSilence()
    {
        var x = WavAudioReader.Read(TestData.Format("stereo_opposite_16k.wav"));
        Assert.True(Signals.Rms(x.Samples) < 1e-4);
        var left = WavAudioReader.Read(TestData.Format("stereo_opposite_16k.wav"), new AudioReadOptions { Channel = 0 });
        Assert.Equal(0.5, Signals.ToneAmplitude(left.Samples, 16000, 1000), 2);
    }

    [Fact]
    public void Read_ChannelOutOfRange_ThrowsUserError()
    {
        var e = Assert.Throws<UserErrorException>(() => WavAudioReader.Read(TestData.Format("tone_pcm16_16k.wav"), new AudioReadOptions { Channel = 1 }));
        Assert.Contains("1 channel", e.Message);
    }

    [Theory]
    [InlineData("tone_pcm16_44k1.wav")]
    [InlineData("tone_pcm16_8k.wav")]
    public void Read_OtherRate_ResamplesTo16kKeepingToneAmplitude(string file)
    {
        var x = WavAudioReader.Read(TestData.Format(file), new AudioReadOptions { TargetSampleRate = 16000 });
        Assert.Equal(16000, x.SampleRate);
        Assert.Equal(4000, x.Samples.Length);
        // Skip the edges, where the kernel meets the file's start and end.
        var middle = x.Samples.AsSpan(400, 3200);
        Assert.Equal(0.5, Signals.ToneAmplitude(middle, 16000, 1000), 2);
    }

    [Fact]
    public void Read_ToneAboveNewNyquist_IsRemovedNotAliased()
    {
        var x = WavAudioReader.Read(TestData.Format("two_tones_44k1.wav"), new AudioReadOptions { TargetSampleRate = 16000 });
        var middle = x.Samples.AsSpan(400, 3200);
        // The file holds 1 kHz and 10 kHz at 0.125 each (SoX's mix halves both).
        Assert.Equal(0.125, Signals.ToneAmplitude(middle, 16000, 1000), 3);
        // 10 kHz would alias to 6 kHz at 16 kHz: it must be gone (below -60 dB of the kept tone).
        Assert.True(Signals.ToneAmplitude(middle, 16000, 6000) < 0.125e-3);
    }

    [Fact]
    public void Read_Excerpt_MatchesTheSameSpanOfTheWholeFile()
    {
        string path = TestData.Format("tone_pcm16_44k1.wav");
        var whole = WavAudioReader.Read(path, new AudioReadOptions { TargetSampleRate = 16000 });
        var part = WavAudioReader.Read(path, new AudioReadOptions { TargetSampleRate = 16000, Offset = 0.1, Duration = 0.05 });
        Assert.Equal(800, part.Samples.Length);
        for (int i = 0; i < part.Samples.Length; i++)
        {
            Assert.Equal(whole.Samples[1600 + i], part.Samples[i], 5);
        }
    }

    [Fact]
    public void Read_ExcerptPastTheEnd_PadsWithZeros()
    {
        var x = WavAudioReader.Read(TestData.Format("tone_pcm16_16k.wav"), new AudioReadOptions { Offset = 0.2, Duration = 0.1 });
        Assert.Equal(1600, x.Samples.Length);
        Assert.True(Signals.Rms(x.Samples.AsSpan(0, 800)) > 0.3);
        Assert.All(x.Samples.Skip(800), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("tone.flac", "sox \"tone.flac\" -b 16 \"tone.wav\"")]
    [InlineData("tone.ogg", "ffmpeg -i \"tone.ogg\" \"tone.wav\"")]
    [InlineData("tone.mp3", "ffmpeg -i \"tone.mp3\" \"tone.wav\"")]
    public void Read_OtherContainer_NamesFileAndConversionCommand(string file, string command)
    {
        string path = TestData.Broken(file);
        var e = Assert.Throws<DataFormatException>(() => WavAudioReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(command, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Theory]
    [InlineData("truncated.wav", "truncated")]
    [InlineData("header_cut.wav", "")]
    [InlineData("text.wav", "not a WAV file")]
    [InlineData("bad_fmt.wav", "")]
    [InlineData("tone_mulaw.wav", "sox")]
    [InlineData("missing.wav", "not found")]
    public void Read_BrokenFile_ThrowsDataFormatExceptionNamingTheFile(string file, string problem)
    {
        string path = TestData.Broken(file);
        var e = Assert.Throws<DataFormatException>(() => WavAudioReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Read_EveryPrefixOfAValidFile_NeverCrashes()
    {
        byte[] bytes = File.ReadAllBytes(TestData.Format("tone_pcm24_extensible_16k.wav"));
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "cut.wav");
        for (int n = 0; n < 120; n += 3)
        {
            File.WriteAllBytes(path, bytes[..n]);
            Assert.Throws<DataFormatException>(() => WavAudioReader.Read(path));
        }

        Directory.Delete(dir, true);
    }
}
