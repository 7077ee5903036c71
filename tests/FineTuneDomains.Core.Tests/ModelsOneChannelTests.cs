using FineTuneDomains.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Tests;

/// <summary>1-channel inputs on 3-channel pretrained stems: both modes compute what the 3-channel model computes on the grey image repeated 3×.</summary>
public class ModelsOneChannelTests
{
    [Theory]
    [InlineData("resnet18")]
    [InlineData("small_cnn")]
    public void Forward_SumAndRepeat_EqualThreeChannelModelOnReplicatedGreyImage(string name)
    {
        using var temp = ModelsTestData.Temp();
        using var three = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = name }));
        three.Module.eval();
        // Pretrained weights of the 3-channel model, as a file the 1-channel models load.
        var weights = Path.Combine(temp.FullName, "three.safetensors");
        TorchSharp.PyBridge.PyBridgeModuleExtensions.save_safetensors(three.Module, weights);

        using var sum = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = name, Pretrained = weights, InChannels = 1, OneChannel = OneChannelMode.Sum }));
        using var repeat = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = name, Pretrained = weights, InChannels = 1, OneChannel = OneChannelMode.Repeat }));
        sum.Module.eval();
        repeat.Module.eval();
        Assert.Equal(1, sum.Module.state_dict()[sum.Module.StemWeightKey!].shape[1]);
        Assert.Equal(3, repeat.Module.state_dict()[repeat.Module.StemWeightKey!].shape[1]);
        Assert.Contains(sum.LoadReport!.Notes, n => n.Contains("summed"));
        Assert.True(sum.LoadReport.IsComplete && repeat.LoadReport!.IsComplete);

        using var scope = NewDisposeScope();
        using var gen = new Generator(seed: 7);
        var grey = rand(new long[] { 2, 1, 64, 64 }, generator: gen);
        using var noGrad = no_grad();
        var expected = three.Module.call(grey.repeat(1, 3, 1, 1));
        var bySum = sum.Module.call(grey);
        var byRepeat = repeat.Module.call(grey);
        float scale = expected.abs().max().item<float>();
        Assert.True(scale > 0);
        Assert.True(byRepeat.equal(expected).all().item<bool>(), "repeat differs");
        // Summing weights reorders float additions only.
        float diff = bySum.sub(expected).abs().max().item<float>();
        Assert.True(diff <= 1e-5f * scale, $"sum differs by {diff} (scale {scale})");
    }

    [Fact]
    public void Create_OneChannelImagenet_NormalisationAveragedToOneChannel()
    {
        using var cache = ModelsTestData.Temp();
        using var three = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18", Pretrained = "imagenet", CacheDirectory = cache.FullName, ReturnLayer = "stem" }));
        using var one = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18", Pretrained = "imagenet", CacheDirectory = cache.FullName, ReturnLayer = "stem", InChannels = 1 }));
        Assert.Equal(1, one.Normalization.Channels);
        Assert.Equal(three.Normalization.Mean.Average(), one.Normalization.Mean[0], 6);
        using var scope = NewDisposeScope();
        var w3 = three.Module.state_dict()["conv1.weight"];
        var w1 = one.Module.state_dict()["conv1.weight"];
        Assert.True(w1.allclose(w3.sum(1, keepdim: true), rtol: 0, atol: 1e-6));
    }
}
