using System.Diagnostics;
using System.Text.Json;

namespace FineTuneDomains.Host.Tests;

/// <summary>
/// The researcher's path through `ftd` with a plugin built outside plugins/ (shapes): make data, build and
/// verify a manifest, train, resume after SIGKILL, reproduce. Nothing in core or host knows this plugin.
/// </summary>
[Collection("ftd")]
public sealed class DataAndTrainingTests(PluginFixtures fx)
{
    private Ftd.Result Run(string work, params string[] args) => Ftd.Run(work, ["--plugins", fx.Good, .. args]);

    private static void Ok(Ftd.Result r) => Assert.True(r.ExitCode == 0, r.ToString());

    private string Synth(string work, int perClass = 16)
    {
        Ok(Run(work, "shapes", "synth", "--out", "data", "--per-class", perClass.ToString(), "--size", "16", "--seed", "2"));
        return Path.Combine(work, "data");
    }

    [Fact]
    public void DataBuildAndVerify_RoundTrip_ThenOneByteChange_VerifyFailsNamingTheFile()
    {
        var work = fx.NewWorkDir();
        var data = Synth(work, 6);
        var build = Run(work, "data", "build", "shapes", "data/images", "--out", "built/manifest.json", "--seed", "3");
        Ok(build);
        Assert.Contains("24 items, 4 classes", build.Out);
        var verify = Run(work, "data", "verify", "built/manifest.json");
        Ok(verify);
        Assert.Contains("OK: 24 files match their hashes and decode", verify.Out);
        var stats = Run(work, "data", "stats", "built/manifest.json");
        Ok(stats);
        Assert.Contains("horizontal", stats.Out);

        var victim = Directory.GetFiles(Path.Combine(data, "images", "vertical"), "*.pgm").Order().First();
        var bytes = File.ReadAllBytes(victim);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(victim, bytes);
        var bad = Run(work, "data", "verify", "built/manifest.json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"{victim}: SHA-256 mismatch", bad.Err);
        Assert.Contains("1 file problem(s)", bad.Err);
    }

    private static string Experiment(string work, string name, int epochs, string extra = "")
    {
        var path = Path.Combine(work, name + ".yaml");
        File.WriteAllText(path, $"""
            plugin: shapes
            seed: 3
            device: cpu
            data:
              manifest: data/manifest.json
              options: {"{"}size: 16{"}"}
            model: {"{"}backbone: small_cnn, pretrained: none{"}"}
            finetune: {"{"}freeze_to: -1, unfreeze: [{"{"}epoch: 1, groups: [all]{"}"}], lr: 0.005{"}"}
            augment: [{"{"}name: flip{"}"}]
            train: {"{"}epochs: {epochs}, batch_size: 4, workers: 1{"}"}
            {extra}
            """);
        return path;
    }

    private static JsonElement Summary(string runFolder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json"))).RootElement.GetProperty("Metrics");

    private static string RunFolderOf(Ftd.Result r) =>
        r.Out.Split('\n').First(l => l.StartsWith("run folder: ", StringComparison.Ordinal))["run folder: ".Length..].Trim();

    [Fact]
    public void Train_FourthPlugin_WritesCompleteRunFolder_AndReproduceMatches()
    {
        var work = fx.NewWorkDir();
        Synth(work);
        var train = Run(work, "train", Experiment(work, "e2e", 2));
        Ok(train);
        var run = RunFolderOf(train);
        foreach (var f in new[] { "experiment.lock.yaml", "metrics.jsonl", "report.md", "summary.json", "predictions-test.csv",
                     "checkpoints/best.ckpt", "checkpoints/best.ckpt.sha256", "checkpoints/last.ckpt", "plots/loss.png", "plots/lr.png", "plots/metrics.png", "plots/confusion-test.png" })
            Assert.True(File.Exists(Path.Combine(run, f)), $"missing {f} in {run}");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "tb"), "events.out.tfevents.*"));
        var lockText = File.ReadAllText(Path.Combine(run, "experiment.lock.yaml"));
        Assert.Contains("manifest_sha256:", lockText);
        Assert.Contains("torchsharp: 0.107.0", lockText);
        Assert.Contains("plugin: shapes 1.0.0", lockText);

