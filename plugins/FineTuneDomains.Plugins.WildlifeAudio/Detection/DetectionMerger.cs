using FineTuneDomains.Plugins.WildlifeAudio.Labels;

namespace FineTuneDomains.Plugins.WildlifeAudio.Detection;

/// <summary>
/// Turns sliding-window scores into detections: for each class, windows scoring at least the threshold that
/// touch or overlap the previous one are merged into one event spanning them, scored with their maximum.
/// </summary>
internal static class DetectionMerger
{
    /// <param name="recording">Recording the windows belong to.</param>
    /// <param name="windows">Scored windows, in any order.</param>
    /// <param name="classes">Class names, in score order.</param>
    /// <param name="thresholds">Minimum score per class.</param>
    /// <param name="ignore">Classes never reported (e.g. the background class).</param>
    public static List<AudioEvent> Merge(string recording, IEnumerable<ScoredWindow> windows, IReadOnlyList<string> classes,
        IReadOnlyList<double> thresholds, IReadOnlySet<string>? ignore = null)
    {
        var ordered = windows.OrderBy(w => w.Start).ToList();
        var events = new List<AudioEvent>();
        for (int c = 0; c < classes.Count; c++)
        {
            if (ignore?.Contains(classes[c]) == true)
            {
                continue;
            }

            AudioEvent? open = null;
            foreach (var w in ordered)
            {
                double score = w.Scores[c];
                if (score < thresholds[c])
                {
                    continue;
                }

                if (open is not null && w.Start <= open.End + 1e-9)
                {
                    open = open with { End = Math.Max(open.End, w.End), Score = Math.Max(open.Score ?? 0, score) };
                }
                else
                {
                    if (open is not null)
                    {
                        events.Add(open);
                    }

                    open = new AudioEvent(recording, w.Start, w.End, classes[c], Score: score);
                }
            }

            if (open is not null)
            {
                events.Add(open);
            }
        }

        return events.OrderBy(e => e.Start).ThenBy(e => e.Label, StringComparer.Ordinal).ToList();
    }
}
