using System.Diagnostics;

namespace FineTuneDomains.Core.Data;

/// <summary>Accumulates time (Stopwatch ticks) spent waiting, thread-safely.</summary>
public sealed class WaitCounter
{
    private long ticks;
    private long firstTicks = -1;

    public void Add(long elapsedTicks)
    {
        Interlocked.CompareExchange(ref firstTicks, elapsedTicks, -1);
        Interlocked.Add(ref ticks, elapsedTicks);
    }

    /// <summary>All waiting since the last reset.</summary>
    public TimeSpan Total => TimeSpan.FromSeconds((double)Interlocked.Read(ref ticks) / Stopwatch.Frequency);

    /// <summary>The first wait since the last reset (an epoch's pipeline fill: workers start with an empty queue).</summary>
    public TimeSpan First => TimeSpan.FromSeconds((double)Math.Max(0, Interlocked.Read(ref firstTicks)) / Stopwatch.Frequency);

    /// <summary>Waiting after the first item arrived: the steady-state cost of data loading.</summary>
    public TimeSpan Steady => Total - First;

    public void Reset()
    {
        Interlocked.Exchange(ref ticks, 0);
        Interlocked.Exchange(ref firstTicks, -1);
    }
}
