namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>Cuts recordings into windows and labels each window from annotation overlap.</summary>
internal static class Windowing
{
    // Guards comparisons of accumulated seconds against round-off (well below one sample at 192 kHz).
    private const double Epsilon = 1e-7;

    /// <summary>Window spans [start, end) over a recording of <paramref name="duration"/> seconds.</summary>
    public static List<(double Start, double End)> Spans(double duration, WindowOptions options)
    {
        options.Validate();
        var spans = new List<(double, double)>();
        double hop = options.Hop;
        int k = 0;
        for (; k * hop + options.Length <= duration + Epsilon; k++)
        {
            spans.Add((k * hop, k * hop + options.Length));
        }

        double covered = spans.Count > 0 ? spans[^1].Item2 : 0;
        if (covered < duration - Epsilon || spans.Count == 0)
        {
            switch (options.Final)
            {
                case FinalWindow.Pad:
                    spans.Add((k * hop, k * hop + options.Length));
                    break;
                case FinalWindow.AlignToEnd:
                    double start = Math.Max(0, duration - options.Length);
                    spans.Add((start, start + options.Length));
                    break;
            }
        }

        return spans;
    }

    /// <summary>Windows of one recording with labels from <paramref name="events"/> (events of other recordings are ignored).</summary>
    public static List<AudioWindow> Label(string recording, double duration, IEnumerable<AudioEvent> events, WindowOptions options)
    {
        var mine = events.Where(e => string.Equals(e.Recording, recording, StringComparison.Ordinal)).ToList();
        return Spans(duration, options)
            .Select(s => new AudioWindow(recording, s.Start, s.End, LabelsOf(s.Start, s.End, mine, options)))
            .ToList();
    }

    /// <summary>Labels of the span [start, end) under the overlap rule of <see cref="WindowOptions.MinOverlapFraction"/>.</summary>
    public static IReadOnlyList<string> LabelsOf(double start, double end, IEnumerable<AudioEvent> events, WindowOptions options)
    {
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            double overlap = Math.Min(e.End, end) - Math.Max(e.Start, start);
            bool hit;
            if (e.Duration <= 0)
            {
                hit = e.Start >= start && e.Start < end; // a point annotation
            }
            else
            {
                double fraction = overlap / Math.Min(e.Duration, end - start);
                hit = overlap > 0 && fraction >= options.MinOverlapFraction - Epsilon;
            }

            if (hit)
            {
                labels.Add(e.Label);
            }
        }

        if (options.BackgroundClass is string bg)
        {
            if (labels.Count > 1)
            {
                labels.Remove(bg); // an event wins over an explicit background annotation
            }
            else if (labels.Count == 0)
            {
                labels.Add(bg);
            }
        }

        return labels.ToList();
    }
}
