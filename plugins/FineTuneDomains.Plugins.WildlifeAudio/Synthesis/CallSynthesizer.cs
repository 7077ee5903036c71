namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>Renders calls of a <see cref="SpeciesProfile"/> with parameters drawn from its ranges.</summary>
internal static class CallSynthesizer
{
    public static SynthCall Render(SpeciesProfile species, int sampleRate, Random random)
    {
        int notes = (int)Math.Round(species.NoteCount.Draw(random));
        double rate = species.NoteRate.Draw(random);
        double f0 = species.StartFrequency.Draw(random);
        double f1 = species.EndFrequency.Draw(random);
        double noteLength = species.NoteDuration.Draw(random);
        double nyquist = sampleRate / 2.0 * 0.95;
        f0 = Math.Min(f0, nyquist);
        f1 = Math.Min(f1, nyquist);

        double callLength = (notes - 1) / rate + noteLength;
        var x = new double[(int)Math.Ceiling(callLength * sampleRate) + 1];
        double low = Math.Min(f0, f1), high = Math.Max(f0, f1);
        for (int n = 0; n < notes; n++)
        {
            // Slight per-note jitter, as in real song.
            double jitter = 1 + 0.03 * (random.NextDouble() - 0.5);
            int start = (int)Math.Round(n / rate * sampleRate);
            switch (species.Type)
            {
                case CallType.FmSweep:
                case CallType.Trill:
                    AddTone(x, start, noteLength, sampleRate, f => f0 * jitter + (f1 - f0) * jitter * f, 1.0);
                    break;
                case CallType.Chirp:
                    AddTone(x, start, noteLength, sampleRate, f => f0 * jitter * Math.Pow(f1 / f0, f), 1.0);
                    break;
                case CallType.Warble:
                    double modRate = 18 + 10 * random.NextDouble(), depth = 350 + 250 * random.NextDouble();
                    AddTone(x, start, noteLength, sampleRate, f => f0 * jitter + depth * Math.Sin(2 * Math.PI * modRate * f * noteLength), 1.0);
                    low = f0 - depth;
                    high = f0 + depth;
                    break;
                case CallType.HarmonicStack:
                    double vibrato = 4 + 3 * random.NextDouble();
                    for (int h = 1; h <= 5; h++)
                    {
                        int harmonic = h;
                        if (harmonic * Math.Max(f0, f1) < nyquist)
                        {
                            AddTone(x, start, noteLength, sampleRate,
                                f => harmonic * (f0 + (f1 - f0) * f) * jitter * (1 + 0.01 * Math.Sin(2 * Math.PI * vibrato * f * noteLength)),
                                Math.Pow(0.55, h - 1));
                            high = Math.Max(high, harmonic * Math.Max(f0, f1) * 1.01);
                        }
                    }

                    break;
                case CallType.ClickTrain:
                    AddClick(x, start, noteLength, f0 * jitter, sampleRate, random);
                    low = f0 * 0.5;
                    high = Math.Min(nyquist, f0 * 1.5);
                    break;
            }
        }

        double peak = x.Max(Math.Abs);
        var samples = x.Select(v => (float)(peak > 0 ? v / peak : 0)).ToArray();
        return new SynthCall(samples, Math.Max(0, low * 0.95), Math.Min(sampleRate / 2.0, high * 1.05));
    }

    /// <summary>Adds a tone whose frequency follows <paramref name="frequencyAt"/>(fraction of the note), with a Hann-like envelope.</summary>
    private static void AddTone(double[] x, int start, double length, int sampleRate, Func<double, double> frequencyAt, double gain)
    {
        int count = (int)(length * sampleRate);
        double phase = 0;
        for (int i = 0; i < count && start + i < x.Length; i++)
        {
            double f = (double)i / count;
            phase += 2 * Math.PI * frequencyAt(f) / sampleRate;
            double envelope = Math.Pow(Math.Sin(Math.PI * f), 0.7);
            x[start + i] += gain * envelope * Math.Sin(phase);
        }
    }

    /// <summary>A damped resonance excited by a short noise burst.</summary>
    private static void AddClick(double[] x, int start, double length, double frequency, int sampleRate, Random random)
    {
        int count = (int)(length * sampleRate * 4);
        double decay = Math.Exp(-1.0 / (length * sampleRate));
        double amplitude = 1.0;
        for (int i = 0; i < count && start + i < x.Length; i++)
        {
            double excitation = i < 8 ? random.NextDouble() - 0.5 : 0;
            x[start + i] += amplitude * (Math.Sin(2 * Math.PI * frequency * i / sampleRate) + 0.6 * excitation);
            amplitude *= decay;
        }
    }
}
