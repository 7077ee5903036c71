using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio;

[assembly: DomainPlugin(typeof(WildlifeAudioPlugin), PluginContract.Version)]
