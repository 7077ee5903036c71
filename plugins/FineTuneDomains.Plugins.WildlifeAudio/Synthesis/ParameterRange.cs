namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>A closed interval a species' call parameter is drawn from.</summary>
internal readonly record struct ParameterRange(double Min, double Max)
{
    public double Draw(Random random) => Min + (Max - Min) * random.NextDouble();
}
