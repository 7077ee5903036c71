namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>One generated call: unit-peak samples and the frequency box it occupies.</summary>
internal sealed record SynthCall(float[] Samples, double LowFrequency, double HighFrequency);
