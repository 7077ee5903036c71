using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Imaging;
using FineTuneDomains.Plugins.CtDicom.Series;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>
/// One split of a CT manifest. <see cref="Load"/> gives modality values (HU) as [S, size, size] (S = 1 for
/// slices, 2·context+1 for 2.5d, series_slices for series) so augmentations work in HU; <see cref="Collate"/>
/// applies the windows: [N, windows·S, H, W] for slices and 2.5d, [N, S, windows, H, W] for series.
/// Targets are class indices (int64).
/// </summary>
internal sealed class CtDataset : IDataset
{
    private readonly DatasetManifest _manifest;
    private readonly CtDataOptions _o;
    private readonly List<Entry> _entries = [];
    private readonly IReadOnlyList<string> _classes;
    private readonly bool _fileWindows;
    private readonly IReadOnlyList<DicomWindow>? _fixedWindows;
    /// <summary>Windows read from the files (file, file1…), per item, filled by Load for Collate.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyList<DicomWindow>> _itemWindows = new();

    /// <summary>An item: the files (in slice order) it reads, which of them is the centre, and its class.</summary>
    private sealed record Entry(ManifestItem Item, IReadOnlyList<string> Paths, int Centre, int Label);

    public CtDataset(DatasetManifest manifest, string split, CtDataOptions options)
    {
        _manifest = manifest;
        _o = options;
        _fileWindows = options.Windows.Any(w => w.Trim().StartsWith("file", StringComparison.OrdinalIgnoreCase));
        _fixedWindows = _fileWindows ? null : WindowStack.Resolve(options.Windows, null);
        var items = manifest.Split(split);
        _classes = manifest.Classes.Count > 0 ? manifest.Classes
            : manifest.Items.SelectMany(i => i.Labels).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        if (_classes.Count < 2) throw new UserErrorException($"{manifest.SourcePath}: classification needs at least two classes, found {_classes.Count}");

        if (options.Input == CtDataOptions.Slice)
        {
            foreach (var it in items) _entries.Add(new Entry(it, [manifest.Resolve(it.Path)], 0, LabelOf(it, it.Labels)));
            return;
        }
        // 2.5d and series need the slice order: group the split's files by series and sort them geometrically.
        var members = new Dictionary<string, List<(DicomSlice, DicomDataset, ManifestItem)>>(StringComparer.Ordinal);
        foreach (var it in items)
        {
            var path = manifest.Resolve(it.Path);
            var ds = DicomFile.Open(path).Dataset;
            var uid = ds.GetString(DicomTag.SeriesInstanceUID) ?? it.GetMeta("series") ?? path;
            var pos = ds.GetNumbers(DicomTag.ImagePositionPatient);
            var ori = ds.GetNumbers(DicomTag.ImageOrientationPatient);
            var slice = new DicomSlice(path, ds.GetInt(DicomTag.InstanceNumber), pos.Length == 3 ? pos : null, ori.Length == 6 ? ori : null,
                ds.GetInt(DicomTag.Rows) ?? 0, ds.GetInt(DicomTag.Columns) ?? 0, 1);
            if (!members.TryGetValue(uid, out var list)) members[uid] = list = [];
            list.Add((slice, ds, it));
        }
        foreach (var (uid, list) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var series = DicomSeriesScanner.Build(uid, list.Select(m => (m.Item1, m.Item2)).ToList());
            var ordered = series.Slices.Select(s => s.Path).ToList();
            var byPath = list.ToDictionary(m => m.Item1.Path, m => m.Item3);
            if (options.Input == CtDataOptions.Series)
            {
                var first = byPath[ordered[0]];
                var seriesLabel = list.Select(m => m.Item3.GetMeta("series_label")).FirstOrDefault(l => l is not null);
                IReadOnlyList<string> labels;
                if (seriesLabel is not null) labels = [seriesLabel];
                else
                {
                    var distinct = list.SelectMany(m => m.Item3.Labels).Distinct().ToList();
                    if (distinct.Count != 1)
                        throw new UserErrorException($"{manifest.SourcePath}: series {uid} has slices labelled {string.Join(", ", distinct)}; give the items a meta 'series_label' for series-level training");
                    labels = distinct;
                }
                _entries.Add(new Entry(first with { Labels = labels }, ordered, 0, LabelOf(first, labels)));
            }
            else
            {
                for (int k = 0; k < ordered.Count; k++)
                {
                    var it = byPath[ordered[k]];
                    var window = new List<string>();
                    for (int d = -_o.Context; d <= _o.Context; d++) window.Add(ordered[Math.Clamp(k + d, 0, ordered.Count - 1)]);
                    _entries.Add(new Entry(it, window, _o.Context, LabelOf(it, it.Labels)));
                }
            }
        }
    }

