using FineTuneDomains.Core;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class WindowingTests
{
    [Theory]
    [InlineData(10.0, 2.0, 0.0, "Drop", "0-2 2-4 4-6 6-8 8-10")]
    [InlineData(9.0, 2.0, 0.0, "Drop", "0-2 2-4 4-6 6-8")]
    [InlineData(9.0, 2.0, 0.0, "Pad", "0-2 2-4 4-6 6-8 8-10")]
    [InlineData(9.0, 2.0, 0.0, "AlignToEnd", "0-2 2-4 4-6 6-8 7-9")]
    [InlineData(5.0, 2.0, 0.5, "Drop", "0-2 1-3 2-4 3-5")]
    [InlineData(3.0, 2.0, 0.75, "Drop", "0-2 0.5-2.5 1-3")]
    [InlineData(1.0, 3.0, 0.0, "Pad", "0-3")]
    [InlineData(1.0, 3.0, 0.0, "AlignToEnd", "0-3")]
    [InlineData(1.0, 3.0, 0.0, "Drop", "")]
    public void Spans_LengthOverlapAndFinal_GiveExpectedWindows(double duration, double length, double overlap, string final, string expected)
    {
        var spans = Windowing.Spans(duration, new WindowOptions { Length = length, Overlap = overlap, Final = Enum.Parse<FinalWindow>(final) });
        Assert.Equal(expected, string.Join(" ", spans.Select(s => $"{s.Start:0.##}-{s.End:0.##}")));
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, -0.1)]
    public void Spans_BadSettings_ThrowUserError(double length, double overlap)
    {
        Assert.Throws<UserErrorException>(() => Windowing.Spans(10, new WindowOptions { Length = length, Overlap = overlap }));
    }

    [Theory]
    // Event 1.6-2.6 (1 s) overlaps window 0-2 by 0.4 s (40 %) and window 2-4 by 0.6 s (60 %).
    [InlineData(0.5, "|A||")]
    [InlineData(0.3, "A|A||")]
    [InlineData(0.7, "|||")]
    public void Label_MinOverlapFraction_DecidesWhichWindowsGetTheEvent(double minFraction, string expected)
    {
        var events = new[] { new AudioEvent("r", 1.6, 2.6, "A") };
        var windows = Windowing.Label("r", 8, events, new WindowOptions { Length = 2, MinOverlapFraction = minFraction });
        Assert.Equal(expected, string.Join("|", windows.Select(w => string.Join("+", w.Labels))));
    }

    [Fact]
    public void Label_OverlappingEventsOfTwoSpecies_MultiLabelWindow()
    {
        var events = new[] { new AudioEvent("r", 0.2, 1.0, "B"), new AudioEvent("r", 0.5, 1.5, "A"), new AudioEvent("r", 0.6, 0.9, "A") };
        var windows = Windowing.Label("r", 4, events, new WindowOptions { Length = 2 });
        Assert.Equal(["A", "B"], windows[0].Labels);
        Assert.Empty(windows[1].Labels);
    }

    [Fact]
    public void Label_LongEventCoveringTheWindow_CountsAsFullOverlap()
    {
        var events = new[] { new AudioEvent("r", 0, 10, "Chorus") };
        var windows = Windowing.Label("r", 6, events, new WindowOptions { Length = 2, MinOverlapFraction = 1 });
        Assert.All(windows, w => Assert.Equal(["Chorus"], w.Labels));
    }

    [Fact]
    public void Label_BackgroundClass_FillsEmptyWindowsAndYieldsToEvents()
    {
        var events = new[] { new AudioEvent("r", 0, 4, "background"), new AudioEvent("r", 0.5, 1.5, "A"), new AudioEvent("other", 2, 3, "B") };
        var windows = Windowing.Label("r", 6, events, new WindowOptions { Length = 2, BackgroundClass = "background" });
        Assert.Equal(["A", "background", "background"], windows.Select(w => string.Join("+", w.Labels)));
    }

    [Fact]
    public void Label_PointAnnotation_LabelsTheWindowHoldingIt()
    {
        var windows = Windowing.Label("r", 4, [new AudioEvent("r", 2.0, 2.0, "Click")], new WindowOptions { Length = 1 });
        Assert.Equal(["", "", "Click", ""], windows.Select(w => string.Join("+", w.Labels)));
    }

    [Fact]
    public void LabelSet_MultiHotAndUnknownLabel()
    {
        var set = LabelSet.FromLabels(["wren", "owl", "wren", "background"]);
        Assert.Equal(["background", "owl", "wren"], set.Classes);
        Assert.Equal([0f, 1f, 1f], set.MultiHot(["wren", "owl"]));
        var e = Assert.Throws<UserErrorException>(() => set.IndexOf("jay"));
        Assert.Contains("jay", e.Message);
    }
}
