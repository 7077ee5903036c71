using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>Size of a <see cref="Crnn"/>.</summary>
/// <param name="Height">Input line height; a multiple of 8 (the trunk halves it three times).</param>
/// <param name="Channels">Output channels of the three conv blocks.</param>
/// <param name="Hidden">LSTM hidden size per direction.</param>
/// <param name="Layers">Stacked BiLSTM layers.</param>
/// <param name="Dropout">Dropout between LSTM layers (used only with two or more).</param>
internal sealed record CrnnOptions(int Height = 32, int[]? Channels = null, int Hidden = 128, int Layers = 2, double Dropout = 0.1)
{
    /// <summary>The conv channels, defaulting to 32, 64, 128.</summary>
    public int[] ConvChannels => Channels ?? new[] { 32, 64, 128 };

    /// <summary>Throws a settings error for sizes the network cannot have.</summary>
    public void Validate()
    {
        if (Height <= 0 || Height % 8 != 0)
        {
            throw new UserErrorException($"CRNN input height {Height} must be a positive multiple of 8.");
        }

        if (ConvChannels.Length != 3 || ConvChannels.Any(c => c <= 0))
        {
            throw new UserErrorException("CRNN channels must be three positive numbers (one per conv block).");
        }

        if (Hidden <= 0 || Layers <= 0 || Dropout is < 0 or >= 1)
        {
            throw new UserErrorException($"CRNN hidden size ({Hidden}) and layers ({Layers}) must be positive and dropout in [0, 1).");
        }
    }
}
