namespace FineTuneDomains.Host.Tests;

/// <summary>
/// Builds the out-of-tree plugins under tests/fixtures/plugins with `dotnet publish`, as a researcher
/// would build a new domain, into a temporary plugin folder; and a folder of broken plugins beside them.
/// </summary>
public sealed class PluginFixtures : IDisposable
{
    public PluginFixtures()
    {
        Root = Path.Combine(Path.GetTempPath(), "ftd-host-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Good = Path.Combine(Root, "good");
        Broken = Path.Combine(Root, "broken");
        foreach (var name in new[] { "Shapes", "Faulty" }) Publish(name, Good);
        foreach (var name in new[] { "Throwing", "WrongContract", "NewerMinor" }) Publish(name, Broken);
        Directory.CreateDirectory(Path.Combine(Broken, "NoAssembly"));
        File.WriteAllText(Path.Combine(Broken, "NoAssembly", "README.txt"), "a plugin folder someone forgot to build");
        Directory.CreateDirectory(Path.Combine(Broken, "Garbage"));
        File.WriteAllBytes(Path.Combine(Broken, "Garbage", "Garbage.dll"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 251)).ToArray());
    }

    public string Root { get; }

    /// <summary>Folder of good plugins (shapes, faulty).</summary>
    public string Good { get; }

    /// <summary>Folder of broken plugins (throwing constructor, contract 2.0, contract 1.9, no assembly, not an assembly).</summary>
    public string Broken { get; }

    private void Publish(string name, string into)
    {
        var project = Path.Combine(Ftd.RepoRoot, "tests", "fixtures", "plugins", $"FineTuneDomains.Plugins.{name}");
        var output = Path.Combine(into, $"FineTuneDomains.Plugins.{name}");
        var result = Ftd.Dotnet(project, "publish", "-c", Ftd.Configuration, "-o", output, "-nologo", "-v", "quiet",
            $"-p:IntermediateOutputPath=obj/hosttests/", $"-p:OutputPath=bin/hosttests/");
        if (result.ExitCode != 0) throw new InvalidOperationException($"building the {name} fixture plugin failed:\n{result}");
    }

    public string NewWorkDir()
    {
        var dir = Path.Combine(Root, "work-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("ftd", DisableParallelization = true)]
public sealed class FtdCollection : ICollectionFixture<PluginFixtures>;
