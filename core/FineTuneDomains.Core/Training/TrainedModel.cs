using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Tracking;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// A trained model loaded from a run folder (its best checkpoint) or a checkpoint file inside one, with
/// the experiment it was trained by. Used by <c>ftd eval</c>, <c>ftd predict</c> and plugin verbs
/// (detect, transcribe…).
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(Experiment experiment, BuiltModel built, CheckpointState state, string checkpointPath, RunFolder run, Device device)
    {
        Experiment = experiment;
        Built = built;
        State = state;
        CheckpointPath = checkpointPath;
        Run = run;
        Device = device;
    }

    public Experiment Experiment { get; }
    public BuiltModel Built { get; }
    public CheckpointState State { get; }
    public string CheckpointPath { get; }
    public RunFolder Run { get; }
    public Device Device { get; }

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> Classes => Built.Classes;

    /// <summary>What the head stored at training time (thresholds, alphabet…).</summary>
    public IReadOnlyDictionary<string, string> HeadMetadata => State.HeadMetadata;

    /// <summary>
    /// Loads <paramref name="runOrCheckpoint"/>: a run folder (its best, else last checkpoint) or a .ckpt
    /// inside a run's <c>checkpoints/</c>. The experiment is read from the run's lock file.
    /// </summary>
    public static TrainedModel Load(string runOrCheckpoint, IDomainPlugin plugin, int inputChannels = -1)
    {
        var full = Path.GetFullPath(runOrCheckpoint);
        string ckpt;
        RunFolder run;
        if (Directory.Exists(full))
        {
            run = RunFolder.Open(full);
            ckpt = File.Exists(run.BestCheckpoint) ? run.BestCheckpoint : run.LastCheckpoint;
            if (!File.Exists(ckpt)) throw new UserErrorException($"{full}: the run has no checkpoint yet");
        }
        else if (File.Exists(full))
        {
            ckpt = full;
            var dir = Path.GetDirectoryName(Path.GetDirectoryName(full)!)!;
            if (!File.Exists(Path.Combine(dir, "experiment.lock.yaml")))
                throw new UserErrorException($"{full}: a checkpoint must stay inside its run folder (…/checkpoints/x.ckpt beside experiment.lock.yaml) so its experiment is known");
            run = RunFolder.Open(dir);
        }
        else throw new UserErrorException($"{runOrCheckpoint}: no such run folder or checkpoint");

        var state = Checkpoint.ReadState(ckpt);
        if (state.Plugin != plugin.Id)
            throw new UserErrorException($"{ckpt}: trained with plugin '{state.Plugin}', not '{plugin.Id}'");
        var description = plugin.Describe();
        var experiment = new ExperimentLoader(id => id == plugin.Id ? description : null, [plugin.Id]).Load(run.LockFile);
        int channels = inputChannels > 0 ? inputChannels : InputChannelsOf(experiment, plugin);
        var built = ModelBuilder.Build(experiment, plugin, state.Classes, channels, headMetadata: state.HeadMetadata);
        // Unlike training, a trained model falls back to the CPU when the CUDA it was trained on is absent here.
        var device = cuda.is_available() && experiment.Device != "cpu" ? CUDA : CPU;
        Checkpoint.Load(ckpt, built.Model);
        built.Model.to(device);
        built.Model.eval();
        return new TrainedModel(experiment, built, state, ckpt, run, device);
    }

    private static int InputChannelsOf(Experiment experiment, IDomainPlugin plugin)
    {
        var manifestPath = experiment.Data.GetString("manifest");
        if (!File.Exists(manifestPath))
            throw new UserErrorException($"{manifestPath}: the run's training manifest is gone; its input channels cannot be known");
        using var set = plugin.OpenDataset(DatasetManifest.Load(manifestPath), experiment.Data.GetString("train_split"),
            new DataContext(experiment.DataOptions, false, experiment.Task));
        return set.InputChannels;
    }

    /// <summary>Model outputs for a batch input (on CPU, detached). Call inside a dispose scope.</summary>
    public Tensor Forward(Tensor input)
    {
        using var _ = no_grad();
        using var x = input.to(Device);
        using var y = Built.Model.call(x);
        return y.detach().cpu();
    }

    /// <summary>Evaluates on a dataset with the plugin's evaluator; returns metrics and the evaluator (for predictions).</summary>
    /// <remarks>With <c>labelled: false</c> (unlabelled items) only predictions are made: no loss, no metrics.</remarks>
    public (Dictionary<string, double> Metrics, IEvaluator Evaluator) Evaluate(IDomainPlugin plugin, IDataset set, string prefix, int batchSize = 0, bool labelled = true)
    {
        var evaluator = plugin.CreateEvaluator(Built.TaskContext);
        var metrics = EvaluationLoop.Run(Built, evaluator, set, Device, batchSize > 0 ? batchSize : Experiment.Train.GetInt("batch_size"),
            Experiment.Seed, Experiment.Train.GetInt("workers"), prefix, computeLoss: labelled);
        return (metrics, evaluator);
    }

    public void Dispose() => Built.Model.Dispose();
}
