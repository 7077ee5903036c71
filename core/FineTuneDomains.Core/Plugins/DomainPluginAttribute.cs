namespace FineTuneDomains.Core.Plugins;

/// <summary>
/// Marks an assembly as a FineTuneDomains plugin and names its <see cref="IDomainPlugin"/> type.
/// Write <c>[assembly: DomainPlugin(typeof(MyPlugin), PluginContract.Version)]</c>: the constant is compiled
/// into the plugin, so the host can tell which contract the plugin was built against.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class DomainPluginAttribute : Attribute
{
    public DomainPluginAttribute(Type pluginType, string contractVersion)
    {
        PluginType = pluginType;
        ContractVersion = contractVersion;
    }

    /// <summary>The class implementing <see cref="IDomainPlugin"/>; it needs a public parameterless constructor.</summary>
    public Type PluginType { get; }

    /// <summary>The <see cref="PluginContract.Version"/> the plugin was compiled against.</summary>
    public string ContractVersion { get; }
}
