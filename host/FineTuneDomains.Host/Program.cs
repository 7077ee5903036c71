namespace FineTuneDomains.Host;

internal static class Program
{
    private static int Main(string[] args) => FtdApp.Run(args);
}
