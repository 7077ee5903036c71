namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>What a WAV header says: sample layout, rate, channels and length.</summary>
internal sealed record WavFileInfo(
    WavSampleFormat SampleFormat,
    int BitsPerSample,
    int Channels,
    int SampleRate,
    long Frames,
    bool Extensible)
{
    /// <summary>Length in seconds.</summary>
    public double Duration => (double)Frames / SampleRate;
}
