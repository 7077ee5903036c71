using ScottPlot;

namespace FineTuneDomains.Core.Tracking;

/// <summary>PNG plots for run folders (ScottPlot): curves over steps or epochs, and confusion matrices.</summary>
public static class Plots
{
    /// <summary>One named curve.</summary>
    public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers = false);

    /// <summary>Draws line plots of several series on one pair of axes and saves a PNG.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false, int width = 900, int height = 520)
    {
        var plot = new Plot();
        int n = 0;
        foreach (var s in series)
        {
            var pts = s.X.Zip(s.Y).Where(p => double.IsFinite(p.Second) && (!logY || p.Second > 0)).ToList();
            if (pts.Count == 0) continue;
            var xs = pts.Select(p => p.First).ToArray();
            var ys = pts.Select(p => logY ? Math.Log10(p.Second) : p.Second).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = s.Name;
            scatter.MarkerSize = s.Markers || xs.Length < 30 ? 5 : 0;
            scatter.LineWidth = 1.5f;
            n++;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logY ? $"log10({yLabel})" : yLabel);
        if (n > 1) plot.ShowLegend(Alignment.UpperRight);
        if (n == 0) plot.Add.Text("no data", 0, 0);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, width, height);
    }

    /// <summary>Draws a confusion matrix (rows: true class, columns: predicted) with counts in the cells.</summary>
    public static void Confusion(string path, IReadOnlyList<string> classes, int[,] counts, string title = "Confusion matrix (rows: true, columns: predicted)")
    {
        int k = classes.Count;
        var plot = new Plot();
        var data = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            int rowTotal = 0;
            for (int j = 0; j < k; j++) rowTotal += counts[i, j];
            for (int j = 0; j < k; j++) data[i, j] = rowTotal == 0 ? 0 : (double)counts[i, j] / rowTotal;
        }
        var heat = plot.Add.Heatmap(data);
        heat.Colormap = new ScottPlot.Colormaps.Viridis();
        heat.Extent = new CoordinateRect(-0.5, k - 0.5, k - 0.5, -0.5);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                var t = plot.Add.Text(counts[i, j].ToString(), j, i);
                t.LabelFontColor = data[i, j] > 0.5 ? Colors.Black : Colors.White;
                t.LabelAlignment = Alignment.MiddleCenter;
                t.LabelFontSize = k > 12 ? 9 : 14;
            }
        var ticks = Enumerable.Range(0, k).Select(i => new Tick(i, classes[i])).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = k > 4 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = k > 4 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.SetLimits(-0.5, k - 0.5, k - 0.5, -0.5);
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Add.ColorBar(heat);
        int size = Math.Clamp(140 + 60 * k, 420, 1400);
        plot.SavePng(path, size + 120, size);
    }
}
