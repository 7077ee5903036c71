using FineTuneDomains.Core.Models;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Tests;

/// <summary>The ImageNet ResNet-18 imported from the ONNX package, checked against ONNX Runtime on the same graph.</summary>
public class ModelsImageNetTests
{
    private static readonly string Models = ImageNetResNet18Source.FindModels(null);

    [Fact]
    public void Create_Imagenet_TrunkEqualsOnnxRuntimeOnRandomInput()
    {
        using var cache = ModelsTestData.Temp();
        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18", Pretrained = "imagenet", CacheDirectory = cache.FullName }));
        var model = created.Module;
        model.eval();
        Assert.Equal("resnet18-2223", model.Architecture);
        Assert.True(created.LoadReport!.IsComplete, created.LoadReport.ToString());

        using var scope = NewDisposeScope();
        using var gen = new Generator(seed: 20261126);
        // A preprocessed-scale input (255·x minus means): about ±128, in our RGB channel order.
        var rgb = rand(new long[] { 1, 3, 224, 224 }, generator: gen).mul_(255).sub_(128);
        Tensor ours;
        using (no_grad()) ours = model.call(rgb);
        Assert.Equal(new long[] { 1, 512, 7, 7 }, ours.shape);
        var oursPooled = ours.mean([2, 3]).flatten();

        // The ONNX trunk takes BGR (its preprocessing reorders RGB to BGR) and ends in a 7×7 average pool.
        var bgr = rgb.flip(1).contiguous();
        using var session = new InferenceSession(Path.Combine(Models, "ResNet18Onnx", "ResNet18.onnx"));
        var input = new DenseTensor(bgr.data<float>().ToArray(), [1, 3, 224, 224]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)]);
        var reference = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(512, reference.Length);

        var expected = tensor(reference);
        float scale = expected.abs().max().item<float>();
        float diff = oursPooled.sub(expected).abs().max().item<float>();
        Assert.True(scale > 0.1f, $"degenerate reference output (max abs {scale})");
        Assert.True(diff <= 1e-3f * scale, $"max abs difference {diff} > 1e-3 × {scale}");
    }

    [Fact]
    public void Create_ImagenetTwiceAndCorruptCache_ReadsCacheThenReimports()
    {
        using var cache = ModelsTestData.Temp();
        var spec = new BackboneSpec { Name = "resnet18", Pretrained = "imagenet", CacheDirectory = cache.FullName, ReturnLayer = "layer1" };
        var cachePath = ImageNetResNet18Source.CachePath(cache.FullName);

        using var first = ModelsBackboneTests.Dispose(BackboneFactory.Create(spec));
        Assert.True(File.Exists(cachePath));
        var written = File.GetLastWriteTimeUtc(cachePath);
        using var second = ModelsBackboneTests.Dispose(BackboneFactory.Create(spec));
        Assert.Equal(written, File.GetLastWriteTimeUtc(cachePath));
        AssertSameWeights(first.Module, second.Module);
        Assert.Contains("layer4.2.conv1.weight", first.LoadReport!.Ignored);   // truncated at layer1: later layers ignored, not unexpected

        // Flip bytes inside the tensor data: the header still parses, only the checksum can tell.
        using (var stream = File.OpenWrite(cachePath))
        {
            stream.Position = stream.Length / 2;
            stream.Write(new byte[64].Select((_, i) => (byte)(i * 37 + 1)).ToArray());
        }
        using var third = ModelsBackboneTests.Dispose(BackboneFactory.Create(spec));
        AssertSameWeights(first.Module, third.Module);
        Assert.NotNull(ImageNetResNet18Source.TryReadCache(cachePath));

        File.WriteAllText(cachePath, "not safetensors");
        using var fourth = ModelsBackboneTests.Dispose(BackboneFactory.Create(spec));
        AssertSameWeights(first.Module, fourth.Module);
    }

    [Fact]
    public void Create_Imagenet_NormalisationIsPerChannelMeanOfMeanImageInRgb()
    {
        using var cache = ModelsTestData.Temp();
        var (mean, order) = OnnxResNetImporter.ReadPreprocessing(Path.Combine(Models, "ResNetPrepOnnx", "ResNetPreprocess.onnx"));
        Assert.Equal(new[] { 2, 1, 0 }, order);   // the trunk sees B, G, R
        // Caffe/CNTK ImageNet means are about (R, G, B) = (123, 117, 104) on 0–255: red largest, blue smallest.
        Assert.True(mean[0] > mean[1] && mean[1] > mean[2], string.Join(", ", mean));
        Assert.InRange(mean[0], 100f, 140f);

        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18", Pretrained = "imagenet", CacheDirectory = cache.FullName, ReturnLayer = "stem" }));
        var n = created.Normalization;
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(mean[c] / 255f, n.Mean[c], 6);
            Assert.Equal(1f / 255f, n.Std[c], 6);
        }
        using var scope = NewDisposeScope();
        var normalised = n.Apply(full(new long[] { 1, 3, 2, 2 }, 0.5f));
        Assert.Equal(127.5f - mean[2], normalised[0, 2, 1, 1].item<float>(), 3);
    }

    [Fact]
    public void Create_ImagenetForResnet34_UserError()
    {
        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec { Name = "resnet34", Pretrained = "imagenet" }));
        Assert.Contains("resnet18 only", e.Message);
    }

    [Fact]
    public void Create_ImagenetPackagePathWithoutModels_UserErrorNamingPath()
    {
        using var cache = ModelsTestData.Temp();
        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec
        {
            Name = "resnet18", Pretrained = "imagenet", CacheDirectory = cache.FullName, ImageNetPackagePath = cache.FullName,
        }));
        Assert.Contains(cache.FullName, e.Message);
    }

    [Fact]
    public void Import_TruncatedOnnxFile_DataFormatExceptionNamingFileAndOffset()
    {
        using var temp = ModelsTestData.Temp();
        Directory.CreateDirectory(Path.Combine(temp.FullName, "ResNet18Onnx"));
        Directory.CreateDirectory(Path.Combine(temp.FullName, "ResNetPrepOnnx"));
        var trunk = Path.Combine(temp.FullName, "ResNet18Onnx", "ResNet18.onnx");
        using (var source = File.OpenRead(Path.Combine(Models, "ResNet18Onnx", "ResNet18.onnx")))
        using (var target = File.Create(trunk))
        {
            var head = new byte[200_000];
            source.ReadExactly(head);
            target.Write(head);
        }
        File.Copy(Path.Combine(Models, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), Path.Combine(temp.FullName, "ResNetPrepOnnx", "ResNetPreprocess.onnx"));

        var e = Assert.Throws<DataFormatException>(() => BackboneFactory.Create(new BackboneSpec
        {
            Name = "resnet18", Pretrained = "imagenet", CacheDirectory = temp.FullName, ImageNetPackagePath = temp.FullName,
        }));
        Assert.Equal(trunk, e.FilePath);
        Assert.NotNull(e.Offset);
    }

    private static void AssertSameWeights(Backbone a, Backbone b)
    {
        var sa = a.state_dict();
        var sb = b.state_dict();
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var (key, value) in sa)
            Assert.True(value.equal(sb[key]).all().item<bool>(), key);
    }
}
