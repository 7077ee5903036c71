namespace FineTuneDomains.Core.Training;

/// <summary>Receives progress of a training run (the host draws progress bars from it).</summary>
public interface ITrainingObserver
{
    /// <summary>An epoch starts: 0-based epoch, total epochs, batches in it, batch to start from.</summary>
    void EpochStarted(int epoch, int epochs, int batches, int startBatch);

    /// <summary>A batch was consumed: its index in the epoch, the running mean training loss, samples per second.</summary>
    void BatchDone(int batch, double loss, double samplesPerSecond);

    /// <summary>A phase besides training (evaluation, retain scoring, test) starts or ends (null).</summary>
    void Phase(string? description);

    /// <summary>One line about something that happened (an epoch's metrics, unfreezing, early stopping…).</summary>
    void Message(string text);
}
