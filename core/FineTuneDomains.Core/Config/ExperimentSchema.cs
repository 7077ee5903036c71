using FineTuneDomains.Core.Plugins;
using static FineTuneDomains.Core.Config.OptionSpec;

namespace FineTuneDomains.Core.Config;

/// <summary>
/// The schema of experiment files. Plugin-dependent sections (<c>data.options</c>, <c>task.options</c>,
/// each <c>augment</c> entry) are resolved against the plugin's description once <c>plugin</c> is known.
/// </summary>
public static class ExperimentSchema
{
    /// <summary>Backbone names the core builds.</summary>
    public static readonly string[] Backbones = ["resnet18", "resnet34", "resnet50", "small_cnn", "none"];

    /// <summary>Learning-rate schedule names.</summary>
    public static readonly string[] Schedules =
        ["constant", "step", "multistep", "exponential", "cosine", "cosine_restarts", "one_cycle", "linear", "polynomial", "plateau"];

    /// <summary>Batch-norm policies per group.</summary>
    public static readonly string[] BatchNormPolicies = ["train", "freeze_stats", "freeze"];

    /// <summary>Builds the schema; <paramref name="findPlugin"/> returns a plugin's description by id, or null.</summary>
    public static ObjectSchema Build(Func<string, PluginDescription?> findPlugin, IReadOnlyList<string> knownPlugins)
    {
        PluginDescription Plugin(DynamicContext c)
        {
            var id = c.Root.TryGetValue("plugin", out var p) ? p as string : null;
            if (id is null) throw new UserErrorException("cannot be checked before 'plugin' is set");
            return findPlugin(id) ?? throw new UserErrorException(
                $"no plugin '{id}' is loaded (loaded: {(knownPlugins.Count == 0 ? "none" : string.Join(", ", knownPlugins))})");
        }

        static ObjectSchema Options(IEnumerable<OptionSpec> specs) => new(specs.Select(s => new FieldSchema(s.Name, new ValueSchema(s))).ToList());

        TaskDescription Task(DynamicContext c)
        {
            var plugin = Plugin(c);
            var type = c.Local.TryGetValue("type", out var t) ? t as string : null;
            return plugin.Tasks.FirstOrDefault(x => x.Type == type) ?? plugin.Tasks.FirstOrDefault()
                ?? throw new UserErrorException($"plugin '{plugin.Id}' declares no tasks");
        }

        var taskType = new DynamicSchema(c =>
        {
            var plugin = Plugin(c);
            var types = plugin.Tasks.Select(t => t.Type).ToArray();
            if (types.Length == 0) throw new UserErrorException($"plugin '{plugin.Id}' declares no tasks");
            return new ValueSchema(Enum("type", types[0], "task type", types));
        });

        var augmentation = new DynamicSchema(c =>
        {
            var plugin = Plugin(c);
            var names = plugin.Augmentations.Select(a => a.Name).ToArray();
            if (!c.RawKeys.TryGetValue("name", out var name))
                throw new UserErrorException($"each augmentation needs a 'name' (one of: {string.Join(", ", names)})");
            var a = plugin.Augmentations.FirstOrDefault(x => x.Name == name);
            if (a is null)
            {
                var hint = SchemaValidator.Suggest(name, names);
                throw new UserErrorException($"plugin '{plugin.Id}' has no augmentation '{name}'" + (hint is null ? "" : $" (did you mean '{hint}'?)")
                    + $"; it has: {string.Join(", ", names)}");
            }
            return new ObjectSchema([new FieldSchema("name", new ValueSchema(Enum("name", name, "augmentation", names))),
                ..a.Options.Select(o => new FieldSchema(o.Name, new ValueSchema(o)))]);
        });

        var unfreezeStep = new ObjectSchema([
            F(Int("epoch", 1, "epoch (0-based) at whose start the groups are unfrozen", 0)),
            F(Strings("groups", ["all"], "group names, or 'all'")),
        ]);

        return new ObjectSchema([
            F(String("name", null, "experiment name (default: the file name)")),
            F(String("description", "", "free text")),
            new("plugin", new ValueSchema(new OptionSpec("plugin", OptionType.String, null, "plugin id") { Required = true })),
            F(Int("seed", 42, "seed for splits, initialisation, shuffling and augmentation", 0, int.MaxValue)),
            F(Enum("device", "auto", "auto picks cuda when available", "auto", "cpu", "cuda")),
            new("data", new ObjectSchema([
                new("manifest", new ValueSchema(new OptionSpec("manifest", OptionType.Path, null, "dataset manifest (JSON)") { Required = true })),
                F(String("generate", null, "ftd arguments that write the manifest when it is missing (e.g. a plugin's synth verb), run from the experiment's folder")),
                F(String("train_split", "train", "split used for training")),
                F(String("val_split", "val", "split used for validation, early stopping and the best checkpoint")),
                F(String("test_split", "test", "split evaluated once at the end")),
                F(Int("per_class", null, "keep at most this many training items per class (data budget; chosen by seed)", 1)),
                F(Path("retain", null, "manifest of the original task, scored before and after fine-tuning (forgetting)")),
                F(String("retain_split", "test", "split of the retain manifest to score")),
                F(Bool("allow_changed", false, "train even if files no longer match their manifest hashes (recorded in the lock file)")),
                new("options", new DynamicSchema(c => Options(Plugin(c).DataOptions))),
            ])),
            new("task", new ObjectSchema([
                new("type", taskType),
                new("options", new DynamicSchema(c => Options(Task(c).Options))),
            ])),
            new("model", new ObjectSchema([
                F(Enum("backbone", "resnet18", "backbone network", Backbones)),
                F(String("pretrained", "none", "imagenet, none, or a .safetensors/.pt/.ckpt file")),
                F(Bool("strict", true, "refuse pretrained files with missing, unexpected or mis-shaped keys")),
                F(Enum("one_channel", "sum", "1-channel inputs: sum the stem's weights over channels, or repeat the input", "sum", "repeat")),
                F(Enum("return_layer", "layer4", "last backbone stage used", "stem", "layer1", "layer2", "layer3", "layer4")),
                F(Bool("normalize", true, "apply the backbone's input normalisation (inputs arrive in [0, 1] image scale)")),
                F(Double("head_dropout", 0.0, "dropout before the head's last layer", 0, 0.95)),
                new("groups", new MapSchema(new ValueSchema(Strings("globs", [], "parameter-name globs"))) { Summary = "extra groups: name -> parameter-name globs (taken out of the groups they would be in)" }),
            ])),
            new("finetune", new ObjectSchema([
                F(Strings("freeze", [], "groups frozen from the start (besides freeze_to)")),
                F(Int("freeze_to", null, "freeze the first n groups; negative counts from the end (-1: all but the last)")),
                new("unfreeze", new ListSchema(unfreezeStep) { Summary = "gradual unfreezing: [{epoch, groups}]" }),
                F(Double("lr", 1e-3, "base learning rate (the head's)", 0, 10)),
                new("group_lr", new MapSchema(new ValueSchema(Double("lr", 1e-3, "learning rate", 0, 10)))),
                F(Double("layer_decay", null, "layer-wise decay: each group's lr is the next group's times this (head to stem)", 0, 1)),
                new("bn", new MapSchema(new ValueSchema(Enum("policy", "train", "batch-norm policy", BatchNormPolicies))) { Summary = "group (or 'default') -> train | freeze_stats | freeze" }),
            ])),
            new("optimizer", new ObjectSchema([
                F(Enum("name", "adamw", "optimiser", "adamw", "sgd")),
                F(Double("weight_decay", 0.01, "decoupled (AdamW) or L2 (SGD) weight decay", 0, 1)),
                F(Bool("decay_bias_and_norm", false, "also decay biases and normalisation weights")),
                F(Doubles("betas", [0.9, 0.999], "AdamW betas", 0, 1)),
                F(Double("eps", 1e-8, "AdamW epsilon", 0, 1)),
                F(Double("momentum", 0.9, "SGD momentum", 0, 1)),
                F(Bool("nesterov", false, "SGD Nesterov momentum")),
            ])),
            new("schedule", new DynamicSchema(c => ScheduleSchema(c.RawKeys.TryGetValue("name", out var n) ? n : "cosine"))),
            new("regularization", new ObjectSchema([
                F(Double("l2sp", 0.0, "L2-SP: penalty weight toward the pretrained weights", 0)),
                F(Double("ewc", 0.0, "EWC: penalty weight (Fisher from data.retain)", 0)),
                F(Int("ewc_batches", 8, "EWC: batches of the retain set used to estimate the Fisher", 1)),
                F(Double("label_smoothing", 0.0, "label smoothing (classification)", 0, 0.5)),
                F(Double("mixup", 0.0, "mixup alpha (0 = off)", 0)),
                F(Double("cutmix", 0.0, "cutmix alpha (0 = off)", 0)),
                F(Double("mix_prob", 1.0, "probability a batch is mixed when mixup/cutmix is on", 0, 1)),
                F(Double("grad_clip", null, "clip the global gradient norm to this", 0)),
                F(Double("ema", null, "exponential moving average of weights with this decay (e.g. 0.999)", 0, 1)),
            ])),
            new("augment", new ListSchema(augmentation) { Summary = "training-only augmentations of the plugin" }),
            new("train", new ObjectSchema([
                F(Int("epochs", 10, "epochs", 1, 100000)),
                F(Int("batch_size", 16, "batch size", 1, 65536)),
                F(Int("accumulate", 1, "gradient accumulation steps", 1, 1024)),
                F(Int("max_steps_per_epoch", null, "cap optimiser steps per epoch (smoke tests)", 1)),
                F(Int("workers", 2, "loader threads", 0, 64)),
                F(Int("prefetch", 4, "batches prepared ahead", 1, 256)),
                F(Int("eval_batch_size", null, "batch size for evaluation (default: batch_size)", 1)),
                new("early_stopping", new ObjectSchema([
                    F(Int("patience", null, "epochs without improvement before stopping (off when empty)", 1)),
                    F(Double("min_delta", 0.0, "improvement smaller than this does not count", 0)),
                ])),
            ])),
            new("eval", new ObjectSchema([
                F(String("monitor", null, "metric for early stopping, plateau and the best checkpoint (default: the task's)")),
                F(Enum("mode", "auto", "whether the monitored metric should go up or down", "auto", "min", "max")),
                F(Bool("test", true, "evaluate the best checkpoint on the test split at the end")),
            ])),
            new("checkpoints", new ObjectSchema([
                F(Int("keep", 1, "epoch checkpoints kept besides last and best", 0, 1000)),
            ])),
        ]);
    }