    private int LabelOf(ManifestItem item, IReadOnlyList<string> labels)
    {
        if (labels.Count != 1) throw new DataFormatException(_manifest.SourcePath ?? item.Path, $"item {item.Path} needs exactly one label for classification, has {labels.Count}");
        int i = IndexOf(_classes, labels[0]);
        if (i < 0) throw new DataFormatException(_manifest.SourcePath ?? item.Path, $"item {item.Path}: label '{labels[0]}' is not a class");
        return i;
    }

    private static int IndexOf(IReadOnlyList<string> list, string s)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == s) return i;
        return -1;
    }

    public int Count => _entries.Count;
    public IReadOnlyList<string> Classes => _classes;
    public int InputChannels => _o.Windows.Count * _o.StackDepth;
    public ManifestItem Item(int index) => _entries[index].Item;

    /// <summary>Which files an item reads (slice order); for tests and error messages.</summary>
    internal IReadOnlyList<string> PathsOf(int index) => _entries[index].Paths;

    public Example Load(int index)
    {
        var e = _entries[index];
        IReadOnlyList<string> paths = e.Paths;
        if (_o.Input == CtDataOptions.Series)
        {
            int n = _o.SeriesSlices;
            paths = Enumerable.Range(0, n).Select(i => e.Paths[n == 1 ? e.Paths.Count / 2 : (int)Math.Round(i * (e.Paths.Count - 1) / (double)(n - 1))]).ToList();
        }
        int size = _o.Size;
        var data = new float[paths.Count * size * size];
        for (int s = 0; s < paths.Count; s++)
        {
            int frame = int.TryParse(e.Item.GetMeta("frame"), out var f) && paths.Count == 1 ? f : 0;
            var (hu, ds) = CtSliceReader.Read(paths[s], frame, size, _o.Spacing);
            hu.CopyTo(data, s * size * size);
            if (_fileWindows && s == paths.Count / 2) _itemWindows[index] = WindowStack.Resolve(_o.Windows, ds);
        }
        return new Example(index, tensor(data, [paths.Count, size, size]), tensor((long)e.Label));
    }

    public Batch Collate(IReadOnlyList<Example> examples)
    {
        try
        {
            int n = examples.Count, size = _o.Size;
            long s = examples[0].Input.shape[0];
            int wn = _o.Windows.Count;
            var output = new float[n * s * wn * size * size];
            int plane = size * size;
            for (int i = 0; i < n; i++)
            {
                var hu = examples[i].Input.data<float>().ToArray();
                var windows = _fixedWindows ?? (_itemWindows.TryGetValue(examples[i].Index, out var own) ? own : WindowStack.Resolve(_o.Windows, null));
                for (int k = 0; k < s; k++)
                    for (int w = 0; w < wn; w++)
                    {
                        // Slices and 2.5d: channel = window·S + slice. Series: [slice, window].
                        long channel = _o.Input == CtDataOptions.Series ? k * wn + w : w * s + k;
                        windows[w].Apply(hu.AsSpan((int)(k * plane), plane), output.AsSpan((int)((i * s * wn + channel) * plane), plane));
                    }
            }
            long[] shape = _o.Input == CtDataOptions.Series ? [n, s, wn, size, size] : [n, s * wn, size, size];
            var targets = examples.Select(x => x.Target.item<long>()).ToArray();
            return new Batch(tensor(output, shape), tensor(targets), examples.Select(x => x.Index).ToList());
        }
        finally
        {
            foreach (var x in examples) x.Dispose();
        }
    }

    public void Dispose() { }
}
