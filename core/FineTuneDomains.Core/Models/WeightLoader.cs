using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// Copies a state dict into a backbone and reports what matched. Keys of parts the backbone leaves out (the
/// classifier, layers after <c>return_layer</c>) are ignored, not unexpected; a 3-channel stem weight loads
/// into a 1-channel stem by summing over its input channels (<see cref="OneChannelMode.Sum"/>); a
/// <c>num_batches_tracked</c> counter absent from the source is not missing (PyTorch treats it the same way).
/// </summary>
internal static class WeightLoader
{
    /// <param name="model">The backbone to fill.</param>
    /// <param name="source">Tensors by key; not modified or disposed.</param>
    /// <param name="sourceName">Where they come from, for the report and error messages.</param>
    /// <param name="strict">Throw <see cref="UserErrorException"/> (and load nothing) unless the report is complete.</param>
    /// <param name="ignoredElsewhere">Keys of the source already set aside by the caller (reported as ignored).</param>
    internal static WeightLoadReport Load(Backbone model, IReadOnlyDictionary<string, Tensor> source, string sourceName, bool strict, IEnumerable<string>? ignoredElsewhere = null)
    {
        using var scope = NewDisposeScope();
        var target = model.state_dict();
        var loaded = new List<string>();
        var missing = new List<string>();
        var unexpected = new List<string>();
        var mismatches = new List<ShapeMismatch>();
        var ignored = new List<string>(ignoredElsewhere ?? []);
        var notes = new List<string>();
        var copies = new List<(Tensor To, Tensor From)>();

        foreach (var (key, value) in source.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!target.TryGetValue(key, out var to))
            {
                if (model.OmittedPrefixes.Any(p => Backbone.HasPrefix(key, p))) ignored.Add(key);
                else unexpected.Add(key);
                continue;
            }
            var from = value;
            if (key == model.StemWeightKey && to.dim() == 4 && from.dim() == 4 && to.shape[1] == 1 && from.shape[1] == 3
                && to.shape[0] == from.shape[0] && to.shape[2] == from.shape[2] && to.shape[3] == from.shape[3])
            {
                from = from.sum(1, keepdim: true);
                notes.Add($"{key}: summed over its 3 input channels for 1-channel inputs");
            }
            if (!from.shape.SequenceEqual(to.shape))
            {
                mismatches.Add(new ShapeMismatch(key, to.shape, value.shape));
                continue;
            }
            copies.Add((to, from));
            loaded.Add(key);
        }
        foreach (var key in target.Keys.Where(k => !source.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            if (key.EndsWith(".num_batches_tracked", StringComparison.Ordinal)) continue;
            missing.Add(key);
        }

        var report = new WeightLoadReport(sourceName, loaded, missing, unexpected, mismatches, ignored, notes);
        if (strict && !report.IsComplete)
            throw new UserErrorException($"Pretrained weights do not fit {model.Architecture} (strict mode; set model.strict: false to load the rest):{Environment.NewLine}{report}");
        using (no_grad())
        {
            foreach (var (to, from) in copies) to.copy_(from);
        }
        return report;
    }
}
