using System.Text;
using OdooGateAction.Runtime;
using static OdooGateAction.Tests.Runtime.RuntimeFixtures;

namespace OdooGateAction.Tests.Runtime;

public sealed class StepSummaryTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Append_SmallMarkdown_AppendedUnchanged()
    {
        var path = _temp.Write("summary", "# earlier step output\n");
        var summary = new StepSummary(Environment(("GITHUB_STEP_SUMMARY", path)));

        Assert.True(summary.Append("## odoo-gates/merge: allow ✅\n"));

        Assert.Equal("# earlier step output\n## odoo-gates/merge: allow ✅\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Append_NoSummaryFile_ReturnsFalse(string? variable)
    {
        var summary = new StepSummary(Environment(("GITHUB_STEP_SUMMARY", variable)));

        Assert.False(summary.IsAvailable);
        Assert.False(summary.Append("# report"));
    }

    [Fact]
    public void Append_OverOneMiB_CutAtLineBelowLimitWithNote()
    {
        var path = _temp.Write("summary", string.Empty);
        var markdown = LargeTable(MiB + (MiB / 2));
        var summary = new StepSummary(Environment(("GITHUB_STEP_SUMMARY", path)));

        Assert.True(summary.Append(markdown, "/runner/tmp/odoo-gates-report.json"));

        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length < MiB, $"{bytes.Length} bytes");
        Assert.True(bytes.Length > MiB - 4096, $"{bytes.Length} bytes: cut far more than needed");
        var written = StrictUtf8.GetString(bytes);
        var noteStart = written.IndexOf("\n> **Summary truncated.**", StringComparison.Ordinal);
        Assert.True(noteStart > 0);
        Assert.Contains("The full report is in the JSON report file `/runner/tmp/odoo-gates-report.json`.", written, StringComparison.Ordinal);
        var kept = written[..noteStart];
        Assert.EndsWith("|\n", kept, StringComparison.Ordinal); // whole lines only
        Assert.StartsWith(kept, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_FileAlreadyHasContent_BudgetIsWhatRemains()
    {
        var path = _temp.Write("summary", new string('x', 700 * 1024) + "\n");
        var summary = new StepSummary(Environment(("GITHUB_STEP_SUMMARY", path)));

        Assert.True(summary.Append(LargeTable(600 * 1024)));

        Assert.True(new FileInfo(path).Length < MiB);
        Assert.Contains("Summary truncated", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_OpenCodeFenceAtCut_ClosesIt()
    {
        var markdown = "# Promotion path\n```mermaid\nflowchart LR\n" + string.Concat(Enumerable.Repeat("  a --> b\n", 20_000)) + "```\n";

        var result = StepSummary.Truncate(markdown, 64 * 1024);

        Assert.True(Encoding.UTF8.GetByteCount(result) < 64 * 1024);
        var fences = result.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal));
        Assert.Equal(0, fences % 2);
        Assert.Contains("full report is in the JSON report file.", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_JustBelowLimit_Unchanged()
    {
        var markdown = new string('a', 99) + "\n"; // 100 bytes

        Assert.Same(markdown, StepSummary.Truncate(markdown, 101));
        Assert.Contains("Summary truncated", StepSummary.Truncate(markdown + new string('b', 500) + "\n", 600), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_OneHugeLine_KeepsOnlyTheNote()
    {
        var result = StepSummary.Truncate(new string('é', MiB), MiB);

        Assert.StartsWith("\n> **Summary truncated.**", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_NoRoomForNote_Empty() =>
        Assert.Equal(string.Empty, StepSummary.Truncate(new string('a', 1000), 50));

    // A Markdown table with multi-byte characters, so a byte cut inside a character would show.
    private static string LargeTable(int minBytes)
    {
        var text = new StringBuilder("| gate | check | result |\n|---|---|---|\n");
        for (var i = 0; Encoding.UTF8.GetByteCount(text.ToString()) < minBytes; i++)
        {
            for (var j = 0; j < 1000; j++, i++)
            {
                text.Append("| G").Append(i % 4 + 1).Append(" | test (16.0, module_").Append(i).Append(") ✓ é 🚦 | passed |\n");
            }
        }

        return text.ToString();
    }
}
