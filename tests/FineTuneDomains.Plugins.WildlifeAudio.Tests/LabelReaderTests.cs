using FineTuneDomains.Core;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class LabelReaderTests
{
    private static string RavenSample => TestData.Path_("labels/forest_01.Table.1.selections.txt");

    [Fact]
    public void RavenRead_TwoViewsPerSelection_OneEventPerSelectionFromTheSpectrogramView()
    {
        var events = RavenSelectionTable.Read(RavenSample, "forest_01.wav");
        Assert.Equal(3, events.Count);
        Assert.Equal(new AudioEvent("forest_01.wav", 0.512, 1.204, "WOTH", 1850.5, 4400.0), events[0]);
        Assert.Equal(new AudioEvent("forest_01.wav", 2.25, 2.9, "BCCH", 3100, 4200), events[1]);
        Assert.Equal(new AudioEvent("forest_01.wav", 2.6, 3.8, "WOTH", 900, 2400), events[2]);
    }

    [Fact]
    public void RavenRead_LabelColumnChosenByName_UsesThatColumn()
    {
        var events = RavenSelectionTable.Read(RavenSample, "x.wav", "Delta Time (s)");
        Assert.Equal(["0.692", "0.650", "1.200"], events.Select(e => e.Label));
    }

    [Fact]
    public void RavenRead_EmptyLabel_ThrowsNamingLineAndSelection()
    {
        var e = Assert.Throws<DataFormatException>(() => RavenSelectionTable.Read(RavenSample, "x.wav", "Notes"));
        Assert.Equal(RavenSample, e.FilePath);
        Assert.Contains("line 2", e.Problem);
        Assert.Contains("selection 1", e.Problem);
    }

    [Fact]
    public void RavenRead_MissingLabelColumn_ListsTheColumnsFound()
    {
        var e = Assert.Throws<DataFormatException>(() => RavenSelectionTable.Read(RavenSample, "x.wav", "Class"));
        Assert.Contains("'Class'", e.Problem);
        Assert.Contains("Species", e.Problem);
    }

    [Fact]
    public void RavenRead_NotATable_ThrowsDataFormatException()
    {
        var e = Assert.Throws<DataFormatException>(() => RavenSelectionTable.Read(TestData.Path_("labels/annotations.csv"), "x.wav"));
        Assert.Contains("not a Raven selection table", e.Problem);
    }

    [Fact]
    public void RavenRead_BadNumber_ThrowsNamingLineAndColumn()
    {
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "t.txt");
        File.WriteAllText(path, "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tSpecies\n1\tSpectrogram 1\t1\t1,5\t2.0\tWOTH\n");
        var e = Assert.Throws<DataFormatException>(() => RavenSelectionTable.Read(path, "x.wav"));
        Assert.Contains("line 2", e.Problem);
        Assert.Contains("Begin Time (s)", e.Problem);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RavenWriteThenRead_DetectionsWithScores_SameEvents()
    {
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "rec.Table.1.selections.txt");
        var events = new List<AudioEvent>
        {
            new("rec.wav", 4.5, 6.0, "BCCH", 3000, 4500, 0.91),
            new("rec.wav", 0.25, 1.75, "WOTH", null, null, 0.5),
            new("rec.wav", 0.25, 1.75, "Clicker sp.", 200, 7000, 0.125),
        };
        RavenSelectionTable.Write(path, events, defaultHighFrequency: 8000);
        var back = RavenSelectionTable.Read(path, "rec.wav");
        var expected = events.Select(e => e with { LowFrequency = e.LowFrequency ?? 0, HighFrequency = e.HighFrequency ?? 8000 })
            .OrderBy(e => e.Start).ThenBy(e => e.End).ThenBy(e => e.Label, StringComparer.Ordinal);
        Assert.Equal(expected, back);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)\tSpecies\tScore", lines[0]);
        Assert.StartsWith("1\tSpectrogram 1\t1\t0.25\t1.75\t", lines[1]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RavenWriteThenRead_AsWindowLabels_SameEventsPerWindow()
    {
        // The round trip the detect verb relies on: our table, read back as training labels.
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "r.txt");
        var events = new List<AudioEvent> { new("r.wav", 1.0, 2.0, "A"), new("r.wav", 2.5, 3.5, "B") };
        RavenSelectionTable.Write(path, events, 8000, "Label");
        var options = new WindowOptions { Length = 1, MinOverlapFraction = 0.5 };
        var fromTable = Windowing.Label("r.wav", 4, RavenSelectionTable.Read(path, "r.wav", "Label"), options);
        var direct = Windowing.Label("r.wav", 4, events, options);
        Assert.Equal(direct.Select(w => string.Join("+", w.Labels)), fromTable.Select(w => string.Join("+", w.Labels)));
        Assert.Equal(["", "A", "B", "B"], fromTable.Select(w => string.Join("+", w.Labels)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void CsvRead_QuotedPathsAndClipRows_ResolvedAgainstTheCsvFolder()
    {
        string csv = TestData.Path_("labels/annotations.csv");
        string dir = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var events = CsvAnnotations.Read(csv);
        Assert.Equal(3, events.Count);
        Assert.Equal(new AudioEvent(Path.Combine(dir, "rec", "a.wav"), 0.5, 1.25, "WOTH"), events[0]);
        Assert.Equal(Path.Combine(dir, "rec", "b, with comma.wav"), events[1].Recording);
        Assert.Equal((0.0, double.PositiveInfinity, "background"), (events[2].Start, events[2].End, events[2].Label));
    }

    [Fact]
    public void CsvWriteThenRead_SameEvents()
    {
        string dir = TestData.TempDir();
        string csv = Path.Combine(dir, "all.csv");
        var events = new List<AudioEvent>
        {
            new(Path.Combine(dir, "a b", "x.wav"), 0.125, 0.75, "Trill, long", 1000, 3000),
            new(Path.Combine(dir, "y.wav"), 3, 4.5, "Sweep\"er", null, null, 0.25),
        };
        CsvAnnotations.Write(csv, events);
        Assert.Equal(events, CsvAnnotations.Read(csv));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("file,begin,stop,class\na.wav,1,2,A\n", "no 'path' column")]
    [InlineData("path,start,end,label\na.wav,2,1,A\n", "line 2")]
    [InlineData("path,start,end,label\na.wav,x,1,A\n", "not a number")]
    [InlineData("path,start,end,label\na.wav,1\n", "2 fields")]
    [InlineData("path,start,end,label\n\"a.wav,1,2,A\n", "unterminated")]
    public void CsvRead_Malformed_ThrowsDataFormatException(string content, string problem)
    {
        string dir = TestData.TempDir();
        string csv = Path.Combine(dir, "bad.csv");
        File.WriteAllText(csv, content);
        var e = Assert.Throws<DataFormatException>(() => CsvAnnotations.Read(csv));
        Assert.Equal(csv, e.FilePath);
        Assert.Contains(problem, e.Problem);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FolderPerClassRead_ClassFolders_ListsClipsSortedWithFolderNameAsLabel()
    {
        string dir = TestData.TempDir();
        foreach (var (cls, file) in new[] { ("wren", "b.wav"), ("wren", "a.WAV"), ("background", "n.wav"), ("owl", "o.flac") })
        {
            Directory.CreateDirectory(Path.Combine(dir, cls));
            File.WriteAllText(Path.Combine(dir, cls, file), "");
        }

        File.WriteAllText(Path.Combine(dir, "wren", "notes.txt"), "");
        var clips = FolderPerClass.Read(dir);
        Assert.Equal(["background/n.wav", "owl/o.flac", "wren/a.WAV", "wren/b.wav"],
            clips.Select(c => c.Label + "/" + Path.GetFileName(c.Path)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FolderPerClassRead_NoClassFolders_ThrowsDataFormatException()
    {
        string dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "loose.wav"), "");
        Assert.Throws<DataFormatException>(() => FolderPerClass.Read(dir));
        Directory.Delete(dir, true);
    }
}
