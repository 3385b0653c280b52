using System.Reflection;
using System.Text.RegularExpressions;
using OdooGateAction.Runtime;

namespace OdooGateAction.Tests.Runtime;

/// <summary>action.yml declares exactly the inputs the action reads, and the outputs it writes.</summary>
public sealed partial class ActionManifestTests
{
    private static string ActionYml()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "action.yml");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException("action.yml not found above the test folder");
    }

    private static IReadOnlyList<string> Keys(string section)
    {
        var text = ActionYml();
        var start = text.IndexOf("\n" + section + ":\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"action.yml has no '{section}:' section");
        var body = text[(start + section.Length + 3)..];
        var end = body.IndexOf("\n\n", StringComparison.Ordinal);
        return [.. TopKey().Matches(end < 0 ? body : body[..end]).Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public void Inputs_ExactlyTheOnesTheActionReads()
    {
        var read = typeof(ActionSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Input", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(read, Keys("inputs").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Outputs_DeclareTheContractsOutputs() =>
        Assert.Equal(
            ["decision", "blocked-gates", "target", "sha", "report", "config-ref", "config-sha", "g1", "g2", "g3", "g4"],
            Keys("outputs"));

    [GeneratedRegex("^  ([a-z0-9-]+):", RegexOptions.Multiline)]
    private static partial Regex TopKey();
}
