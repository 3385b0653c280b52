using System.Text.RegularExpressions;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests;

/// <summary><c>validate</c> on every malformed fixture of the loader tests: exit 2, each error located, no stack trace.</summary>
public sealed partial class ValidateMalformedTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path("malformed")).Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validate_MalformedFixture_ExitsTwoWithEveryErrorLocated(string fixture)
    {
        var dir = Path("malformed", fixture);

        var (code, stdout, stderr) = await RunAsync("validate", "--config", dir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        var errors = stderr.Split('\n').Where(l => l.Contains(": error: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, line => Assert.Matches(Located(), line));
        Assert.Contains($"error: bad input: {dir}: the configuration has {errors.Count} error", stderr, StringComparison.Ordinal);
    }

    /// <summary><c>dir/file.yaml:line:column: error:</c>, or <c>dir/file.yaml: error:</c> for a whole-file problem (missing, empty).</summary>
    [GeneratedRegex(@"^\S+\.yaml(:\d+:\d+)?: error: \S")]
    private static partial Regex Located();
}