    /// <summary>The options of one learning-rate schedule (the keys <see cref="Training.Schedules.ScheduleFactory"/> reads).</summary>
    internal static ObjectSchema ScheduleSchema(string name)
    {
        if (!Schedules.Contains(name))
        {
            var hint = SchemaValidator.Suggest(name, Schedules);
            throw new UserErrorException($"unknown schedule '{name}'" + (hint is null ? "" : $" (did you mean '{hint}'?)") + $"; known: {string.Join(", ", Schedules)}");
        }
        var interval = (string def) => Enum("interval", def, "whether the schedule advances per optimiser step or per epoch", "step", "epoch");
        OptionSpec[] warmup =
        [
            Int("warmup", null, "linear warmup length in intervals (not with warmup_ratio)", 0),
            Double("warmup_ratio", null, "warmup as a fraction of the schedule (not with warmup)", 0, 1),
            Double("warmup_start_factor", 0.0, "warmup starts at this fraction of the lr", 0, 1),
        ];
        OptionSpec total = Int("total", null, "schedule length in intervals (default: the whole run)", 1);
        OptionSpec[] floor = [Double("min_lr", null, "lowest lr (absolute; not with min_factor)", 0), Double("min_factor", null, "lowest lr as a fraction of the base (not with min_lr)", 0, 1)];
        OptionSpec[] options = name switch
        {
            "constant" => [interval("step"), .. warmup],
            "step" => [Int("step_size", 1, "intervals between decays", 1), Double("gamma", 0.1, "decay factor", 0), interval("epoch")],
            "multistep" => [Ints("milestones", [], "intervals at which to decay", 1), Double("gamma", 0.1, "decay factor", 0), interval("epoch")],
            "exponential" => [Double("gamma", 0.9, "factor per interval", 0), interval("epoch")],
            "cosine" => [interval("step"), total, .. warmup, .. floor],
            "cosine_restarts" => [Int("t_0", 1, "first cycle length in intervals", 1), Int("t_mult", 1, "cycle length multiplier", 1, 1000), .. floor, interval("epoch")],
            "one_cycle" => [interval("step"), total, Double("pct_start", 0.3, "fraction of the cycle rising", 0, 1), Double("div_factor", 25.0, "initial lr = lr / div_factor", 0),
                Double("final_div_factor", 1e4, "final lr = initial / final_div_factor", 0), Enum("anneal_strategy", "cos", "annealing shape", "cos", "linear"), Bool("three_phase", false, "fastai-style third phase")],
            "linear" => [interval("step"), total, .. warmup, Double("end_lr", null, "final lr (absolute; not with end_factor)", 0), Double("end_factor", null, "final lr as a fraction of the base", 0, 1)],
            "polynomial" => [interval("step"), total, .. warmup, Double("power", 1.0, "decay power", 0), Double("end_lr", null, "final lr (absolute; not with end_factor)", 0), Double("end_factor", null, "final lr as a fraction of the base", 0, 1)],
            _ => [String("metric", null, "metric watched (default: eval.monitor)"), Enum("mode", "auto", "min, max, or auto from the metric", "auto", "min", "max"),
                Double("factor", 0.1, "factor on a plateau", 0, 1), Int("patience", 2, "epochs without improvement before decaying", 0), Double("threshold", 1e-4, "improvement that counts", 0),
                Enum("threshold_mode", "rel", "relative or absolute threshold", "rel", "abs"), Int("cooldown", 0, "epochs to wait after a decay", 0), Double("min_lr", 0.0, "lowest lr", 0)],
        };
        return new ObjectSchema([new FieldSchema("name", new ValueSchema(Enum("name", name, "learning-rate schedule", Schedules))), .. options.Select(F)]);
    }

    private static FieldSchema F(OptionSpec s) => new(s.Name, new ValueSchema(s));
}
