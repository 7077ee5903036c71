using FineTuneDomains.Core.Evaluation;

namespace FineTuneDomains.Core.Tests;

public class MetricsSetAndDirectionTests
{
    [Fact]
    public void MetricSet_Set_KeepsFirstPositionAndLastValue()
    {
        var set = new MetricSet().Add("loss", 1.5).Add("accuracy", 0.5).Set("loss", 1.25).Set("macro_f1", 0.4);
        Assert.Equal(["loss", "accuracy", "macro_f1"], set.Names);
        Assert.Equal(1.25, set["loss"]);
        Assert.Equal(0.5, set[1].Value);
        Assert.Equal("loss=1.25 accuracy=0.5 macro_f1=0.4", set.ToString());
    }

    [Fact]
    public void MetricSet_AsDictionary_EnumeratesInOrder()
    {
        // An evaluator's Compute() returns IReadOnlyDictionary<string, double>: a MetricSet is one.
        IReadOnlyDictionary<string, double> d = new MetricSet().Add("z", 1).Add("a", 2).Set("z", 3);
        Assert.Equal(["z", "a"], d.Keys);
        Assert.Equal([3.0, 2.0], d.Values);
        Assert.True(d.ContainsKey("a"));
        Assert.True(d.TryGetValue("z", out var z) && z == 3);
    }

    [Fact]
    public void MetricSet_AddDuplicate_Throws()
    {
        var set = new MetricSet().Add("accuracy", 0.5);
        Assert.Throws<ArgumentException>(() => set.Add("accuracy", 0.6));
    }

    [Fact]
    public void MetricSet_MissingName_MessageListsPresentNames()
    {
        var set = new MetricSet().Add("accuracy", 0.5).Add("loss", 1);
        var e = Assert.Throws<KeyNotFoundException>(() => set["macro_f1"]);
        Assert.Contains("accuracy, loss", e.Message);
        Assert.False(set.TryGetValue("macro_f1", out _));
    }

    [Fact]
    public void MetricSet_WithPrefix_PrefixesEveryName()
    {
        var set = new MetricSet().Add("accuracy", 0.5).Add("loss", 1).WithPrefix("val/");
        Assert.Equal(["val/accuracy", "val/loss"], set.Names);
        Assert.Equal(1, set.ToDictionary()["val/loss"]);
    }

    [Theory]
    [InlineData("accuracy", MetricMode.Max)]
    [InlineData("val/macro_f1", MetricMode.Max)]
    [InlineData("val_loss", MetricMode.Min)]
    [InlineData("train/ce_loss", MetricMode.Min)]
    [InlineData("top5_accuracy", MetricMode.Max)]
    [InlineData("test/CER", MetricMode.Min)]
    [InlineData("wer", MetricMode.Min)]
    [InlineData("ece", MetricMode.Min)]
    [InlineData("retain/map", MetricMode.Max)]
    [InlineData("macro_auroc", MetricMode.Max)]
    public void GetMode_KnownMetric_ReturnsDirection(string name, MetricMode expected)
    {
        Assert.Equal(expected, MetricDirection.GetMode(name));
    }

    [Fact]
    public void GetMode_UnknownMetric_UserErrorNamesIt()
    {
        var e = Assert.Throws<UserErrorException>(() => MetricDirection.GetMode("val/wiggle"));
        Assert.Contains("val/wiggle", e.Message);
        Assert.Equal(MetricMode.Max, MetricDirection.ParseMode("MAX", "val/wiggle"));
        Assert.Throws<UserErrorException>(() => MetricDirection.ParseMode("up", "accuracy"));
    }

    [Fact]
    public void IsImprovement_MinDelta_RequiresStrictMargin()
    {
        Assert.True(MetricDirection.IsImprovement(MetricMode.Min, 0.89, 1.0, minDelta: 0.1));
        Assert.False(MetricDirection.IsImprovement(MetricMode.Min, 0.9, 1.0, minDelta: 0.15));
        Assert.True(MetricDirection.IsImprovement(MetricMode.Max, 0.8, 0.7));
        Assert.False(MetricDirection.IsImprovement(MetricMode.Max, 0.7, 0.7));
        Assert.False(MetricDirection.IsImprovement(MetricMode.Max, double.NaN, 0.7));
        Assert.True(MetricDirection.IsImprovement(MetricMode.Max, 0.1, MetricDirection.WorstValue(MetricMode.Max)));
    }
}
