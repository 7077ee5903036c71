using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Metrics;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class CrnnTests
{
    private static readonly CrnnOptions Tiny = new(Height: 16, Channels: new[] { 8, 16, 16 }, Hidden: 24, Layers: 1);

    private static Crnn NewModel(int classes, int seed = 1)
    {
        torch.manual_seed(seed);
        return new Crnn(Tiny, classes);
    }

    [Fact]
    public void Forward_Batch_GivesLogProbsPerFrame()
    {
        using var scope = torch.NewDisposeScope();
        using var model = NewModel(5);
        var output = model.call(torch.rand(3, 1, 16, 40));

        Assert.Equal(new long[] { 10, 3, 5 }, output.shape);
        Assert.Equal(10, Crnn.OutputLength(40));
        Assert.True(torch.allclose(output.exp().sum(2), torch.ones(10, 3), atol: 1e-5));
    }

    [Fact]
    public void StateDict_Keys_StartWithGroupNames()
    {
        using var model = NewModel(5);
        var prefixes = model.state_dict().Keys.Select(k => k[..k.IndexOf('.')]).Distinct().ToList();
        Assert.Equal(Crnn.GroupNames, prefixes);
        Assert.Contains("output.weight", model.state_dict().Keys);
        Assert.Contains("trunk.conv0.weight", model.state_dict().Keys);
    }

    [Fact]
    public void ParameterGroups_CoverEveryParameterOnce()
    {
        using var model = NewModel(5);
        var groups = model.ParameterGroups();
        Assert.Equal(Crnn.GroupNames, groups.Keys);
        Assert.All(groups.Values, g => Assert.NotEmpty(g));
        Assert.Equal(model.parameters().Count(), groups.Values.Sum(g => g.Count));
        Assert.Equal(2, groups["output"].Count);
    }

    [Fact]
    public void New_HeightNotMultipleOfEight_IsSettingsError()
    {
        Assert.Throws<UserErrorException>(() => new Crnn(Tiny with { Height = 20 }, 5));
    }

    [Fact]
    public void ResizeUnion_KnownRowsBitIdentical_NewRowsFromRelatives()
    {
        using var scope = torch.NewDisposeScope();
        var baseAlphabet = new Alphabet(new[] { "a", "b", "s", "α" }, TextNormalization.Nfc);
        using var model = NewModel(baseAlphabet.ClassCount);
        var oldWeight = model.OutputWeight.detach().clone();
        var oldBias = model.OutputBias.detach().clone();

        var (alphabet, change) = AlphabetResizer.Resize(
            model, baseAlphabet, new[] { ("l1", "ſab ά"), ("l2", "zB") }, AlphabetResizeMode.Union);

        // Base order first, new symbols appended in code point order: space, B, z, ſ, ά.
        Assert.Equal(new[] { "a", "b", "s", "α", " ", "B", "z", "ſ", "ά" }, alphabet.Symbols);
        Assert.Equal(alphabet.ClassCount, model.ClassCount);
        var weight = model.OutputWeight.detach();
        var bias = model.OutputBias.detach();
        void SameRow(int newClass, int oldClass)
        {
            Assert.True(SameBits(weight[newClass], oldWeight[oldClass]), $"weight row {newClass} != old {oldClass}");
            Assert.True(SameBits(bias[newClass], oldBias[oldClass]), $"bias {newClass} != old {oldClass}");
        }

        SameRow(0, 0);  // blank
        for (var c = 1; c <= 4; c++)
        {
            SameRow(c, c);  // a, b, s, α keep their rows bit for bit
        }

        SameRow(alphabet.ClassOf("ſ"), baseAlphabet.ClassOf("s"));
        SameRow(alphabet.ClassOf("ά"), baseAlphabet.ClassOf("α"));  // NFD base letter
        SameRow(alphabet.ClassOf("B"), baseAlphabet.ClassOf("b"));  // other case
        var mean = oldWeight[1..].mean(new long[] { 0 });
        Assert.True(SameBits(weight[alphabet.ClassOf("z")], mean));
        Assert.True(SameBits(weight[alphabet.ClassOf(" ")], mean));
        Assert.Equal(oldBias[1..].mean().ToSingle(), bias[alphabet.ClassOf("z")].ToSingle());

        Assert.Equal(new[] { "a", "b", "s", "α" }, change.Kept);
        Assert.Equal(
            new[] { new AddedSymbol(" ", null), new AddedSymbol("B", "b"), new AddedSymbol("z", null), new AddedSymbol("ſ", "s"), new AddedSymbol("ά", "α") },
            change.Added);
        Assert.Empty(change.Dropped);
        Assert.Contains("U+017F 'ſ' from U+0073 's'", change.Describe());
    }

    [Fact]
    public void ResizeNew_DropsUnusedAndMovesKnownRowsUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        var baseAlphabet = new Alphabet(new[] { "a", "b", "c", "s" }, TextNormalization.Nfc);
        using var model = NewModel(baseAlphabet.ClassCount);
        var oldWeight = model.OutputWeight.detach().clone();

        var (alphabet, change) = AlphabetResizer.Resize(model, baseAlphabet, new[] { ("l", "ſcs") }, AlphabetResizeMode.New);

        Assert.Equal(new[] { "c", "s", "ſ" }, alphabet.Symbols);
        Assert.Equal(new[] { "a", "b" }, change.Dropped);
        Assert.True(SameBits(model.OutputWeight[1], oldWeight[3]));
        Assert.True(SameBits(model.OutputWeight[2], oldWeight[4]));
        Assert.True(SameBits(model.OutputWeight[3], oldWeight[4]));
    }

    [Fact]
    public void ResizeKeep_UncoveredCharacter_ThrowsBeforeTraining()
    {
        var baseAlphabet = new Alphabet(new[] { "a", "s" }, TextNormalization.Nfc);
        using var model = NewModel(baseAlphabet.ClassCount);
        var e = Assert.Throws<UserErrorException>(() => AlphabetResizer.Resize(model, baseAlphabet, new[] { ("x.gt.txt", "aſ") }, AlphabetResizeMode.Keep));
        Assert.Contains("U+017F", e.Message);
        Assert.Equal(3, model.ClassCount);
    }

    [Fact]
    public void Resize_AlphabetNotMatchingModel_IsUserError()
    {
        using var model = NewModel(4);
        var alphabet = new Alphabet(new[] { "a", "b" }, TextNormalization.Nfc);
        Assert.Throws<UserErrorException>(() => AlphabetResizer.Resize(model, alphabet, new[] { ("l", "ab") }, AlphabetResizeMode.Union));
    }

    [Fact]
    public void Train_FourShortLines_LearnsToNearZeroCer()
    {
        using var scope = torch.NewDisposeScope();
        torch.set_num_threads(1);
        var texts = new[] { "abc", "cab", "bad", "dcba" };
        var alphabet = Alphabet.FromTexts(texts, TextNormalization.Nfc);
        var glyphs = SyntheticGlyphs(alphabet, seed: 3);
        var lines = texts.Select(t => Render(t, alphabet, glyphs)).ToList();
        using var batch = LineBatcher.Collate(lines, texts.Select(alphabet.Encode).ToList());
        using var model = NewModel(alphabet.ClassCount, seed: 7);
        using var optimizer = torch.optim.Adam(model.parameters(), lr: 0.01);

        model.train();
        for (var step = 0; step < 300; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = CtcLoss.Compute(model.call(batch.Images), batch);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        using var noGrad = torch.no_grad();
        var output = model.call(batch.Images);
        var predictions = CrnnDecoding.Decode(output, batch.Widths, alphabet);
        var scorer = new OcrScorer(alphabet.Normalization);
        for (var i = 0; i < texts.Length; i++)
        {
            scorer.Add(texts[i], predictions[i]);
        }

        Assert.True(scorer.Cer <= 0.05, $"CER {scorer.Cer:F3}: {string.Join(" | ", predictions)}");
        Assert.Equal(predictions, CrnnDecoding.Decode(output, batch.Widths, alphabet, beamWidth: 5));
    }

    // Bit-for-bit equality of two float tensors (not approximate: known rows must be untouched).
    private static bool SameBits(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape)
        && a.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits)
            .SequenceEqual(b.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));

    // Each symbol a fixed random 16x8 ink pattern: a stand-in for glyphs that needs no font.
    private static Dictionary<string, float[]> SyntheticGlyphs(Alphabet alphabet, int seed)
    {
        var random = new Random(seed);
        return alphabet.Symbols.ToDictionary(s => s, _ => Enumerable.Range(0, 16 * 8).Select(_ => random.NextDouble() < 0.4 ? 1f : 0f).ToArray());
    }

    private static Tensor Render(string text, Alphabet alphabet, Dictionary<string, float[]> glyphs)
    {
        var symbols = TextNormalizer.Symbols(text).ToList();
        var width = (symbols.Count * 12) + 8;
        var pixels = new float[16 * width];
        for (var i = 0; i < symbols.Count; i++)
        {
            var glyph = glyphs[symbols[i]];
            for (var y = 0; y < 16; y++)
            {
                for (var x = 0; x < 8; x++)
                {
                    pixels[(y * width) + 4 + (i * 12) + x] = glyph[(y * 8) + x];
                }
            }
        }

        return torch.tensor(pixels, new long[] { 1, 16, width });
    }
}
