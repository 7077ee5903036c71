namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>What to do with the end of a recording that does not fill a whole window.</summary>
internal enum FinalWindow
{
    /// <summary>Drop it: only whole windows.</summary>
    Drop,

    /// <summary>Keep a window starting on the hop grid that runs past the end; the reader pads it with zeros.</summary>
    Pad,

    /// <summary>Add one more whole window ending exactly at the end of the recording (overlaps the previous one more).</summary>
    AlignToEnd,
}
