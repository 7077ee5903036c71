namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>How a recording becomes a model input waveform.</summary>
internal sealed record AudioReadOptions
{
    /// <summary>Output sample rate; null keeps the file's rate. Other rates go through <see cref="SincResampler"/>.</summary>
    public int? TargetSampleRate { get; init; }

    /// <summary>Zero-based channel to keep; null mixes all channels to mono by averaging.</summary>
    public int? Channel { get; init; }

    /// <summary>Start of the excerpt in seconds (0 = from the beginning).</summary>
    public double Offset { get; init; }

    /// <summary>Length of the excerpt in seconds; null reads to the end.</summary>
    public double? Duration { get; init; }
}
