using FineTuneDomains.Core.Training;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

/// <summary>Keeps a training run's messages for assertions and prints nothing.</summary>
internal sealed class QuietObserver : ITrainingObserver
{
    public List<string> Messages { get; } = [];

    public void EpochStarted(int epoch, int epochs, int batches, int startBatch)
    {
    }

    public void BatchDone(int batch, double loss, double samplesPerSecond)
    {
    }

    public void Phase(string? description)
    {
    }

    public void Message(string text) => Messages.Add(text);
}
