using FineTuneDomains.Core.Training;
using Spectre.Console;

namespace FineTuneDomains.Host.Commands;

/// <summary>
/// Shows training progress: on a terminal a progress bar per epoch with throughput and ETA; otherwise
/// (pipes, CI, logs) only one line per event, no bars.
/// </summary>
internal sealed class ConsoleObserver : ITrainingObserver, IDisposable
{
    private readonly IAnsiConsole console;
    private readonly bool interactive;
    private ProgressContext? context;
    private ProgressTask? task;
    private Task? runner;
    private TaskCompletionSource? done;
    private readonly object gate = new();

    public ConsoleObserver(IAnsiConsole console)
    {
        this.console = console;
        interactive = console.Profile.Capabilities.Interactive;
    }

    public void EpochStarted(int epoch, int epochs, int batches, int startBatch)
    {
        if (!interactive) return;
        EnsureProgress();
        lock (gate)
        {
            task = context!.AddTask($"epoch {epoch + 1}/{epochs}", maxValue: Math.Max(1, batches));
            task.Value = startBatch;
        }
    }

    public void BatchDone(int batch, double loss, double samplesPerSecond)
    {
        if (!interactive) return;
        lock (gate)
        {
            if (task is null) return;
            task.Value = batch;
            task.Description = $"{task.Description.Split(' ')[0]} {task.Description.Split(' ')[1]} loss {loss:F4} {samplesPerSecond:F1}/s";
        }
    }

    public void Phase(string? description)
    {
        if (description is null) return;
        if (!interactive) return;
        lock (gate)
        {
            if (task is not null) task.StopTask();
        }
        console.MarkupLine($"[grey]{Markup.Escape(description)}…[/]");
    }

    public void Message(string text)
    {
        lock (gate)
        {
            if (task is not null) { task.Value = task.MaxValue; task.StopTask(); task = null; }
        }
        if (interactive) console.MarkupLine(Markup.Escape(text));
        else Console.Out.WriteLine(text);
    }

    private void EnsureProgress()
    {
        if (context is not null) return;
        var ready = new TaskCompletionSource();
        done = new TaskCompletionSource();
        runner = Task.Run(() => console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                context = ctx;
                ready.SetResult();
                await done.Task;
            }));
        ready.Task.Wait();
    }

    public void Dispose()
    {
        done?.TrySetResult();
        runner?.Wait();
    }
}
