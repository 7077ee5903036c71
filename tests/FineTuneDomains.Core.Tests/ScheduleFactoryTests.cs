using System.Text.Json;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Training.Schedules;

namespace FineTuneDomains.Core.Tests;

public class ScheduleFactoryTests
{
    private static readonly ScheduleContext Run = new(StepsPerEpoch: 10, Epochs: 5);

    private static LearningRateSchedule Create(string name, params (string Key, object? Value)[] settings) =>
        ScheduleFactory.Create(name, settings.ToDictionary(s => s.Key, s => s.Value), Run);

    private static string ErrorOf(string name, params (string Key, object? Value)[] settings) =>
        Assert.Throws<UserErrorException>(() => Create(name, settings)).Message;

    [Theory]
    [InlineData("constant", typeof(ConstantSchedule))]
    [InlineData("Cosine", typeof(CosineSchedule))]
    [InlineData("one-cycle", typeof(OneCycleSchedule))]
    [InlineData("onecycle", typeof(OneCycleSchedule))]
    [InlineData("sgdr", typeof(CosineRestartsSchedule))]
    [InlineData("linear", typeof(PolynomialDecaySchedule))]
    [InlineData("poly", typeof(PolynomialDecaySchedule))]
    [InlineData("reduce_on_plateau", typeof(ReduceOnPlateauSchedule))]
    public void Create_NameOrAlias_BuildsType(string name, Type type)
    {
        var settings = type == typeof(CosineRestartsSchedule) ? new Dictionary<string, object?> { ["t_0"] = 3 } : null;
        Assert.IsType(type, ScheduleFactory.Create(name, settings, Run));
    }

    [Fact]
    public void Create_UnknownName_ListsKnownNames()
    {
        var message = Assert.Throws<UserErrorException>(() => ScheduleFactory.Create("cosinus", null, Run)).Message;
        Assert.Contains("'cosinus'", message);
        Assert.Contains("one_cycle", message);
    }

    [Fact]
    public void Create_UnknownKey_NamedWithKnownKeys()
    {
        var message = ErrorOf("cosine", ("warmpu", 3));
        Assert.Contains("'warmpu'", message);
        Assert.Contains("warmup", message);
    }

    [Theory]
    [InlineData("exponential", "gamma", -1.0, "gamma")]
    [InlineData("step", "step_size", 0, "step_size")]
    [InlineData("step", "step_size", 1.5, "step_size")]
    [InlineData("exponential", "gamma", "fast", "gamma")]
    [InlineData("cosine", "warmup", 50, "warmup")]
    [InlineData("cosine", "warmup_ratio", 1.0, "warmup_ratio")]
    [InlineData("one_cycle", "pct_start", 0.0, "pct_start")]
    [InlineData("one_cycle", "anneal_strategy", "cubic", "anneal_strategy")]
    [InlineData("one_cycle", "three_phase", "maybe", "three_phase")]
    [InlineData("plateau", "factor", 1.0, "factor")]
    [InlineData("plateau", "threshold_mode", "pct", "threshold_mode")]
    [InlineData("polynomial", "power", 0, "power")]
    [InlineData("cosine", "interval", "batch", "interval")]
    public void Create_InvalidValue_ErrorNamesKey(string name, string key, object value, string named)
    {
        Assert.Contains($"'{named}'", ErrorOf(name, (key, value)));
    }

    [Fact]
    public void Create_RequiredKeyMissing_ErrorNamesKey()
    {
        Assert.Contains("'step_size' is required", ErrorOf("step"));
        Assert.Contains("'milestones' is required", ErrorOf("multistep"));
        Assert.Contains("'t_0' is required", ErrorOf("cosine_restarts"));
    }

    [Fact]
    public void Create_ConflictingKeys_Refused()
    {
        Assert.Contains("'min_factor'", ErrorOf("cosine", ("min_lr", 0.001), ("min_factor", 0.1)));
        Assert.Contains("'warmup_ratio'", ErrorOf("cosine", ("warmup", 3), ("warmup_ratio", 0.1)));
    }

