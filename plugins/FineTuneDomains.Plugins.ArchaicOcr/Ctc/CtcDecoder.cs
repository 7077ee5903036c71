namespace FineTuneDomains.Plugins.ArchaicOcr.Ctc;

/// <summary>
/// Decoding of CTC outputs (per-frame log-probabilities over blank + alphabet, blank = class 0) into label
/// sequences: greedy (best path) and prefix beam search (Hannun et al., 2014, without a language model).
/// </summary>
internal static class CtcDecoder
{
    /// <summary>Best path: the most likely class per frame, repeats collapsed, blanks removed.</summary>
    /// <param name="logProbs">[T][C] log-probabilities (probabilities work too: only the argmax matters).</param>
    public static int[] Greedy(float[][] logProbs)
    {
        var result = new List<int>();
        var previous = -1;
        foreach (var frame in logProbs)
        {
            var best = 0;
            for (var c = 1; c < frame.Length; c++)
            {
                if (frame[c] > frame[best])
                {
                    best = c;
                }
            }

            if (best != previous && best != 0)
            {
                result.Add(best);
            }

            previous = best;
        }

        return result.ToArray();
    }

    /// <summary>Prefix beam search: keeps the <paramref name="beamWidth"/> most probable label prefixes, summing over
    /// all alignments of each (ending in blank or not), and returns the most probable one with its log-probability.</summary>
    /// <param name="logProbs">[T][C] natural-log probabilities.</param>
    /// <param name="beamWidth">Prefixes kept after each frame.</param>
    /// <param name="pruneLogProb">Classes whose frame log-probability is below this are not tried as extensions.</param>
    public static (int[] Labels, double LogProb) BeamSearch(float[][] logProbs, int beamWidth = 10, double pruneLogProb = -20)
    {
        if (beamWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(beamWidth), "Beam width must be positive.");
        }

        // Each prefix: log P(prefix, ending in blank), log P(prefix, ending in its last label).
        var beams = new Dictionary<Prefix, (double Blank, double Label)> { [Prefix.Empty] = (0, double.NegativeInfinity) };
        foreach (var frame in logProbs)
        {
            var next = new Dictionary<Prefix, (double Blank, double Label)>();
            void Add(Prefix p, double blank, double label)
            {
                var (b, l) = next.TryGetValue(p, out var v) ? v : (double.NegativeInfinity, double.NegativeInfinity);
                next[p] = (LogAdd(b, blank), LogAdd(l, label));
            }

            foreach (var (prefix, (pBlank, pLabel)) in beams)
            {
                var total = LogAdd(pBlank, pLabel);

                // Blank: the prefix stays, now ending in blank.
                Add(prefix, total + frame[0], double.NegativeInfinity);
                for (var c = 1; c < frame.Length; c++)
                {
                    var p = (double)frame[c];
                    if (p < pruneLogProb)
                    {
                        continue;
                    }

                    if (c == prefix.Last)
                    {
                        // Repeat without a blank between collapses into the same prefix;
                        // after a blank it is a new, doubled label.
                        Add(prefix, double.NegativeInfinity, pLabel + p);
                        Add(prefix.Append(c), double.NegativeInfinity, pBlank + p);
                    }
                    else
                    {
                        Add(prefix.Append(c), double.NegativeInfinity, total + p);
                    }
                }
            }

            beams = next
                .OrderByDescending(kv => LogAdd(kv.Value.Blank, kv.Value.Label))
                .ThenBy(kv => kv.Key.Length)
                .Take(beamWidth)
                .ToDictionary(kv => kv.Key, kv => kv.Value);
        }

        var best = beams.OrderByDescending(kv => LogAdd(kv.Value.Blank, kv.Value.Label)).ThenBy(kv => kv.Key.Length).First();
        return (best.Key.ToArray(), LogAdd(best.Value.Blank, best.Value.Label));
    }

    /// <summary>log(exp(a) + exp(b)) without overflow.</summary>
    public static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    /// <summary>An immutable label prefix with value equality (a linked list from the end, hashed incrementally).</summary>
    private sealed class Prefix : IEquatable<Prefix>
    {
        public static readonly Prefix Empty = new(null, -1);

        private readonly Prefix? parent;
        private readonly int hash;

        private Prefix(Prefix? parent, int last)
        {
            this.parent = parent;
            Last = last;
            Length = parent is null ? 0 : parent.Length + 1;
            hash = parent is null ? 17 : HashCode.Combine(parent.hash, last);
        }

        public int Last { get; }

        public int Length { get; }

        public Prefix Append(int label) => new(this, label);

        public int[] ToArray()
        {
            var result = new int[Length];
            var node = this;
            for (var i = Length - 1; i >= 0; i--)
            {
                result[i] = node!.Last;
                node = node.parent;
            }

            return result;
        }

        public bool Equals(Prefix? other)
        {
            if (other is null || other.Length != Length || other.hash != hash)
            {
                return false;
            }

            Prefix? a = this, b = other;
            while (a is not null && a.Length > 0)
            {
                if (ReferenceEquals(a, b))
                {
                    return true;
                }

                if (a.Last != b!.Last)
                {
                    return false;
                }

                a = a.parent;
                b = b.parent;
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is Prefix p && Equals(p);

        public override int GetHashCode() => hash;
    }
}
