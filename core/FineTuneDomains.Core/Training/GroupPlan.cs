using System.Text.RegularExpressions;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// The one layer-group model: every parameter of the model belongs to exactly one ordered group (stem
/// first, head last). The same groups drive freezing (<c>freeze</c>, <c>freeze_to</c>, <c>unfreeze</c> by
/// epoch), learning rates (per group or layer-wise decay) and the batch-norm policy.
/// </summary>
public sealed class GroupPlan
{
    private readonly List<string> names;
    private readonly Dictionary<string, List<(string Name, Parameter Param)>> parameters;
    private readonly Dictionary<string, List<(string Name, nn.Module Module)>> batchNorms;
    private readonly Dictionary<string, bool> frozen;
    private readonly Dictionary<string, string> bnPolicy;
    private readonly Dictionary<string, double> baseLr;
    private HashSet<string> explicitBn = [];

    private GroupPlan(List<string> names, Dictionary<string, List<(string, Parameter)>> parameters,
        Dictionary<string, List<(string, nn.Module)>> batchNorms)
    {
        this.names = names;
        this.parameters = parameters;
        this.batchNorms = batchNorms;
        frozen = names.ToDictionary(n => n, _ => false);
        bnPolicy = names.ToDictionary(n => n, _ => "train");
        baseLr = names.ToDictionary(n => n, _ => 0.0);
    }

    /// <summary>Group names, stem first, head last.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>Named parameters of a group.</summary>
    public IReadOnlyList<(string Name, Parameter Param)> Parameters(string group) => parameters[group];

    public bool IsFrozen(string group) => frozen[group];

    public string BatchNormPolicy(string group) => bnPolicy[group];

    public double BaseLearningRate(string group) => baseLr[group];

    /// <summary>The group state as saved in checkpoints: group -> (frozen, bn policy).</summary>
    public Dictionary<string, GroupState> State() => names.ToDictionary(n => n, n => new GroupState(frozen[n], bnPolicy[n], baseLr[n]));

    /// <summary>
    /// Assigns the model's parameters to groups. Backbone groups (prefixes relative to the backbone) come
    /// first, then head groups; <paramref name="customGlobs"/> (name -> globs over full parameter names) take
    /// parameters out of the groups they would be in. Groups are ordered by their first parameter.
    /// </summary>
    public static GroupPlan Build(FineTuneModel model, IReadOnlyList<LayerGroup> backboneGroups, IReadOnlyList<LayerGroup> headGroups,
        IReadOnlyDictionary<string, IReadOnlyList<string>> customGlobs)
    {
        var declared = backboneGroups.Select(g => (g.Name, Prefixes: g.Prefixes.Select(p => "backbone." + p).ToList()))
            .Concat(headGroups.Select(g => (g.Name, Prefixes: g.Prefixes.Select(p => "head." + p).ToList()))).ToList();
        var dup = declared.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"layer group '{dup.Key}' is declared twice (backbone and head groups must have distinct names)");
        var customs = customGlobs.Select(kv => (kv.Key, Regexes: kv.Value.Select(GlobToRegex).ToList())).ToList();
        foreach (var c in customs)
            if (declared.Any(d => d.Name == c.Key))
                throw new UserErrorException($"model.groups: '{c.Key}' is already a group of the model ({string.Join(", ", declared.Select(d => d.Name))}); pick another name");

        var assignment = new Dictionary<string, List<(string, Parameter)>>();
        var order = new List<string>();
        foreach (var (name, p) in model.named_parameters())
        {
            string? group = customs.FirstOrDefault(c => c.Regexes.Any(r => r.IsMatch(name))).Key;
            group ??= declared.Select(d => (d.Name, Len: d.Prefixes.Where(pre => Matches(name, pre)).Select(pre => pre.Length).DefaultIfEmpty(-1).Max()))
                .Where(x => x.Len >= 0).OrderByDescending(x => x.Len).Select(x => x.Name).FirstOrDefault();
            group ??= name.StartsWith("head.", StringComparison.Ordinal) ? headGroups.LastOrDefault()?.Name ?? "head" : "backbone";
            if (!assignment.TryGetValue(group, out var list)) { assignment[group] = list = []; order.Add(group); }
            list.Add((name, p));
        }
        foreach (var c in customs.Where(c => !assignment.ContainsKey(c.Key)))
            throw new UserErrorException($"model.groups.{c.Key}: the globs {string.Join(", ", customGlobs[c.Key])} match no parameter of the model");

