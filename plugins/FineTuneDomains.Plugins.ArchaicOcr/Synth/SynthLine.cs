namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>One written synthetic line.</summary>
/// <param name="ImageFile">PNG file name, relative to the output folder.</param>
/// <param name="Text">Its transcription (NFC), also in the .gt.txt beside it.</param>
/// <param name="Font">Font file name used.</param>
/// <param name="Degradation">The degradations applied.</param>
internal sealed record SynthLine(string ImageFile, string Text, string Font, Degradation Degradation);
