using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Tracking;
using FineTuneDomains.Core.Training.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// One fine-tuning run: builds data, model, optimiser and schedule from an experiment, trains with
/// freezing plans, evaluates, and records everything in a run folder from which it can be reproduced or
/// resumed. Every random stream derives from the seed and the position (epoch, batch, step), so a resumed
/// run continues exactly as an uninterrupted one would.
/// </summary>
public sealed class FineTuneRun : IDisposable
{
    private readonly Experiment experiment;
    private readonly IDomainPlugin plugin;
    private readonly RunFolder run;
    private readonly ITrainingObserver observer;
    private readonly DatasetManifest manifest;
    private readonly Device device;
    private readonly IDataset trainSet;
    private readonly IDataset valSet;
    private readonly IDataset? testSet;
    private readonly BuiltModel built;
    private readonly optim.Optimizer optimizer;
    private readonly IReadOnlyList<OptimizerGroup> optimizerGroups;
    private readonly LearningRateSchedule schedule;
    private readonly BatchLoader trainLoader;
    private readonly Mixing mixing;
    private readonly Penalties penalties;
    private readonly Dictionary<string, Tensor>? ema;
    private readonly double? emaDecay;
    private readonly string monitor;
    private readonly MetricMode monitorMode;
    private readonly int accumulate;
    private readonly int stepsPerEpoch;
    private readonly string lockSha;
    private IEvaluator evaluator;
    private readonly Dictionary<string, double> retainBefore = [];
    private readonly TensorBoardLog? tensorBoard;

    private int epoch;
    private int batchInEpoch;
    private long globalStep;
    private double? bestValue;
    private int? bestEpoch;
    private int epochsWithoutImprovement;
    private bool stoppedEarly;

    /// <summary>The run folder.</summary>
    public RunFolder Folder => run;

    /// <summary>The model being trained (for tests and tools).</summary>
    internal BuiltModel Built => built;

