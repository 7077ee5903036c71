using FineTuneDomains.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Tests;

/// <summary>PyTorch state dicts written by PyTorch 1.13 (tests/data/models/make_fixtures.py).</summary>
public class ModelsStateDictTests
{
    [Theory]
    [InlineData("small_cnn.pt")]
    [InlineData("small_cnn.safetensors")]
    public void Create_PyTorchFile_OutputEqualsPyTorchOutput(string file)
    {
        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = ModelsTestData.Path(file) }));
        var report = created.LoadReport!;
        Assert.True(report.IsComplete, report.ToString());
        Assert.Equal(created.Module.state_dict().Count, report.Loaded.Count);
        Assert.Equal(InputNormalization.ImageNet, created.Normalization);

        using var scope = NewDisposeScope();
        var io = StateDictFiles.Read(ModelsTestData.SmallCnnInputOutput);
        created.Module.eval();
        using var noGrad = no_grad();
        var y = created.Module.call(io["input"]);
        var expected = io["output"];
        Assert.Equal(expected.shape, y.shape);
        float scale = expected.abs().max().item<float>();
        Assert.True(scale > 0.1f);
        Assert.True(y.sub(expected).abs().max().item<float>() <= 1e-5f * scale);
    }

    [Fact]
    public void Create_MismatchedFileStrict_UserErrorListingEveryProblem()
    {
        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = ModelsTestData.SmallCnnMismatched }));
        Assert.Contains(ModelsTestData.SmallCnnMismatched, e.Message);
        Assert.Contains("layer3.1.bias", e.Message);       // missing
        Assert.Contains("extra.weight", e.Message);        // unexpected
        Assert.Contains("layer4.0.weight: model [64, 32, 3, 3], file [64, 16, 3, 3]", e.Message);
    }

    [Fact]
    public void Create_MismatchedFileNotStrict_LoadsTheRestAndReportsProblems()
    {
        using var fresh = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn" }));
        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = ModelsTestData.SmallCnnMismatched, Strict = false }));
        var report = created.LoadReport!;
        Assert.False(report.IsComplete);
        Assert.Equal(["layer3.1.bias"], report.Missing);
        Assert.Equal(["extra.weight"], report.Unexpected);
        Assert.Equal("layer4.0.weight", Assert.Single(report.ShapeMismatches).Key);

        using var scope = NewDisposeScope();
        var file = StateDictFiles.Read(ModelsTestData.SmallCnnMismatched);
        var state = created.Module.state_dict();
        foreach (var key in report.Loaded)
            Assert.True(state[key].equal(file[key]).all().item<bool>(), key);
        Assert.Contains("layer3.0.weight", report.Loaded);
        // Missing: keeps the fresh initialisation (batch-norm bias 0).
        Assert.Equal(0f, state["layer3.1.bias"].abs().max().item<float>());
        Assert.Equal(fresh.Module.state_dict()["layer4.0.weight"].shape, state["layer4.0.weight"].shape);
    }

    [Fact]
    public void Create_ResNetFileWithClassifierAndReturnLayer_IgnoresFcAndLaterLayers()
    {
        using var temp = ModelsTestData.Temp();
        using var full = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18" }));
        var path = Path.Combine(temp.FullName, "resnet18_with_fc.safetensors");
        using (var scope = NewDisposeScope())
        {
            var state = new Dictionary<string, Tensor>(full.Module.state_dict())
            {
                ["fc.weight"] = zeros(1000, 512),
                ["fc.bias"] = zeros(1000),
            };
            TorchSharp.PyBridge.Safetensors.SaveStateDict(path, state);
        }
        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "resnet18", Pretrained = path, ReturnLayer = "layer2" }));
        var report = created.LoadReport!;
        Assert.True(report.IsComplete, report.ToString());
        Assert.Contains("fc.weight", report.Ignored);
        Assert.Contains("layer4.1.bn2.running_var", report.Ignored);
        Assert.DoesNotContain(report.Ignored, k => k.StartsWith("layer2.", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_WrappedDataParallelCheckpoint_UnwrapsStateDictAndStripsModulePrefix()
    {
        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec
        {
            Name = "small_cnn", Pretrained = ModelsTestData.Path("wrapped_checkpoint.pt"), Strict = false,
        }));
        var report = created.LoadReport!;
        Assert.Equal(["stem.0.weight", "stem.1.bias", "stem.1.num_batches_tracked", "stem.1.running_mean", "stem.1.running_var", "stem.1.weight"], report.Loaded);
        Assert.Empty(report.Unexpected);
        Assert.Contains("layer1.0.weight", report.Missing);

        using var scope = NewDisposeScope();
        var reference = StateDictFiles.Read(ModelsTestData.SmallCnnPt);
        Assert.True(created.Module.state_dict()["stem.0.weight"].equal(reference["stem.0.weight"]).all().item<bool>());
    }

    [Fact]
    public void Create_SourcePrefix_LoadsBackboneKeysOfWholeModelAndIgnoresTheRest()
    {
        using var temp = ModelsTestData.Temp();
        var path = Path.Combine(temp.FullName, "whole_model.safetensors");
        using (var scope = NewDisposeScope())
        {
            var state = StateDictFiles.Read(ModelsTestData.SmallCnnPt).ToDictionary(kv => "backbone." + kv.Key, kv => kv.Value);
            state["head.weight"] = ones(10, 64);
            TorchSharp.PyBridge.Safetensors.SaveStateDict(path, state);
        }
        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path, SourcePrefix = "backbone." }));
        Assert.True(created.LoadReport!.IsComplete, created.LoadReport.ToString());
        Assert.Equal(["head.weight"], created.LoadReport.Ignored);

        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path, SourcePrefix = "encoder." }));
        Assert.Contains("backbone", e.Message);
    }

    [Fact]
    public void Create_OwnCheckpoint_LoadsBackboneKeysAndIgnoresHead()
    {
        using var temp = ModelsTestData.Temp();
        var path = Path.Combine(temp.FullName, "best.ckpt");
        using (var trained = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = ModelsTestData.SmallCnnPt })))
        using (var whole = new Training.FineTuneModel(trained.Module, nn.Conv2d(64, 10, 1), null))
            Training.Checkpoint.Save(path, new Training.CheckpointState(), whole, null);

        using var created = ModelsBackboneTests.Dispose(BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path }));
        Assert.True(created.LoadReport!.IsComplete, created.LoadReport.ToString());
        Assert.Equal(["head.bias", "head.weight"], created.LoadReport.Ignored.Order());
        using var scope = NewDisposeScope();
        var reference = StateDictFiles.Read(ModelsTestData.SmallCnnPt);
        foreach (var (key, value) in created.Module.state_dict())
            Assert.True(value.equal(reference[key]).all().item<bool>(), key);

        File.AppendAllText(path, "tampered");
        var e = Assert.Throws<DataFormatException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path }));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Create_MissingFile_UserErrorNamingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "ftd-no-such-weights.pt");
        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path }));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Theory]
    [InlineData("weights.pt", "this is a text file, not weights")]
    [InlineData("weights.safetensors", "")]
    public void Create_FileOfAnotherFormat_DataFormatExceptionNamingFile(string name, string content)
    {
        using var temp = ModelsTestData.Temp();
        var path = Path.Combine(temp.FullName, name);
        File.WriteAllText(path, content);
        var e = Assert.Throws<DataFormatException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path }));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("safetensors", e.Message);
    }

    [Fact]
    public void Create_TruncatedPyTorchZip_DataFormatExceptionNamingFile()
    {
        using var temp = ModelsTestData.Temp();
        var path = Path.Combine(temp.FullName, "truncated.pt");
        var bytes = File.ReadAllBytes(ModelsTestData.SmallCnnPt);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path }));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Create_TruncatedSafetensors_DataFormatExceptionNamingFile()
    {
        using var temp = ModelsTestData.Temp();
        var path = Path.Combine(temp.FullName, "truncated.safetensors");
        var bytes = File.ReadAllBytes(ModelsTestData.SmallCnnSafetensors);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 1000)]);
        var e = Assert.Throws<DataFormatException>(() => BackboneFactory.Create(new BackboneSpec { Name = "small_cnn", Pretrained = path }));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Create_UnknownBackbone_UserErrorListingNames()
    {
        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec { Name = "vgg16" }));
        Assert.Contains("vgg16", e.Message);
        Assert.Contains("resnet18", e.Message);
    }

    [Fact]
    public void Create_UnknownReturnLayer_UserError()
    {
        var e = Assert.Throws<UserErrorException>(() => BackboneFactory.Create(new BackboneSpec { Name = "resnet18", ReturnLayer = "layer5" }));
        Assert.Contains("layer5", e.Message);
    }
}
