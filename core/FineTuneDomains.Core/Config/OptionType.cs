namespace FineTuneDomains.Core.Config;

/// <summary>The value type of a setting in an experiment file.</summary>
public enum OptionType
{
    Bool,
    Int,
    Double,
    String,
    /// <summary>One of <see cref="OptionSpec.Choices"/>.</summary>
    Enum,
    /// <summary>A file or folder path, resolved against the experiment file's folder.</summary>
    Path,
    IntList,
    DoubleList,
    StringList,
}