        var reproduce = Run(work, "reproduce", run);
        Assert.True(reproduce.ExitCode == 0, reproduce.ToString());
        Assert.Contains("reproduced: all", reproduce.Out);

        var eval = Run(work, "eval", run, "--data", "data/manifest.json", "--split", "test");
        Ok(eval);
        Assert.Contains("test/accuracy", eval.Out);
        var predict = Run(work, "predict", run, "data/images/vertical", "--out", "pred.csv");
        Ok(predict);
        Assert.Equal(17, File.ReadAllLines(Path.Combine(work, "pred.csv")).Length);
        Ok(Run(work, "report", run));
    }

    [Fact]
    public void Train_ChangedData_RefusedUnlessAllowed_ThenRecordedInLock()
    {
        var work = fx.NewWorkDir();
        var data = Synth(work, 6);
        var victim = Directory.GetFiles(Path.Combine(data, "images", "checker"), "*.pgm").Order().First();
        File.AppendAllText(victim, "x");
        var refused = Run(work, "train", Experiment(work, "changed", 1));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(victim, refused.Err);
        Assert.Contains("--allow-changed-data", refused.Err);
        var allowed = Run(work, "train", Experiment(work, "changed", 1), "--allow-changed-data");
        Ok(allowed);
        Assert.Contains("changed_files:", File.ReadAllText(Path.Combine(RunFolderOf(allowed), "experiment.lock.yaml")));
    }

    [Fact]
    public void Train_BadExperiment_Exit1NamingKeyAndLine()
    {
        var work = fx.NewWorkDir();
        Synth(work, 4);
        var path = Experiment(work, "typo", 1, "optimizer: {nmae: sgd}");
        var r = Run(work, "train", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("typo.yaml:11: 'optimizer.nmae': unknown key (did you mean 'name'?)", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        var set = Run(work, "train", Experiment(work, "ok", 1), "--set", "train.epochs=0");
        Assert.Equal(1, set.ExitCode);
        Assert.Contains("--set train.epochs=0: 'train.epochs': 0 is below the minimum 1", set.Err);
    }

    [Fact]
    public void Train_KilledMidEpochAndResumed_EndsWithTheUninterruptedMetrics()
    {
        var work = fx.NewWorkDir();
        Synth(work, 24);
        var exp = Experiment(work, "resume", 4, "checkpoints: {keep: 1}\nschedule: {name: cosine, warmup: 4}");
        var full = Run(work, "train", exp, "--runs", "runs-full");
        Ok(full);
        var expected = Summary(RunFolderOf(full));

        using var p = Ftd.Start(work, new Dictionary<string, string>(), "--plugins", fx.Good, "train", exp, "--runs", "runs-killed");
        string? folder = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            folder ??= Directory.Exists(Path.Combine(work, "runs-killed", "resume")) ? Directory.GetDirectories(Path.Combine(work, "runs-killed", "resume")).FirstOrDefault() : null;
            var metrics = folder is null ? null : Path.Combine(folder, "metrics.jsonl");
            // Kill once epoch 1 is checkpointed and steps of epoch 2 have been logged: mid-epoch.
            if (metrics is not null && File.Exists(metrics) && File.ReadAllLines(metrics).Any(l => l.Contains("\"kind\":\"step\",\"epoch\":2")))
                break;
            Thread.Sleep(20);
        }
        Assert.NotNull(folder);
        p.Kill(entireProcessTree: true); // SIGKILL
        p.WaitForExit();
        Assert.False(File.Exists(Path.Combine(folder!, "summary.json")), "the run finished before it could be killed");

        var resumed = Run(work, "train", "--resume", folder!);
        Ok(resumed);
        Assert.Contains("resumed from", resumed.Out);
        var actual = Summary(folder!);
        foreach (var m in expected.EnumerateObject())
            Assert.Equal(m.Value.GetDouble(), actual.GetProperty(m.Name).GetDouble());
    }
}
