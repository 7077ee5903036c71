using FineTuneDomains.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Tests;

[Collection("torch")]
public sealed class TrainingFreezeTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void Train_FrozenGroups_ParametersAndBatchNormBuffersBitIdentical_OthersChange()
    {
        var exp = data.Experiment("finetune: {freeze: [stem, layer1], lr: 0.01}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        var before = Snapshot(run.Built.Model);
        run.Train();
        var after = Snapshot(run.Built.Model);
        // Training ends by loading the best checkpoint; whichever epoch it is, frozen groups never moved.
        foreach (var (name, t) in before)
        {
            bool frozen = name.StartsWith("backbone.conv1.", StringComparison.Ordinal) || name.StartsWith("backbone.bn1.", StringComparison.Ordinal)
                || name.StartsWith("backbone.layer1.", StringComparison.Ordinal);
            if (frozen) Assert.True(Same(t, after[name]), $"frozen tensor {name} changed");
        }
        Assert.Contains(before.Keys, n => n.StartsWith("backbone.layer1.", StringComparison.Ordinal) && n.EndsWith("running_mean", StringComparison.Ordinal));
        Assert.False(Same(before["head.fc.weight"], after["head.fc.weight"]), "the head did not learn");
        var layer3 = before.Keys.First(n => n.StartsWith("backbone.layer3.", StringComparison.Ordinal) && n.EndsWith("weight", StringComparison.Ordinal));
        Assert.False(Same(before[layer3], after[layer3]), "an unfrozen backbone group did not learn");
        var layer3Stats = before.Keys.First(n => n.StartsWith("backbone.layer3.", StringComparison.Ordinal) && n.EndsWith("running_mean", StringComparison.Ordinal));
        Assert.False(Same(before[layer3Stats], after[layer3Stats]), "batch-norm statistics of a training group did not update");
    }

    [Fact]
    public void Train_FreezeStatsPolicy_WeightsLearnButStatisticsStay()
    {
        var exp = data.Experiment("finetune: {bn: {layer2: freeze_stats}, lr: 0.01}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        var before = Snapshot(run.Built.Model);
        run.Train();
        var after = Snapshot(run.Built.Model);
        var stats = before.Keys.Where(n => n.StartsWith("backbone.layer2.", StringComparison.Ordinal) && (n.EndsWith("running_mean") || n.EndsWith("running_var") || n.EndsWith("num_batches_tracked"))).ToList();
        Assert.NotEmpty(stats);
        foreach (var n in stats) Assert.True(Same(before[n], after[n]), $"{n} changed under freeze_stats");
        var conv = before.Keys.First(n => n.StartsWith("backbone.layer2.", StringComparison.Ordinal) && n.EndsWith("conv.weight", StringComparison.Ordinal) || n.StartsWith("backbone.layer2.0.weight", StringComparison.Ordinal));
        Assert.False(Same(before[conv], after[conv]), $"{conv} should learn under freeze_stats");
    }

    [Fact]
    public void Train_GradualUnfreeze_GroupJoinsOptimiserAtItsEpoch()
    {
        var exp = data.Experiment("finetune: {freeze_to: -1, unfreeze: [{epoch: 1, groups: [layer4]}], lr: 0.01}\ntrain: {epochs: 2, batch_size: 8, workers: 1}\neval: {monitor: val/loss}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        run.Train();
        var records = Tracking.MetricsLog.Read(run.Folder.MetricsFile);
        var steps = records.Where(r => r.Kind == "step").ToList();
        Assert.All(steps.Where(r => r.Epoch == 0), r => Assert.Equal(0, r.Values["lr/layer4"]));
        Assert.All(steps.Where(r => r.Epoch == 1), r => Assert.True(r.Values["lr/layer4"] > 0));
        Assert.All(steps, r => Assert.Equal(0, r.Values["lr/layer3"]));
        var epochs = records.Where(r => r.Kind == "epoch").ToList();
        Assert.Equal(1, epochs[0].Values["frozen/layer4"]);
        Assert.Equal(0, epochs[1].Values["frozen/layer4"]);
    }

    [Fact]
    public void Groups_LayerDecay_GivesGeometricRatesFromHeadToStem()
    {
        var exp = data.Experiment("finetune: {lr: 0.01, layer_decay: 0.5}");
        var built = ModelBuilder.Build(exp, data.Plugin, data.Manifest.Classes, 1);
        built.Groups.Configure(exp.Finetune);
        var names = built.Groups.Names;
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4", "head"], names);
        for (int i = 0; i < names.Count; i++)
            Assert.Equal(0.01 * Math.Pow(0.5, names.Count - 1 - i), built.Groups.BaseLearningRate(names[i]), 12);
    }

    [Fact]
    public void Groups_CustomGlobs_TakeParametersOutOfTheirGroup()
    {
        var exp = data.Experiment("model: {backbone: small_cnn, pretrained: none, groups: {norms: ['backbone.*.1.*']}}");
        var built = ModelBuilder.Build(exp, data.Plugin, data.Manifest.Classes, 1);
        Assert.Contains("norms", built.Groups.Names);
        // small_cnn stages are Sequential(conv, batch norm, relu): element 1 is the norm.
        Assert.Equal(10, built.Groups.Parameters("norms").Count);
        Assert.All(built.Groups.Parameters("norms"), p => Assert.Matches(@"^backbone\.[a-z0-9]+\.1\.(weight|bias)$", p.Name));
        Assert.DoesNotContain(built.Groups.Parameters("stem"), p => p.Name.Contains(".1."));
    }

    [Fact]
    public void Groups_UnknownGroupName_IsUserErrorNamingTheGroups()
    {
        var exp = data.Experiment("finetune: {freeze: [layer9]}");
        var built = ModelBuilder.Build(exp, data.Plugin, data.Manifest.Classes, 1);
        var e = Assert.Throws<UserErrorException>(() => built.Groups.Configure(exp.Finetune));
        Assert.Contains("layer9", e.Message);
        Assert.Contains("layer4", e.Message);
    }
}
