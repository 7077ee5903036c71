using FineTuneDomains.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Tests;

public class ModelsBackboneTests
{
    public static TheoryData<string, string, int, int> Outputs => new()
    {
        { "resnet18", "layer4", 512, 32 },
        { "resnet18", "layer3", 256, 16 },
        { "resnet18", "stem", 64, 4 },
        { "resnet34", "layer2", 128, 8 },
        { "resnet50", "layer4", 2048, 32 },
        { "resnet50", "layer1", 256, 4 },
        { "small_cnn", "layer4", 64, 16 },
        { "small_cnn", "layer1", 16, 2 },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Forward_ReturnLayer_FeatureMapOfDeclaredChannelsAndStride(string name, string returnLayer, int channels, int stride)
    {
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = name, ReturnLayer = returnLayer }));
        var model = created.Module;
        model.eval();
        using var scope = NewDisposeScope();
        var y = model.call(rand(2, 3, 64, 96));
        Assert.Equal(channels, model.FeatureChannels);
        Assert.Equal(stride, model.TotalStride);
        Assert.Equal(new long[] { 2, channels, 64 / stride, 96 / stride }, y.shape);
        Assert.Equal(returnLayer, model.Groups[^1].Name);
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    public void StateDict_ResNet_SameKeysAndShapesAsTorchvisionWithoutFc(string name)
    {
        var expected = File.ReadLines(ModelsTestData.TorchvisionKeys)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Where(f => f[0] == name && !f[1].StartsWith("fc.", StringComparison.Ordinal))
            .ToDictionary(f => f[1], f => f[2]);
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = name }));
        var actual = created.Module.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("resnet18", "layer4")]
    [InlineData("resnet50", "layer2")]
    [InlineData("small_cnn", "layer3")]
    public void Groups_AnyBackbone_CoverEveryTensorExactlyOnceInOrder(string name, string returnLayer)
    {
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = name, ReturnLayer = returnLayer }));
        var groups = created.Groups;
        string[] order = ["stem", "layer1", "layer2", "layer3", "layer4"];
        Assert.Equal(order.TakeWhile(g => g != returnLayer).Append(returnLayer), groups.Select(g => g.Name));
        foreach (var key in created.Module.state_dict().Keys)
        {
            var owners = groups.Where(g => g.Prefixes.Any(p => key.StartsWith(p + ".", StringComparison.Ordinal))).ToList();
            Assert.True(owners.Count == 1, $"{key} belongs to {owners.Count} groups");
        }
        foreach (var group in groups)
            Assert.Contains(created.Module.named_parameters(), p => group.Prefixes.Any(pre => p.name.StartsWith(pre + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void Forward_ReturnLayerStem_BuildsNoLaterLayers()
    {
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18", ReturnLayer = "stem" }));
        Assert.All(created.Module.state_dict().Keys, k => Assert.True(k.StartsWith("conv1.", StringComparison.Ordinal) || k.StartsWith("bn1.", StringComparison.Ordinal), k));
    }

    [Fact]
    public void Backward_SmallCnn_EveryParameterGetsAGradient()
    {
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn" }));
        using var scope = NewDisposeScope();
        created.Module.call(rand(2, 3, 32, 32)).square().mean().backward();
        Assert.All(created.Module.named_parameters(), p => Assert.True(p.parameter.grad is not null && p.parameter.grad.abs().sum().item<float>() > 0, p.name));
    }

    [Fact]
    public void Forward_WrongChannelCount_UserErrorNamingChannels()
    {
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", InChannels = 1 }));
        using var scope = NewDisposeScope();
        var e = Assert.Throws<UserErrorException>(() => created.Module.call(rand(1, 3, 32, 32)));
        Assert.Contains("1-channel", e.Message);
    }

    [Fact]
    public void Create_ModuleBuiltInsideCallersDisposeScope_OutlivesTheScope()
    {
        CreatedBackbone created;
        using (NewDisposeScope())
            created = BackboneFactory.Create(new BackboneSpec { Name = "small_cnn" });
        using var _ = Dispose(created);
        using var scope = NewDisposeScope();
        Assert.Equal(4, created.Module.call(rand(1, 3, 32, 32)).dim());
    }

    [Fact]
    public void Create_NoneBackbone_PassesInputThrough()
    {
        using var created = Dispose(BackboneFactory.Create(new BackboneSpec { Name = "none", InChannels = 1 }));
        using var scope = NewDisposeScope();
        var x = rand(2, 1, 8, 8);
        Assert.True(created.Module.call(x).allclose(x, 0, 0));
        Assert.Empty(created.Groups);
        Assert.Equal(new Plugins.BackboneInfo("none", 1, 1), created.Info);
    }

    internal static DisposableBackbone Dispose(CreatedBackbone created) => new(created);

    internal sealed class DisposableBackbone(CreatedBackbone created) : IDisposable
    {
        public Backbone Module => created.Module;
        public IReadOnlyList<Plugins.LayerGroup> Groups => created.Groups;
        public Plugins.BackboneInfo Info => created.Info;
        public InputNormalization Normalization => created.Normalization;
        public WeightLoadReport? LoadReport => created.LoadReport;
        public void Dispose() => created.Module.Dispose();
    }
}
