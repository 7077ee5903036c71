namespace FineTuneDomains.Core.Models;

/// <summary>How a 1-channel input (spectrogram, CT slice, text line) meets a stem pretrained on 3-channel images.</summary>
public enum OneChannelMode
{
    /// <summary>
    /// Replace the first convolution by a 1-channel one whose weight is the pretrained weight summed over its input
    /// channels: on a grey image this computes exactly what the 3-channel stem computes on that image repeated 3
    /// times, at a third of the cost.
    /// </summary>
    Sum,

    /// <summary>Keep the 3-channel stem and repeat the input 3 times along the channel axis.</summary>
    Repeat,
}