    [Fact]
    public void Create_MilestonesNotIncreasing_Refused()
    {
        Assert.Contains("'milestones'", ErrorOf("multistep", ("milestones", "5, 3")));
    }

    [Fact]
    public void Create_YamlStringsAndLists_Accepted()
    {
        // YamlDotNet hands scalars over as strings and sequences as List<object>
        var s = (MultiStepSchedule)Create("multistep", ("milestones", new List<object> { "2", "4" }), ("gamma", "0.5"));
        Assert.Equal([2L, 4L], s.Milestones);
        Assert.Equal(0.5, s.Gamma);
        var c = (CosineSchedule)Create("cosine", ("Warmup-Ratio", "0.1"), ("interval", "epoch"));
        Assert.Equal(1, c.WarmupLength); // ceil(5 epochs * 0.1)
        Assert.Equal(5, c.Total);
    }

    [Fact]
    public void Create_JsonElements_Accepted()
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, object?>>("""{"t_0": 4, "t_mult": 2, "min_factor": 0.01}""")!;
        var s = (CosineRestartsSchedule)ScheduleFactory.Create("cosine_restarts", settings, Run);
        Assert.Equal((4L, 2), (s.T0, s.TMult));
        Assert.Equal(0.01, s.Floor.Relative);
    }

    [Fact]
    public void Create_CosineDefaults_SpanWholeRunInSteps()
    {
        var s = (CosineSchedule)Create("cosine");
        Assert.Equal(50, s.Total);
        Assert.Equal(ScheduleInterval.Step, s.Interval);
    }

    [Fact]
    public void Create_PlateauAutoMode_FromMetricName()
    {
        var s = (ReduceOnPlateauSchedule)Create("plateau", ("metric", "val/macro_f1"));
        Assert.Equal(MetricMode.Max, s.Mode);
        Assert.Equal("val/macro_f1", s.MonitoredMetric);
        Assert.Equal(MetricMode.Min, ((ReduceOnPlateauSchedule)Create("plateau")).Mode);
        Assert.Contains("'mode'", ErrorOf("plateau", ("mode", "auto")));
        Assert.Contains("'mode'", ErrorOf("plateau", ("metric", "val/wiggle")));
    }

    [Fact]
    public void Create_ExperimentSchemaDefaults_EveryScheduleAccepted()
    {
        // The experiment file's schedule section arrives with the schema's defaults filled in (nulls = unset).
        foreach (var name in ExperimentSchema.Schedules)
        {
            var section = ExperimentSchema.ScheduleSchema(name).Fields
                .ToDictionary(f => f.Name, f => ((ValueSchema)f.Node).Spec.Default);
            var schedule = ScheduleFactory.Create(section, Run, monitor: "val/accuracy");
            Assert.Equal(name, schedule.Name);
            Assert.True(schedule.GetLearningRate(3, 0.1) >= 0);
        }
    }

    [Fact]
    public void Create_PlateauWithoutMetric_UsesMonitor()
    {
        var section = new Dictionary<string, object?> { ["name"] = "plateau", ["mode"] = "auto", ["metric"] = null };
        Assert.Equal(MetricMode.Max, ((ReduceOnPlateauSchedule)ScheduleFactory.Create(section, Run, monitor: "val/macro_f1")).Mode);
    }

    [Fact]
    public void Create_NameKeyDisagrees_Refused()
    {
        var e = Assert.Throws<UserErrorException>(() =>
            ScheduleFactory.Create("cosine", new Dictionary<string, object?> { ["name"] = "step" }, Run));
        Assert.Contains("'name'", e.Message);
    }

    [Fact]
    public void Create_EmptyRun_Refused()
    {
        Assert.Throws<UserErrorException>(() => ScheduleFactory.Create("cosine", null, new ScheduleContext(0, 3)));
    }
}
