using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Core.Config;

/// <summary>
/// A validated experiment with every default filled in. <see cref="Tree"/> is what the run folder records
/// as <c>experiment.lock.yaml</c>; the accessors below read sections of it.
/// </summary>
public sealed class Experiment
{
    public Experiment(Dictionary<string, object?> tree, string? sourcePath)
    {
        Tree = tree;
        SourcePath = sourcePath;
        Root = new Settings(tree);
    }

    /// <summary>The resolved experiment, in schema order.</summary>
    public Dictionary<string, object?> Tree { get; }

    /// <summary>The experiment file it came from, if any.</summary>
    public string? SourcePath { get; }

    /// <summary>The whole tree as settings.</summary>
    public Settings Root { get; }

    public string Name => Root.GetString("name");
    public string PluginId => Root.GetString("plugin");
    public int Seed => Root.GetInt("seed");
    public string Device => Root.GetString("device");
    public Settings Data => Root.GetSection("data");
    public Settings Model => Root.GetSection("model");
    public Settings Finetune => Root.GetSection("finetune");
    public Settings Optimizer => Root.GetSection("optimizer");
    public Settings Schedule => Root.GetSection("schedule");
    public Settings Regularization => Root.GetSection("regularization");
    public Settings Train => Root.GetSection("train");
    public Settings Eval => Root.GetSection("eval");
    public Settings Checkpoints => Root.GetSection("checkpoints");
    public IReadOnlyList<Settings> Augment => Root.GetSections("augment");

    /// <summary>The task type and its options.</summary>
    public TaskSpec Task
    {
        get
        {
            var t = Root.GetSection("task");
            return new TaskSpec(t.GetString("type"), t.GetSection("options"));
        }
    }

    /// <summary>The plugin's data options.</summary>
    public Settings DataOptions => Data.GetSection("options");

    /// <summary>Augmentation specs (name + settings without the name).</summary>
    public IReadOnlyList<AugmentationSpec> Augmentations =>
        Augment.Select(a => new AugmentationSpec(a.GetString("name"),
            new Settings(a.Values.Where(kv => kv.Key != "name").ToDictionary(kv => kv.Key, kv => kv.Value)))).ToList();
}