    private FineTuneRun(Experiment experiment, IDomainPlugin plugin, RunFolder run, ITrainingObserver observer, DatasetManifest manifest,
        string lockSha, CheckpointState? resumeFrom, string? resumePath)
    {
        this.experiment = experiment;
        this.plugin = plugin;
        this.run = run;
        this.observer = observer;
        this.manifest = manifest;
        this.lockSha = lockSha;
        device = PickDevice(experiment.Device);

        var data = experiment.Data;
        var options = experiment.DataOptions;
        trainSet = plugin.OpenDataset(manifest, data.GetString("train_split"), new DataContext(options, Training: true, experiment.Task));
        valSet = plugin.OpenDataset(manifest, data.GetString("val_split"), new DataContext(options, Training: false, experiment.Task));
        var testSplit = data.GetString("test_split");
        testSet = manifest.Items.Any(i => i.Split == testSplit) && experiment.Eval.GetBool("test")
            ? plugin.OpenDataset(manifest, testSplit, new DataContext(options, Training: false, experiment.Task)) : null;
        if (trainSet.Count == 0) throw new UserErrorException($"{manifest.SourcePath}: split '{data.GetString("train_split")}' has no items");
        if (valSet.Count == 0) throw new UserErrorException($"{manifest.SourcePath}: split '{data.GetString("val_split")}' has no items (needed for evaluation and the best checkpoint)");

        // A resumed run builds its model exactly as the run started (pretrained weights included, so that
        // L2-SP and EWC anchor to them again), then loads the checkpoint on top.
        built = ModelBuilder.Build(experiment, plugin, trainSet.Classes, trainSet.InputChannels);
        foreach (var note in built.LoadNotes) observer.Message(note);
        built.Groups.Configure(experiment.Finetune);

        evaluator = plugin.CreateEvaluator(built.TaskContext);
        monitor = ResolveMonitor(experiment, plugin);
        var modeText = experiment.Eval.GetString("mode");
        monitorMode = modeText == "auto" ? MetricDirection.GetMode(monitor.Split('/').Last()) : modeText == "max" ? MetricMode.Max : MetricMode.Min;

        var reg = experiment.Regularization;
        mixing = new Mixing(reg.GetDouble("mixup"), reg.GetDouble("cutmix"), reg.GetDouble("mix_prob"));
        penalties = new Penalties(reg.GetDouble("l2sp"), reg.GetDouble("ewc"));

        var train = experiment.Train;
        accumulate = train.GetInt("accumulate");
        trainLoader = TrainingLoader(experiment, plugin, trainSet);
        int batches = trainLoader.BatchCount;
        stepsPerEpoch = (batches + accumulate - 1) / accumulate;
        if (train.GetIntOrNull("max_steps_per_epoch") is int cap) stepsPerEpoch = Math.Min(stepsPerEpoch, cap);

        // Retain-set scoring and the EWC Fisher use the model as it starts (pretrained), on the CPU or device.
        built.Model.to(device);
        PrepareRetention(scoreBefore: resumeFrom is null);

        var scheduleName = experiment.Schedule.GetString("name");
        var scheduleSettings = experiment.Schedule.Values.Where(kv => kv.Key != "name" && kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value is string s && s == "auto" && kv.Key == "mode" ? null : kv.Value);
        if (scheduleName == "plateau" && !scheduleSettings.ContainsKey("metric")) scheduleSettings["metric"] = monitor.Split('/').Last();
        if (scheduleName == "plateau" && scheduleSettings.GetValueOrDefault("mode") is null) scheduleSettings.Remove("mode");
        schedule = ScheduleFactory.Create(scheduleName, scheduleSettings, new ScheduleContext(stepsPerEpoch, train.GetInt("epochs")));

        (optimizer, optimizerGroups) = OptimizerBuilder.Build(built.Groups, experiment.Optimizer);
        emaDecay = reg.GetDoubleOrNull("ema");
        if (emaDecay is not null)
            ema = CloneState(built.Model);

        if (resumeFrom is not null && resumePath is not null)
        {
            Checkpoint.Load(resumePath, built.Model, optimizer, ema);
            built.Groups.Restore(resumeFrom.Groups);
            if (resumeFrom.ScheduleState.Count > 0) schedule.LoadState(resumeFrom.ScheduleState);
            epoch = resumeFrom.Epoch;
            batchInEpoch = resumeFrom.BatchInEpoch;
            globalStep = resumeFrom.GlobalStep;
            bestValue = resumeFrom.BestValue;
            bestEpoch = resumeFrom.BestEpoch;
            epochsWithoutImprovement = resumeFrom.EpochsWithoutImprovement;
            stoppedEarly = resumeFrom.StoppedEarly;
            observer.Message($"resumed from {resumePath}: epoch {epoch}, batch {batchInEpoch}, step {globalStep}");
        }
        try
        {
            tensorBoard = new TensorBoardLog(run.TensorBoardDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            observer.Message($"TensorBoard events disabled: {e.Message}");
        }
    }

    /// <summary>The metric watched for the best checkpoint, early stopping and plateaus: eval.monitor, else the task's default.</summary>
    internal static string ResolveMonitor(Experiment experiment, IDomainPlugin plugin)
    {
        var task = plugin.Describe().Tasks.FirstOrDefault(t => t.Type == experiment.Task.Type);
        return experiment.Eval.GetStringOrNull("monitor") ?? "val/" + (task?.DefaultMonitor ?? "loss");
    }

    /// <summary>Starts a new run: checks the data against the manifest, creates the run folder and its lock file.</summary>
    public static FineTuneRun Start(Experiment experiment, IDomainPlugin plugin, RunOptions options, ITrainingObserver observer)
    {
        var manifest = DatasetManifest.Load(experiment.Data.GetString("manifest"));
        if (manifest.Plugin != plugin.Id)
            throw new UserErrorException($"{manifest.SourcePath}: this manifest is for plugin '{manifest.Plugin}', the experiment uses '{plugin.Id}'");
        var changed = CheckData(manifest, experiment.Data.GetBool("allow_changed") || options.AllowChangedData, observer);
        // The lock records what was decided, not what was left open.
        ((Dictionary<string, object?>)experiment.Tree["eval"]!)["monitor"] = ResolveMonitor(experiment, plugin);
        var lockText = LockFile.Compose(experiment, manifest, changed, options, plugin);
        var folder = RunFolder.Create(options.RunsRoot, experiment.Name, lockText);
        AtomicFile.WriteAllText(folder.LockFile, lockText);
        if (options.OriginalText is not null) AtomicFile.WriteAllText(folder.Combine("experiment.original.yaml"), options.OriginalText);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lockText)));
        return new FineTuneRun(experiment, plugin, folder, observer, manifest, sha, null, null);
    }

    /// <summary>Resumes a run from its <c>checkpoints/last.ckpt</c>, with the experiment read from its lock file.</summary>
    public static FineTuneRun Resume(RunFolder folder, Experiment experiment, IDomainPlugin plugin, RunOptions options, ITrainingObserver observer)
    {
        var last = folder.LastCheckpoint;
        if (!File.Exists(last)) throw new UserErrorException($"{folder.Path}: no checkpoints/last.ckpt to resume from (the run stopped before its first checkpoint; start it again)");
        var state = Checkpoint.ReadState(last);
        var lockText = File.ReadAllText(folder.LockFile);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lockText)));
        if (state.ExperimentSha256.Length > 0 && state.ExperimentSha256 != sha)
            throw new DataFormatException(last, "this checkpoint belongs to another experiment (the lock file's hash differs)");
        var manifest = DatasetManifest.Load(experiment.Data.GetString("manifest"));
        CheckData(manifest, experiment.Data.GetBool("allow_changed") || options.AllowChangedData, observer);
        MetricsLog.TruncateForResume(folder.MetricsFile, state.Epoch, state.GlobalStep);
        return new FineTuneRun(experiment, plugin, folder, observer, manifest, sha, state, last);
    }

    private static IReadOnlyList<FileProblem> CheckData(DatasetManifest manifest, bool allowChanged, ITrainingObserver observer)
    {
        observer.Phase("checking data against the manifest");
        var report = ManifestVerifier.Verify(manifest, null, decode: false);
        observer.Phase(null);
        if (report.FileProblems.Count == 0) return [];
        var list = string.Join("\n  ", report.FileProblems.Take(10).Select(p => $"{manifest.Resolve(p.Path)}: {p.Problem}"))
            + (report.FileProblems.Count > 10 ? $"\n  … and {report.FileProblems.Count - 10} more" : "");
        if (!allowChanged)
            throw new UserErrorException($"{manifest.SourcePath}: {report.FileProblems.Count} file(s) no longer match the manifest:\n  {list}\n"
                + "Rebuild the manifest, or pass --allow-changed-data to train anyway (the lock file records it).");
        observer.Message($"warning: training on {report.FileProblems.Count} changed file(s) (--allow-changed-data): recorded in the lock file");
        return report.FileProblems;
    }

    /// <summary>The training split's loader as an experiment describes it: shuffled, augmented, data budget, last short batch dropped.</summary>
    internal static BatchLoader TrainingLoader(Experiment experiment, IDomainPlugin plugin, IDataset trainSet)
    {
        int batchSize = experiment.Train.GetInt("batch_size");
        var augmentations = experiment.Augmentations.Select(plugin.CreateAugmentation).ToList();
        return new BatchLoader(trainSet, batchSize, shuffle: true, experiment.Seed, augmentations,
            subset: DataBudget(trainSet, experiment.Data.GetIntOrNull("per_class"), experiment.Seed), dropLast: trainSet.Count > batchSize);
    }

    /// <summary>The device for <c>device: auto|cpu|cuda</c>; asking for CUDA where there is none is a user error.</summary>
    internal static Device PickDevice(string setting) => setting switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available() ? CUDA : throw new UserErrorException("device: cuda, but TorchSharp sees no CUDA device (use device: auto or cpu)"),
        _ => cuda.is_available() ? CUDA : CPU,
    };

    /// <summary>Picks at most <paramref name="perClass"/> training items per class, the same ones for a given seed.</summary>
    internal static IReadOnlyList<int>? DataBudget(IDataset set, int? perClass, int seed)
    {
        if (perClass is not int n) return null;
        var byClass = new Dictionary<string, List<int>>();
        for (int i = 0; i < set.Count; i++)
        {
            var key = string.Join("+", set.Item(i).Labels.OrderBy(l => l, StringComparer.Ordinal));
            if (!byClass.TryGetValue(key, out var list)) byClass[key] = list = [];
            list.Add(i);
        }
        var chosen = new List<int>();
        foreach (var (key, list) in byClass.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var arr = list.ToArray();
            new Random(ManifestBuilder.StableSeed(seed, "budget:" + key)).Shuffle(arr);
            chosen.AddRange(arr.Take(n));
        }
        chosen.Sort();
        return chosen;
    }

    private void PrepareRetention(bool scoreBefore)
    {
        var retainPath = experiment.Data.GetStringOrNull("retain");
        double ewc = experiment.Regularization.GetDouble("ewc");
        if (retainPath is null)
        {
            if (ewc > 0) throw new UserErrorException("regularization.ewc needs data.retain: the manifest of the task whose knowledge to keep");
            penalties.Anchor(built.Model, null);
            return;
        }
        var retainManifest = DatasetManifest.Load(retainPath);
        var split = experiment.Data.GetString("retain_split");
        using var retain = plugin.OpenDataset(retainManifest, split, new DataContext(experiment.DataOptions, Training: false, experiment.Task));
        if (retain.Count == 0) throw new UserErrorException($"{retainPath}: split '{split}' has no items to score");
        var unknown = retain.Classes.Except(built.Classes).ToList();
        if (unknown.Count > 0 && built.Classes.Count > 0)
            throw new UserErrorException($"{retainPath}: classes {string.Join(", ", unknown)} are not classes of the model ({string.Join(", ", built.Classes)}); the retain set must be scorable with the fine-tuned head");
        if (scoreBefore)
        {
            observer.Phase("scoring the retain set before fine-tuning");
            var before = Evaluate(retain, "retain");
            foreach (var (k, v) in before) retainBefore[k] = v;
            using var log = new MetricsLog(run.MetricsFile);
            log.Write("retain-before", 0, 0, before);
            observer.Phase(null);
        }
        Dictionary<string, Tensor>? fisher = null;
        if (ewc > 0)
        {
            observer.Phase("estimating the EWC Fisher information on the retain set");
            fisher = EstimateFisher(retain, experiment.Regularization.GetInt("ewc_batches"));
            observer.Phase(null);
        }
        penalties.Anchor(built.Model, fisher);
        if (fisher is not null) foreach (var t in fisher.Values) t.Dispose();
    }

    private Dictionary<string, Tensor> EstimateFisher(IDataset retain, int maxBatches)
    {
        var model = built.Model;
        model.eval();
        var sums = model.named_parameters().Where(p => p.name.StartsWith("backbone.", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => zeros_like(p.parameter).DetachFromDisposeScope());
        var saved = model.parameters().Select(p => p.requires_grad).ToList();
        foreach (var p in model.parameters()) p.requires_grad = true;
        var loader = new BatchLoader(retain, experiment.Train.GetInt("batch_size"), shuffle: false, experiment.Seed);
        int n = 0;
        foreach (var batch in loader.Epoch(0, 0, 1))
        {
            using var scope = NewDisposeScope();
            using var b = batch.To(device);
            batch.Dispose();
            model.zero_grad();
            using var output = model.call(b.Input);
            using var loss = built.Head.Loss(output, b);
            loss.backward();
            foreach (var (name, p) in model.named_parameters())
                if (sums.TryGetValue(name, out var s) && p.grad is { } g) s.add_(g.square());
            if (++n >= maxBatches) break;
        }
        model.zero_grad();
        foreach (var (p, rg) in model.parameters().Zip(saved)) p.requires_grad = rg;
        foreach (var s in sums.Values) s.div_(Math.Max(1, n));
        return sums;
    }

    /// <summary>Trains to the end (or early stop), then evaluates the best checkpoint on the test split.</summary>
    public RunSummary Train(CancellationToken cancel = default)
    {
        var train = experiment.Train;
        int epochs = train.GetInt("epochs");
        int keep = experiment.Checkpoints.GetInt("keep");
        int workers = train.GetInt("workers");
        int prefetch = train.GetInt("prefetch");
        int? patience = train.GetSection("early_stopping").GetIntOrNull("patience");
        double minDelta = train.GetSection("early_stopping").GetDouble("min_delta");
        var unfreezePlan = experiment.Finetune.GetSections("unfreeze");
        var clip = experiment.Regularization.GetDoubleOrNull("grad_clip");
        using var log = new MetricsLog(run.MetricsFile);
        var wait = new WaitCounter();
        int logEvery = Math.Max(1, stepsPerEpoch / 50);

        while (epoch < epochs && !stoppedEarly)
        {
            foreach (var step in unfreezePlan.Where(u => u.GetInt("epoch") <= epoch))
            {
                var changed = built.Groups.Unfreeze(built.Groups.Resolve(step.GetStrings("groups"), "finetune.unfreeze"));
                if (changed.Count > 0) observer.Message($"epoch {epoch}: unfroze {string.Join(", ", changed)}");
            }
            var model = built.Model;
            model.train();
            built.Groups.Apply(training: true);

            int batches = Math.Min(trainLoader.BatchCount, stepsPerEpoch * accumulate);
            observer.EpochStarted(epoch, epochs, batches, batchInEpoch);
            wait.Reset();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int lossCount = 0, samples = 0, micro = 0;
            foreach (var batch in trainLoader.Epoch(epoch, workers, prefetch, batchInEpoch, wait, cancel))
            {
                if (batchInEpoch >= batches) { batch.Dispose(); break; }
                using (var scope = NewDisposeScope())
                {
                    using var b = batch.To(device);
                    batch.Dispose();
                    manual_seed(ManifestBuilder.StableSeed(experiment.Seed, $"step:{epoch}:{batchInEpoch}"));
                    var mixRng = new Random(ManifestBuilder.StableSeed(experiment.Seed, $"mix:{epoch}:{batchInEpoch}"));
                    var mixed = mixing.Enabled ? mixing.Mix(b, mixRng) : null;
                    Tensor loss;
                    if (mixed is { } mx)
                    {
                        using var output = model.call(mx.Input);
                        using var la = built.Head.Loss(output, b);
                        using var lb = built.Head.Loss(output, mx.Permuted);
                        loss = la.mul(mx.Lambda).add_(lb.mul(1 - mx.Lambda));
                        mx.Permuted.Dispose();
                    }
                    else
                    {
                        using var output = model.call(b.Input);
                        loss = built.Head.Loss(output, b);
                    }
                    double lossValue = loss.item<float>();
                    if (!double.IsFinite(lossValue))
                        throw new UserErrorException($"the training loss became {lossValue} at epoch {epoch}, batch {batchInEpoch}: lower finetune.lr, or set regularization.grad_clip");
                    var penalty = penalties.Compute();
                    var total = penalty is null ? loss : loss.add(penalty);
                    (accumulate > 1 ? total.div(accumulate) : total).backward();
                    lossSum += lossValue;
                    lossCount++;
                    samples += b.Count;
                    micro++;
                    bool lastOfEpoch = batchInEpoch + 1 >= batches;
                    if (micro == accumulate || lastOfEpoch)
                    {
                        if (clip is double c)
                        {
                            var trainable = model.parameters().Where(p => p.requires_grad && p.grad is not null).ToList();
                            if (trainable.Count > 0) nn.utils.clip_grad_norm_(trainable, c);
                        }
                        var lrs = SetLearningRates();
                        optimizer.step();
                        optimizer.zero_grad();
                        UpdateEma();
                        globalStep++;
                        micro = 0;
                        if (globalStep % logEvery == 0 || lastOfEpoch)
                        {
                            var values = new List<KeyValuePair<string, double>> { new("train/loss", lossSum / lossCount) };
                            values.AddRange(lrs.Select(kv => new KeyValuePair<string, double>("lr/" + kv.Key, kv.Value)));
                            if (penalty is not null) values.Add(new("train/penalty", penalty.item<float>()));
                            log.Write("step", epoch, globalStep, values);
                            tensorBoard?.Scalars(values, globalStep);
                        }
                    }
                }
                batchInEpoch++;
                observer.BatchDone(batchInEpoch, lossSum / Math.Max(1, lossCount), samples / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
            }
            var trainSeconds = clock.Elapsed.TotalSeconds;
            double peakMb = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;

            observer.Phase($"evaluating epoch {epoch} on {experiment.Data.GetString("val_split")}");
            var val = WithEma(() => Evaluate(valSet, "val"));
            observer.Phase(null);
            double retainedMb = RetainedMemoryMb();
            var record = new List<KeyValuePair<string, double>>(val)
            {
                new("train/loss_epoch", lossSum / Math.Max(1, lossCount)),
                new("time/train_seconds", trainSeconds),
                new("time/data_wait_fraction", trainSeconds > 0 ? wait.Total.TotalSeconds / trainSeconds : 0),
                new("time/data_wait_fraction_steady", trainSeconds > 0 ? wait.Steady.TotalSeconds / trainSeconds : 0),
                new("time/first_batch_wait_seconds", wait.First.TotalSeconds),
                new("throughput/samples_per_second", samples / Math.Max(1e-9, trainSeconds)),
                new("memory/working_set_mb", retainedMb),
                new("memory/peak_working_set_mb", peakMb),
                new("memory/main_thread_live_tensors", DisposeScopeManager.Statistics.ThreadTotalLiveCount),
            };
            foreach (var g in built.Groups.Names) record.Add(new("frozen/" + g, built.Groups.IsFrozen(g) ? 1 : 0));

            if (!val.TryGetValue(monitor, out var current))
                throw new UserErrorException($"eval.monitor '{monitor}' is not among the metrics ({string.Join(", ", val.Keys)})");
            bool improved = bestValue is null || MetricDirection.IsImprovement(monitorMode, current, bestValue.Value, minDelta);
            if (improved) { bestValue = current; bestEpoch = epoch; epochsWithoutImprovement = 0; }
            else epochsWithoutImprovement++;
            if (schedule is ReduceOnPlateauSchedule plateau && plateau.Report(current))
                observer.Message($"epoch {epoch}: {monitor} plateaued, learning rates scaled by {plateau.Scale:G3}");
            record.Add(new("best/" + monitor, bestValue ?? double.NaN));
            log.Write("epoch", epoch, globalStep, record);
            tensorBoard?.Scalars(record, globalStep);

            epoch++;
            batchInEpoch = 0;
            if (patience is int p && epochsWithoutImprovement >= p && epoch < epochs)
            {
                stoppedEarly = true;
                observer.Message($"early stopping after epoch {epoch - 1}: {monitor} did not improve by {minDelta} for {p} epoch(s)");
            }
            SaveCheckpoints(val, improved, keep);
            observer.Message($"epoch {epoch - 1}: train/loss {lossSum / Math.Max(1, lossCount):F4}  {string.Join("  ", val.Where(kv => kv.Key.StartsWith("val/", StringComparison.Ordinal)).Take(4).Select(kv => $"{kv.Key} {kv.Value:F4}"))}{(improved ? "  (best)" : "")}"
                + $"  [{samples / Math.Max(1e-9, trainSeconds):F1} samples/s, data wait {100 * wait.Total.TotalSeconds / Math.Max(1e-9, trainSeconds):F1}%, {retainedMb:F0} MB]");
            RunRecords.WritePlots(run, built.Groups.Names);
        }

        return Finish(log);
    }

    /// <summary>
    /// Working set after a full, compacting collection. Decoded data and checkpoint buffers are managed
    /// garbage that .NET's GC, which does not see libtorch's native memory, may leave for a long time; one
    /// blocking collection per epoch costs milliseconds and keeps the process flat over epochs.
    /// </summary>
    private static double RetainedMemoryMb()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        TrimNativeHeap();
        return Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
    }

    /// <summary>Returns freed native heap pages to the system (glibc keeps them otherwise), so the working set shows what is in use.</summary>
    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private Dictionary<string, double> SetLearningRates()
    {
        var result = new Dictionary<string, double>();
        double factor = schedule.GetMultiplier(globalStep);
        foreach (var g in optimizerGroups)
        {
            double lr = built.Groups.BaseLearningRate(g.LayerGroup) * factor;
            g.ParamGroup.LearningRate = lr;
            result[g.LayerGroup] = built.Groups.IsFrozen(g.LayerGroup) ? 0 : lr;
        }
        return result;
    }

    private void UpdateEma()
    {
        if (ema is null || emaDecay is not double d) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (name, t) in built.Model.state_dict())
        {
            var shadow = ema[name];
            if (t.is_floating_point()) shadow.mul_(d).add_(t, alpha: 1 - d);
            else shadow.copy_(t);
        }
    }

    /// <summary>Copies of a module's tensors, owned by the caller (the detached views are disposed here).</summary>
    private static Dictionary<string, Tensor> CloneState(nn.Module model)
    {
        using var scope = NewDisposeScope();
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().MoveToOuterDisposeScope());
    }

    /// <summary>Runs <paramref name="evaluate"/> with the EMA weights in the model when EMA is on.</summary>
    private T WithEma<T>(Func<T> evaluate)
    {
        if (ema is null) return evaluate();
        var model = built.Model;
        var backup = CloneState(model);
        try
        {
            using (NewDisposeScope())
            using (no_grad())
                foreach (var (k, t) in model.state_dict()) t.copy_(ema[k]);
            return evaluate();
        }
        finally
        {
            using (NewDisposeScope())
            using (no_grad())
                foreach (var (k, t) in model.state_dict()) t.copy_(backup[k]);
            foreach (var t in backup.Values) t.Dispose();
        }
    }

    /// <summary>Loss and the plugin's metrics over a dataset, prefixed with <paramref name="prefix"/>.</summary>
    private Dictionary<string, double> Evaluate(IDataset set, string prefix) =>
        EvaluationLoop.Run(built, evaluator, set, device, experiment.Train.GetIntOrNull("eval_batch_size") ?? experiment.Train.GetInt("batch_size"),
            experiment.Seed, experiment.Train.GetInt("workers"), prefix);

    private void SaveCheckpoints(Dictionary<string, double> val, bool improved, int keep)
    {
        var state = new CheckpointState
        {
            Epoch = epoch,
            BatchInEpoch = batchInEpoch,
            GlobalStep = globalStep,
            Schedule = schedule.Name,
            ScheduleState = schedule.SaveState().ToDictionary(kv => kv.Key, kv => kv.Value),
            Groups = built.Groups.State(),
            Monitor = monitor,
            BestValue = bestValue,
            BestEpoch = bestEpoch,
            EpochsWithoutImprovement = epochsWithoutImprovement,
            StoppedEarly = stoppedEarly,
            Seed = experiment.Seed,
            Classes = built.Classes.ToList(),
            Plugin = plugin.Id,
            Task = experiment.Task.Type,
            Backbone = experiment.Model.GetString("backbone"),
            HeadMetadata = built.Head.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value),
            Metrics = val,
            ExperimentSha256 = lockSha,
        };
        if (improved)
        {
            // The best checkpoint holds the weights that are evaluated (EMA when on).
            WithEma(() => Checkpoint.Save(run.BestCheckpoint, state, built.Model, null));
        }
        if (keep > 0)
        {
            Checkpoint.Save(run.EpochCheckpoint(epoch - 1), state, built.Model, optimizer, ema);
            var old = Directory.GetFiles(run.CheckpointDirectory, "epoch-*.ckpt").OrderBy(f => f, StringComparer.Ordinal).ToList();
            foreach (var f in old.Take(Math.Max(0, old.Count - keep)))
            {
                File.Delete(f);
                if (File.Exists(f + ".sha256")) File.Delete(f + ".sha256");
            }
        }
        // last is written last: a run killed while saving resumes from the previous complete epoch.
        Checkpoint.Save(run.LastCheckpoint, state, built.Model, optimizer, ema);
    }

    private RunSummary Finish(MetricsLog log)
    {
        var summary = new Dictionary<string, double>();
        if (File.Exists(run.BestCheckpoint))
        {
            observer.Phase("loading the best checkpoint");
            Checkpoint.Load(run.BestCheckpoint, built.Model);
            observer.Phase(null);
        }
        var val = Evaluate(valSet, "val");
        foreach (var (k, v) in val) summary[k] = v;
        if (built.Head is ICalibratedHead calibrated)
        {
            calibrated.Calibrate(evaluator);
            // From here on (test split, predictions) decisions use the tuned settings.
            evaluator = plugin.CreateEvaluator(built.TaskContext with { Metadata = built.Head.Metadata });
            if (File.Exists(run.BestCheckpoint))
            {
                var best = Checkpoint.ReadState(run.BestCheckpoint) with { HeadMetadata = built.Head.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value) };
                Checkpoint.Save(run.BestCheckpoint, best, built.Model, null);
            }
            observer.Message("calibrated the head on the validation split; stored with the best checkpoint");
        }
        WritePredictions(valSet, "val");
        if (testSet is not null)
        {
            observer.Phase($"evaluating the best checkpoint on {experiment.Data.GetString("test_split")}");
            var test = Evaluate(testSet, "test");
            WritePredictions(testSet, "test");
            observer.Phase(null);
            foreach (var (k, v) in test) summary[k] = v;
            log.Write("test", epoch, globalStep, test);
        }
        var retainPath = experiment.Data.GetStringOrNull("retain");
        if (retainPath is not null)
        {
            var retainManifest = DatasetManifest.Load(retainPath);
            using var retain = plugin.OpenDataset(retainManifest, experiment.Data.GetString("retain_split"), new DataContext(experiment.DataOptions, false, experiment.Task));
            observer.Phase("scoring the retain set after fine-tuning");
            var after = Evaluate(retain, "retain");
            observer.Phase(null);
            log.Write("retain-after", epoch, globalStep, after);
            var before = MetricsLog.Read(run.MetricsFile).LastOrDefault(r => r.Kind == "retain-before")?.Values ?? retainBefore;
            foreach (var (k, v) in after)
            {
                summary[k] = v;
                if (before.TryGetValue(k, out var b))
                {
                    summary[k.Replace("retain/", "retain_before/")] = b;
                    summary[k.Replace("retain/", "forgetting/")] = MetricDirection.TryGetMode(k.Split('/').Last(), out var mode) && mode == MetricMode.Max ? b - v : v - b;
                }
            }
        }
        summary["best_epoch"] = bestEpoch ?? -1;
        summary["epochs_run"] = epoch;
        summary["global_steps"] = globalStep;
        summary["stopped_early"] = stoppedEarly ? 1 : 0;
        var result = new RunSummary(run.Path, monitor, bestValue, bestEpoch, stoppedEarly, summary);
        AtomicFile.WriteAllText(run.SummaryFile, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        // What the head decided (alphabet and its changes, thresholds, classes…), readable beside the report.
        AtomicFile.WriteAllText(run.Combine("head.json"), JsonSerializer.Serialize(built.Head.Metadata,
            new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        RunRecords.WritePlots(run, built.Groups.Names, built.Classes);
        RunRecords.WriteReport(run, experiment, manifest, plugin, result, built.LoadNotes);
        return result;
    }

    private void WritePredictions(IDataset set, string split) =>
        PredictionsFile.Write(run.PredictionsFile(split), evaluator, set, built.Classes);

    public void Dispose()
    {
        tensorBoard?.Dispose();
        trainSet.Dispose();
        valSet.Dispose();
        testSet?.Dispose();
        penalties.Dispose();
        if (ema is not null) foreach (var t in ema.Values) t.Dispose();
        optimizer.Dispose();
        built.Model.Dispose();
    }
}
