using System.Text.RegularExpressions;
using OdooGateAction.Runtime;
using static OdooGateAction.Tests.Runtime.RuntimeFixtures;

namespace OdooGateAction.Tests.Runtime;

public sealed class GitHubOutputFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("folder", "the GITHUB_OUTPUT file '{0}' is a folder, not a file")]
    [InlineData("symlink", "the GITHUB_OUTPUT file '{0}' is a symbolic link; only a regular file or a new path is written")]
    public void SetAll_OutputFileNotARegularFile_PlainSentenceNamingGitHubOutput(string kind, string message)
    {
        var path = kind == "folder" ? Directory.CreateDirectory(_temp.File("output")).FullName : File.CreateSymbolicLink(_temp.File("output"), "/dev/null").FullName;
        var outputs = new GitHubOutputFile(Environment(("GITHUB_OUTPUT", path)));

        var ex = Assert.Throws<LocalFileException>(() => outputs.Set("decision", "allow"));

        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, path), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_MultiLineValue_WritesHeredocEntries()
    {
        var path = _temp.Write("output", string.Empty);
        var outputs = new GitHubOutputFile(Environment(("GITHUB_OUTPUT", path)), () => "ghadelimiter_fixed");

        Assert.True(outputs.Set("decision", "block"));
        Assert.True(outputs.Set("summary", "G2 failed\nG4 pending\n"));

        Assert.Equal(
            "decision<<ghadelimiter_fixed\nblock\nghadelimiter_fixed\nsummary<<ghadelimiter_fixed\nG2 failed\nG4 pending\n\nghadelimiter_fixed\n",
            File.ReadAllText(path));
    }

    [Fact]
    public void SetAll_SeveralOutputs_RoundTripThroughRunnerParsing()
    {
        var path = _temp.Write("output", "earlier<<EOF\nkept\nEOF\n");
        var outputs = new GitHubOutputFile(Environment(("GITHUB_OUTPUT", path)));
        var written = new Dictionary<string, string>
        {
            ["decision"] = "block",
            ["blocked-gates"] = "G2,G4",
            ["g1"] = "passed",
            ["report"] = "/runner/tmp/odoo-gates-report.json",
            ["empty"] = string.Empty,
            ["lines"] = "a\r\nb\nc",
        };

        Assert.True(outputs.SetAll(written));

        var parsed = ParseLikeRunner(File.ReadAllText(path));
        Assert.Equal("kept", parsed["earlier"]);
        foreach (var (name, value) in written)
        {
            Assert.Equal(value, parsed[name]);
        }
    }

    [Fact]
    public void Set_DefaultDelimiter_IsFreshGhaDelimiterGuid()
    {
        var path = _temp.Write("output", string.Empty);
        var outputs = new GitHubOutputFile(Environment(("GITHUB_OUTPUT", path)));

        outputs.Set("a", "1");
        outputs.Set("b", "2");

        var delimiters = File.ReadAllLines(path).Where(l => l.Contains("<<", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("<<", StringComparison.Ordinal) + 2)..]).ToArray();
        Assert.All(delimiters, d => Assert.Matches(new Regex("^ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), d));
        Assert.NotEqual(delimiters[0], delimiters[1]);
    }

    [Theory]
    [InlineData("decision", "allow ghadelimiter_fixed then more")]
    [InlineData("decision", "line\nghadelimiter_fixed\nname<<x")]
    [InlineData("x_ghadelimiter_fixed", "allow")]
    [InlineData("two\nlines", "allow")]
    public void Set_NameOrValueContainsDelimiterOrBreak_RefusesAndWritesNothing(string name, string value)
    {
        var path = _temp.Write("output", "before\n");
        var outputs = new GitHubOutputFile(Environment(("GITHUB_OUTPUT", path)), () => "ghadelimiter_fixed");

        Assert.Throws<ArgumentException>(() => outputs.SetAll([new("ok", "1"), new(name, value)]));

        Assert.Equal("before\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Set_NoOutputFile_ReturnsFalse(string? variable)
    {
        var outputs = new GitHubOutputFile(Environment(("GITHUB_OUTPUT", variable)));

        Assert.False(outputs.IsAvailable);
        Assert.False(outputs.Set("decision", "allow"));
    }

    // The runner's reading of a file command: "name<<delimiter", then lines up to the delimiter line.
    private static Dictionary<string, string> ParseLikeRunner(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = lines[i].IndexOf("<<", StringComparison.Ordinal);
            if (marker < 0)
            {
                continue;
            }

            var (name, delimiter) = (lines[i][..marker], lines[i][(marker + 2)..]);
            var value = new List<string>();
            while (lines[++i] != delimiter)
            {
                value.Add(lines[i]);
            }

            result[name] = string.Join('\n', value);
        }

        return result;
    }
}
