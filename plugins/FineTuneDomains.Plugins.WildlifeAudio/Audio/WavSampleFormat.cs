namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>How samples are stored in a WAV data chunk, after WAVE_FORMAT_EXTENSIBLE is resolved.</summary>
internal enum WavSampleFormat
{
    /// <summary>Integer PCM: unsigned 8-bit, signed 16/24/32-bit little-endian.</summary>
    Pcm,

    /// <summary>IEEE float, 32 or 64 bit.</summary>
    IeeeFloat,
}
