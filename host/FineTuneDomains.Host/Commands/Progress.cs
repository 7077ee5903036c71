using Spectre.Console;

namespace FineTuneDomains.Host.Commands;

/// <summary>A progress bar on terminals; nothing when output is redirected.</summary>
internal static class Progress
{
    /// <summary>Runs <paramref name="work"/> with a callback (done, total) that advances one bar.</summary>
    public static void Run(IAnsiConsole console, string title, Action<Action<int, int>> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            work((_, _) => { });
            return;
        }
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(p =>
            {
                var task = p.AddTask(Markup.Escape(title));
                work((done, total) => { task.MaxValue = Math.Max(1, total); task.Value = done; });
            });
    }
}
