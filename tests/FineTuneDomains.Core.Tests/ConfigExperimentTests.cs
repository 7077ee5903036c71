using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Tests;

[Collection("torch")]
public sealed class ConfigExperimentTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    private Experiment Parse(string yaml, params string[] sets)
    {
        var d = data.Plugin.Describe();
        return new ExperimentLoader(id => id == "shapes" ? d : null, ["shapes"]).Parse(yaml, Path.Combine(data.Root, "e.yaml"), sets);
    }

    private string Base => $"plugin: shapes\ndata:\n  manifest: {data.Manifest.SourcePath}\n";

    [Fact]
    public void Parse_Minimal_FillsEveryDefault()
    {
        var e = Parse(Base);
        Assert.Equal(42, e.Seed);
        Assert.Equal("resnet18", e.Model.GetString("backbone"));
        Assert.Equal(32, e.DataOptions.GetInt("size"));
        Assert.Equal("classification", e.Task.Type);
        Assert.Equal("cosine", e.Schedule.GetString("name"));
        Assert.Equal("e", e.Name);
        var yaml = ExperimentLoader.ToYaml(e.Tree);
        Assert.Contains("weight_decay: 0.01", yaml);
        Assert.Contains("early_stopping:", yaml);
    }

    [Fact]
    public void Parse_MisspeltKey_ErrorNamesKeyLineAndSuggestion()
    {
        var e = Assert.Throws<UserErrorException>(() => Parse(Base + "train:\n  epoch: 3\n"));
        Assert.Contains("e.yaml:5", e.Message);
        Assert.Contains("'train.epoch'", e.Message);
        Assert.Contains("did you mean 'epochs'", e.Message);
    }

    [Fact]
    public void Parse_WrongTypeAndOutOfRange_BothReportedWithLines()
    {
        var e = Assert.Throws<UserErrorException>(() => Parse(Base + "train:\n  epochs: three\n  batch_size: 0\n"));
        Assert.Contains("2 problem(s)", e.Message);
        Assert.Contains("e.yaml:5: 'train.epochs': expected a whole number, got 'three'", e.Message);
        Assert.Contains("e.yaml:6: 'train.batch_size': 0 is below the minimum 1", e.Message);
    }

    [Fact]
    public void Parse_PluginOptionsAndAugmentations_ValidatedAgainstThePlugin()
    {
        var e = Assert.Throws<UserErrorException>(() => Parse(Base + "  options: {sise: 16}\naugment:\n  - {name: flop}\n  - {name: flip, p: 2}\n"));
        Assert.Contains("'data.options.sise': unknown key (did you mean 'size'?)", e.Message);
        Assert.Contains("no augmentation 'flop' (did you mean 'flip'?)", e.Message);
        Assert.Contains("'augment[1].p': 2 is above the maximum 1", e.Message);
    }

    [Fact]
    public void Parse_ScheduleOptions_DependOnTheSchedule()
    {
        var ok = Parse(Base + "schedule: {name: one_cycle, pct_start: 0.2}");
        Assert.Equal(0.2, ok.Schedule.GetDouble("pct_start"));
        var e = Assert.Throws<UserErrorException>(() => Parse(Base + "schedule: {name: step, pct_start: 0.2}"));
        Assert.Contains("'schedule.pct_start': unknown key", e.Message);
    }

    [Fact]
    public void Set_OverridesNestedFieldAndListElement()
    {
        var e = Parse(Base + "augment:\n  - {name: flip, p: 0.5}\n", "train.epochs=7", "augment.0.p=0.25", "finetune.group_lr.head=0.1");
        Assert.Equal(7, e.Train.GetInt("epochs"));
        Assert.Equal(0.25, e.Augment[0].GetDouble("p"));
        Assert.Equal(0.1, Convert.ToDouble(e.Finetune.GetMap("group_lr")["head"]));
    }

    [Fact]
    public void Set_Typo_ErrorNamesTheOverride()
    {
        var e = Assert.Throws<UserErrorException>(() => Parse(Base, "train.epoks=7"));
        Assert.Contains("--set train.epoks=7", e.Message);
        Assert.Contains("did you mean 'epochs'", e.Message);
    }

    [Fact]
    public void Parse_Json_IsAccepted()
    {
        var e = Parse("{\"plugin\": \"shapes\", \"data\": {\"manifest\": \"" + data.Manifest.SourcePath + "\"}, \"train\": {\"epochs\": 4}}");
        Assert.Equal(4, e.Train.GetInt("epochs"));
    }

    [Fact]
    public void Parse_UnknownPlugin_NamesTheLoadedOnes()
    {
        var e = Assert.Throws<UserErrorException>(() => Parse("plugin: audio\ndata: {manifest: x.json}\ntask: {type: classification}"));
        Assert.Contains("no plugin 'audio' is loaded (loaded: shapes)", e.Message);
    }

    [Fact]
    public void Lock_RoundTrips_ToTheSameTree()
    {
        var e = Parse(Base + "finetune: {freeze_to: -1, unfreeze: [{epoch: 1, groups: [all]}]}\nschedule: {name: cosine, warmup: 3}");
        var lockPath = Path.Combine(data.Root, "lock-test.yaml");
        File.WriteAllText(lockPath, ExperimentLoader.ToYaml(e.Tree));
        var d = data.Plugin.Describe();
        var again = new ExperimentLoader(id => id == "shapes" ? d : null, ["shapes"]).Load(lockPath);
        Assert.Equal(ExperimentLoader.ToYaml(e.Tree).Replace("name: e\n", ""), ExperimentLoader.ToYaml(again.Tree).Replace("name: lock-test\n", "").Replace("name: e\n", ""));
    }
}
