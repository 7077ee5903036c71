namespace FineTuneDomains.Core.Plugins;

/// <summary>What a head needs to know about the backbone whose feature maps it receives.</summary>
/// <param name="Name">Backbone name, e.g. <c>resnet18</c>; <c>none</c> passes the input through.</param>
/// <param name="FeatureChannels">Channels of the feature map [N, C, h, w] the backbone outputs.</param>
/// <param name="TotalStride">Input pixels per feature-map cell along each axis.</param>
public sealed record BackboneInfo(string Name, int FeatureChannels, int TotalStride);
