using System.Diagnostics;

namespace FineTuneDomains.Core.Data;

/// <summary>Accumulates time (Stopwatch ticks) spent waiting, thread-safely.</summary>
public sealed class WaitCounter
{
    private long ticks;

    public void Add(long elapsedTicks) => Interlocked.Add(ref ticks, elapsedTicks);

    public TimeSpan Total => TimeSpan.FromSeconds((double)Interlocked.Read(ref ticks) / Stopwatch.Frequency);

    public void Reset() => Interlocked.Exchange(ref ticks, 0);
}
