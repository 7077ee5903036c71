using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr.Plugin;
using TorchSharp;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class AugmentationTests
{
    private static readonly ArchaicOcrPlugin Plugin = new();

    private static Augmentation Create(string name, params (string Key, object? Value)[] settings)
    {
        var description = OcrOptions.Augmentations.Single(a => a.Name == name);
        return Plugin.CreateAugmentation(new AugmentationSpec(name, Settings.FromDefaults(description.Options, settings.ToDictionary(s => s.Key, s => s.Value))));
    }

    private static Example Line()
    {
        var input = torch.zeros(1, 16, 40);
        input[0, 6..10, 5..35] = torch.tensor(1f);
        return new Example(0, input, torch.tensor(new long[] { 97 }));
    }

    [Fact]
    public void Stretch_Factor_ChangesWidthKeepsHeightAndRange()
    {
        using var scope = torch.NewDisposeScope();
        var stretch = Create("stretch", ("min", 1.5), ("max", 1.5));
        using var example = stretch.ApplyExample(Line(), new Random(1));
        Assert.Equal(new long[] { 1, 16, 60 }, example.Input.shape);
        Assert.InRange(example.Input.max().ToSingle(), 0.99f, 1f);
        Assert.Equal(0f, example.Input.min().ToSingle());
    }

    [Fact]
    public void Degrade_SameSeed_SameResult_AndInkStaysInRange()
    {
        using var scope = torch.NewDisposeScope();
        var degrade = Create("degrade", ("ink_prob", 1.0), ("noise", 0.1));
        using var a = degrade.ApplyExample(Line(), new Random(3));
        using var b = degrade.ApplyExample(Line(), new Random(3));
        using var c = degrade.ApplyExample(Line(), new Random(4));

        Assert.True(a.Input.equal(b.Input).all().ToBoolean());
        Assert.False(a.Input.equal(c.Input).all().ToBoolean());
        Assert.InRange(a.Input.min().ToSingle(), 0f, 0f);
        Assert.InRange(a.Input.max().ToSingle(), 0.5f, 1f);
    }

    [Fact]
    public void Degrade_InkChange_ThickensOrThinsStrokes()
    {
        using var scope = torch.NewDisposeScope();
        var degrade = Create("degrade", ("ink_prob", 1.0), ("noise", 0.0), ("contrast", 0.0));
        var sums = Enumerable.Range(0, 8).Select(seed =>
        {
            using var e = degrade.ApplyExample(Line(), new Random(seed));
            return e.Input.sum().ToSingle();
        }).ToList();

        // The bar is 4 x 30 = 120 ink pixels: dilated 6 x 32 = 192, eroded 2 x 28 = 56.
        Assert.All(sums, s => Assert.True(s is 192f or 56f, $"ink {s}"));
        Assert.Contains(192f, sums);
        Assert.Contains(56f, sums);
    }

    [Fact]
    public void CreateAugmentation_Unknown_IsSettingsError()
    {
        Assert.Throws<UserErrorException>(() => Plugin.CreateAugmentation(new AugmentationSpec("mixup", Settings.Empty)));
        Assert.Throws<UserErrorException>(() => Create("stretch", ("min", 1.3), ("max", 1.1)));
    }
}
