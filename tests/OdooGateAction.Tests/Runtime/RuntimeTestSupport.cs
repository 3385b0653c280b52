using OdooGateAction.Runtime;

namespace OdooGateAction.Tests.Runtime;

/// <summary>A temporary folder, removed when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("odoo-gates-runtime-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class RuntimeFixtures
{
    /// <summary>A payload copied from octokit/webhooks (Fixtures/webhooks/PROVENANCE.md).</summary>
    public static string Webhook(string eventFolder, string file) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhooks", eventFolder, file);

    public static DictionaryActionEnvironment Environment(params (string Name, string? Value)[] variables) =>
        new(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    public static DictionaryActionEnvironment Environment(IDictionary<string, string?> variables) => new(variables);

    public static ActionSettings Settings(string? sha = null, int? pullRequest = null, string? target = null) =>
        new("ghs_test", null, target, "gates", sha, pullRequest, TimeSpan.Zero, TimeSpan.FromSeconds(15), true, true, false, "/tmp/audit.jsonl");
}