        var bns = order.ToDictionary(g => g, _ => new List<(string, nn.Module)>());
        var paramGroup = assignment.SelectMany(kv => kv.Value.Select(p => (p.Item1, kv.Key))).ToDictionary(x => x.Item1, x => x.Key);
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not BatchNorm) continue;
            var key = name + ".weight";
            if (paramGroup.TryGetValue(key, out var g)) bns[g].Add((name, module));
            else if (paramGroup.Keys.FirstOrDefault(k => k.StartsWith(name + ".", StringComparison.Ordinal)) is { } k2) bns[paramGroup[k2]].Add((name, module));
            else bns[order.Last()].Add((name, module)); // affine-free BN: attach to the last group
        }
        return new GroupPlan(order, assignment, bns);
    }

    private static bool Matches(string name, string prefix) =>
        prefix.EndsWith('.') ? name.StartsWith(prefix, StringComparison.Ordinal)
        : name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);

    /// <summary>Glob over parameter names: <c>*</c> any run without dots, <c>**</c> any run, <c>?</c> one character.</summary>
    public static Regex GlobToRegex(string glob)
    {
        var s = Regex.Escape(glob).Replace(@"\*\*", "\u0001").Replace(@"\*", "[^.]*").Replace(@"\?", ".").Replace("\u0001", ".*");
        return new Regex("^" + s + "$", RegexOptions.CultureInvariant);
    }

    /// <summary>Expands group names and aliases (<c>all</c>, <c>backbone</c>) to groups; unknown names are user errors.</summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> requested, string setting)
    {
        var result = new List<string>();
        foreach (var r in requested)
        {
            if (r == "all") result.AddRange(names);
            else if (r == "backbone") result.AddRange(names.Where(n => parameters[n].All(p => p.Name.StartsWith("backbone.", StringComparison.Ordinal))));
            else if (names.Contains(r)) result.Add(r);
            else
            {
                var hint = SchemaValidator.Suggest(r, names);
                throw new UserErrorException($"{setting}: no layer group '{r}'" + (hint is null ? "" : $" (did you mean '{hint}'?)")
                    + $"; the model's groups are {string.Join(", ", names)} (and the aliases all, backbone)");
            }
        }
        return result.Distinct().ToList();
    }

    /// <summary>Sets up the plan from the experiment's <c>finetune</c> section for epoch 0.</summary>
    public void Configure(Settings finetune)
    {
        var toFreeze = new List<string>();
        if (finetune.GetIntOrNull("freeze_to") is int n)
            toFreeze.AddRange(names.Take(n >= 0 ? n : Math.Max(0, names.Count + n)));
        toFreeze.AddRange(Resolve(finetune.GetStrings("freeze"), "finetune.freeze"));
        foreach (var g in names) frozen[g] = toFreeze.Contains(g);

        var bn = finetune.GetMap("bn");
        foreach (var key in bn.Keys.Where(k => k != "default")) Resolve([key], "finetune.bn");
        foreach (var g in names)
            bnPolicy[g] = bn.TryGetValue(g, out var p) && p is string s ? s : bn.TryGetValue("default", out var d) && d is string ds ? ds : "train";
        explicitBn = bn.Keys.Where(k => k != "default").ToHashSet();

        double lr = finetune.GetDouble("lr");
        var groupLr = finetune.GetMap("group_lr");
        foreach (var key in groupLr.Keys) Resolve([key], "finetune.group_lr");
        double? decay = finetune.GetDoubleOrNull("layer_decay");
        for (int i = 0; i < names.Count; i++)
        {
            var g = names[i];
            baseLr[g] = groupLr.TryGetValue(g, out var v) && v is not null ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)
                : decay is double d ? lr * Math.Pow(d, names.Count - 1 - i) : lr;
        }
        foreach (var step in finetune.GetSections("unfreeze")) Resolve(step.GetStrings("groups"), "finetune.unfreeze");
    }

    /// <summary>Unfreezes groups (gradual unfreezing); returns the ones that changed.</summary>
    public IReadOnlyList<string> Unfreeze(IEnumerable<string> groups)
    {
        var changed = new List<string>();
        foreach (var g in groups)
            if (frozen[g]) { frozen[g] = false; changed.Add(g); }
        return changed;
    }

    /// <summary>Restores the state saved in a checkpoint.</summary>
    public void Restore(IReadOnlyDictionary<string, GroupState> state)
    {
        foreach (var (g, s) in state)
        {
            if (!frozen.ContainsKey(g)) throw new UserErrorException($"the checkpoint has a layer group '{g}' that this model does not have");
            frozen[g] = s.Frozen;
            bnPolicy[g] = s.BatchNorm;
            baseLr[g] = s.BaseLearningRate;
        }
    }

    /// <summary>
    /// The batch-norm policy in force for a group: its explicit policy if the experiment names one, else
    /// <c>freeze</c> while the group is frozen (frozen statistics stay frozen), else the default policy.
    /// </summary>
    public string EffectiveBatchNorm(string group) =>
        explicitBn.Contains(group) ? bnPolicy[group] : frozen[group] ? "freeze" : bnPolicy[group];

    /// <summary>
    /// Applies freezing and batch-norm policy to the model: frozen parameters (and BN parameters of groups
    /// whose policy is <c>freeze</c>) do not require gradients; BN modules of <c>freeze_stats</c> and
    /// <c>freeze</c> groups are put in eval mode. Call after every <c>model.train()</c>.
    /// </summary>
    public void Apply(bool training)
    {
        foreach (var g in names)
        {
            var policy = EffectiveBatchNorm(g);
            var bnParams = batchNorms[g].SelectMany(b => b.Module.parameters()).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var (_, p) in parameters[g])
                p.requires_grad = !frozen[g] && !(policy == "freeze" && bnParams.Contains(p));
            if (training)
                foreach (var (_, m) in batchNorms[g])
                    m.train(policy == "train");
        }
    }

    /// <summary>Names of the batch-norm modules of a group.</summary>
    public IReadOnlyList<string> BatchNormModules(string group) => batchNorms[group].Select(b => b.Name).ToList();
}
