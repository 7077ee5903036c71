namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>A mono waveform in [-1, 1] at a known sample rate.</summary>
internal sealed record AudioSignal(float[] Samples, int SampleRate)
{
    /// <summary>Length in seconds.</summary>
    public double Duration => (double)Samples.Length / SampleRate;
}
