using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Host.Plugins;

/// <summary>A plugin that loaded: its instance, description and where it came from.</summary>
internal sealed record LoadedPlugin(IDomainPlugin Plugin, PluginDescription Description, string ContractVersion, string Folder);
