using System.Text.Json;
using FineTuneDomains.Core.Training.Schedules;

namespace FineTuneDomains.Core.Tests;

/// <summary>
/// Every value of PyTorch 1.13's schedulers on the same settings (tests/data/schedules/make_reference.py,
/// torch_reference.json), two parameter groups with different base rates.
/// </summary>
public class ScheduleTorchReferenceTests
{
    private static readonly JsonElement Root = MetricsReferenceData.Load("schedules/torch_reference.json");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    public static TheoryData<string> PlateauCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("plateau").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Find(string section, string name) =>
        Root.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static Dictionary<string, object?> Settings(JsonElement c) =>
        c.GetProperty("settings").EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

    private static void Close(double expected, double actual, string where)
    {
        // PyTorch updates some schedules recursively (lr *= ...), so allow rounding drift.
        var tolerance = 1e-12 + (1e-9 * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{where}: PyTorch {expected:R}, ours {actual:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_EveryStep_MatchesPyTorch(string name)
    {
        var c = Find("cases", name);
        var stepsPerEpoch = c.GetProperty("steps_per_epoch").GetInt64();
        var context = new ScheduleContext(stepsPerEpoch, c.GetProperty("epochs").GetInt32());
        var schedule = ScheduleFactory.Create(c.GetProperty("schedule").GetString()!, Settings(c), context);
        var bases = MetricsReferenceData.Doubles(c.GetProperty("base"));
        var expected = c.GetProperty("lrs").EnumerateArray().Select(MetricsReferenceData.Doubles).ToArray();
        // PyTorch stepped once per entry; with several steps per epoch every step of that epoch must match.
        for (long step = 0; step < expected.Length * stepsPerEpoch; step++)
        {
            var actual = schedule.GetLearningRates(step, bases);
            for (var g = 0; g < bases.Length; g++)
            {
                Close(expected[step / stepsPerEpoch][g], actual[g], $"{name} step {step} group {g}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(PlateauCases))]
    public void Plateau_AfterEachReport_MatchesPyTorch(string name)
    {
        var c = Find("plateau", name);
        var schedule = (ReduceOnPlateauSchedule)ScheduleFactory.Create("plateau", Settings(c), new ScheduleContext(1, 1));
        var bases = MetricsReferenceData.Doubles(c.GetProperty("base"));
        var metrics = MetricsReferenceData.Doubles(c.GetProperty("metrics"));
        var expected = c.GetProperty("lrs_after").EnumerateArray().Select(MetricsReferenceData.Doubles).ToArray();
        for (var i = 0; i < metrics.Length; i++)
        {
            schedule.Report(metrics[i]);
            var actual = schedule.GetLearningRates(i, bases);
            for (var g = 0; g < bases.Length; g++)
            {
                Close(expected[i][g], actual[g], $"{name} report {i} group {g}");
            }
        }

        Assert.True(schedule.Scale < 1, "the reference sequence must contain at least one reduction");
    }
}
