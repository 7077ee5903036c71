namespace FineTuneDomains.Core.Plugins;

/// <summary>The version of the plugin contract. The host refuses plugins built for another major version.</summary>
public static class PluginContract
{
    /// <summary>Major.minor. A plugin bakes this constant into its <see cref="DomainPluginAttribute"/>.</summary>
    public const string Version = "1.1";

    /// <summary>The major part of <see cref="Version"/>.</summary>
    public const int Major = 1;
}
