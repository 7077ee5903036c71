using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>The ordered class list of a task: label name to index and multi-hot vectors.</summary>
internal sealed class LabelSet
{
    private readonly Dictionary<string, int> _index;

    public LabelSet(IEnumerable<string> classes)
    {
        Classes = classes.ToList();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Classes.Count; i++)
        {
            if (!_index.TryAdd(Classes[i], i))
            {
                throw new UserErrorException($"class '{Classes[i]}' is listed twice.");
            }
        }
    }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Builds the set from every label seen, sorted ordinally (stable across runs and machines).</summary>
    public static LabelSet FromLabels(IEnumerable<string> labels) =>
        new(labels.Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal));

    /// <summary>Index of a class; an unknown label is a user error naming it.</summary>
    public int IndexOf(string label) =>
        _index.TryGetValue(label, out int i)
            ? i
            : throw new UserErrorException($"label '{label}' is not one of the task's classes ({string.Join(", ", Classes)}).");

    /// <summary>Multi-hot vector of <paramref name="labels"/>.</summary>
    public float[] MultiHot(IEnumerable<string> labels)
    {
        var v = new float[Classes.Count];
        foreach (string l in labels)
        {
            v[IndexOf(l)] = 1f;
        }

        return v;
    }
}
