using System.Text.Json;

namespace FineTuneDomains.Host.Tests;

[Collection("ftd")]
public sealed class PluginLoadingTests(PluginFixtures fx)
{
    private static JsonElement Json(Ftd.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Out).RootElement;
    }

    [Fact]
    public void PluginsList_Json_ListsTheShippedPlugins()
    {
        var doc = Json(Ftd.Run(fx.NewWorkDir(), "plugins", "list", "--json"));
        var ids = doc.GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        foreach (var folder in Directory.GetDirectories(Path.Combine(Ftd.RepoRoot, "plugins")))
        {
            var expected = Path.GetFileName(folder) switch
            {
                "FineTuneDomains.Plugins.WildlifeAudio" => "wildlife-audio",
                "FineTuneDomains.Plugins.CtDicom" => "ct-dicom",
                "FineTuneDomains.Plugins.ArchaicOcr" => "archaic-ocr",
                var other => throw new Xunit.Sdk.XunitException($"unexpected plugin folder {other}"),
            };
            Assert.Contains(expected, ids);
        }
        Assert.Empty(doc.GetProperty("failures").EnumerateArray());
        foreach (var p in doc.GetProperty("plugins").EnumerateArray())
        {
            Assert.Equal(FineTuneDomains.Core.Plugins.PluginContract.Version, p.GetProperty("contract_version").GetString());
            Assert.NotEmpty(p.GetProperty("tasks").EnumerateArray());
        }
    }

    [Fact]
    public void PluginsList_BrokenFoldersBesideGoodOnes_EachReportedInOneLine_GoodOnesStillListed()
    {
        var r = Ftd.Run(fx.NewWorkDir(), "--plugins", fx.Good, "--plugins", fx.Broken, "plugins", "list", "--json");
        var doc = Json(r);
        var ids = doc.GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Contains("shapes", ids);
        Assert.Contains("faulty", ids);
        var failures = doc.GetProperty("failures").EnumerateArray()
            .ToDictionary(f => Path.GetFileName(f.GetProperty("folder").GetString()!), f => f.GetProperty("reason").GetString()!);
        Assert.Equal(5, failures.Count);
        Assert.Contains("no assembly NoAssembly.dll", failures["NoAssembly"]);
        Assert.Contains("not a .NET assembly", failures["Garbage"]);
        Assert.Contains("threw while loading", failures["FineTuneDomains.Plugins.Throwing"]);
        Assert.Contains("model zoo index not found", failures["FineTuneDomains.Plugins.Throwing"]);
        Assert.Contains("built for plugin contract 2.0", failures["FineTuneDomains.Plugins.WrongContract"]);
        Assert.Contains("needs plugin contract 1.9, newer than this ftd's", failures["FineTuneDomains.Plugins.NewerMinor"]);
        Assert.All(failures.Values, reason => Assert.DoesNotContain("\n", reason));

        var table = Ftd.Run(fx.NewWorkDir(), new Dictionary<string, string> { ["FTD_PLUGINS"] = fx.Broken + Path.PathSeparator + fx.Good }, "plugins", "list");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("shapes", table.Out);
        Assert.Equal(5, table.Out.Split('\n').Count(l => l.StartsWith("plugin ", StringComparison.Ordinal) && l.Contains(" skipped: ")));
    }

    [Fact]
    public void Help_ListsVerbs_AndEveryVerbHasHelp()
    {
        var work = fx.NewWorkDir();
        var root = Ftd.Run(work, "--plugins", fx.Good, "--help");
        Assert.Equal(0, root.ExitCode);
        string[][] verbs =
        [
            ["plugins", "list"], ["data", "build"], ["data", "verify"], ["data", "stats"], ["train"], ["eval"], ["predict"],
            ["report"], ["reproduce"], ["lr-find"], ["shapes", "synth"],
        ];
        foreach (var v in verbs)
        {
            Assert.Contains(v[0], root.Out);
            var help = Ftd.Run(work, ["--plugins", fx.Good, .. v, "--help"]);
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("Usage:", help.Out);
        }
    }

    [Fact]
    public void Errors_UserMistake_Exit1OneLineNoStackTrace_Bug_Exit2WithLogFile()
    {
        var work = fx.NewWorkDir();
        var user = Ftd.Run(work, "--plugins", fx.Good, "faulty", "bad-input", "scan.dcm");
        Assert.Equal(1, user.ExitCode);
        Assert.Equal($"error: {Path.Combine(work, "scan.dcm")}: truncated header (at byte offset 128)", user.Err.Trim());
        Assert.DoesNotContain("   at ", user.Err);

        var bug = Ftd.Run(work, "--plugins", fx.Good, "faulty", "crash");
        Assert.Equal(2, bug.ExitCode);
        Assert.Contains("internal error: InvalidOperationException", bug.Err);
        var log = Directory.GetFiles(Path.Combine(work, "logs"), "ftd-*.log").Single();
        Assert.Contains(log, bug.Err);
        Assert.Contains("   at ", File.ReadAllText(log));

        var unknown = Ftd.Run(work, "trian");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Unrecognized command or argument 'trian'", unknown.Err);
    }
}
