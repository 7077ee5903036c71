namespace FineTuneDomains.Host.Plugins;

/// <summary>A plugin folder that could not be loaded, with the reason in words.</summary>
internal sealed record PluginLoadFailure(string Folder, string Reason)
{
    public override string ToString() => $"plugin {Folder} skipped: {Reason}";
}
