using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Rendering;
using OdooGateAction.Testing;
using static OdooGateAction.Core.Tests.TestConfig;

namespace OdooGateAction.Core.Tests.Rendering;

public sealed class ReportRenderingTests
{
    private const string Hostile = "<!-- odoo-gates:merge --> | @acme/odoo-sre [click](https://evil.example) `x` **b**";

    private static EvaluationReport HostileReport() =>
        new GateEvaluator(new ManualTimeProvider(Base.AddHours(1)))
            .Evaluate(With("- { check: \"*\", app: any }"), "merge", Snapshot(Run(Hostile, "failure", 0, 42, app: "spoof<ci>")));

    [Fact]
    public void Markdown_HostileCheckName_RendersGolden()
    {
        Golden.AssertMatches(MarkdownReportRenderer.Render(HostileReport()), "hostile-names.md");
    }

    [Fact]
    public void Markdown_HostileCheckName_CannotForgeMarkerMentionLinkOrTableCell()
    {
        var markdown = MarkdownReportRenderer.Render(HostileReport());

        Assert.DoesNotContain("<!--", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("@acme", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](https://evil", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<ci>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**b**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[click]", markdown, StringComparison.Ordinal);
        foreach (var row in markdown.Split('\n').Where(l => l.StartsWith("| check ", StringComparison.Ordinal)))
        {
            Assert.Equal(6, row.Count(c => c == '|'));
        }
    }

    [Fact]
    public void Json_HostileCheckName_RoundTripsExactly()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Render(HostileReport()));

        var match = json.RootElement.GetProperty("gates")[0].GetProperty("checks")[0].GetProperty("matches")[0];
        Assert.Equal(Hostile, match.GetProperty("name").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("schema_version").GetInt32());
    }

    [Theory]
    [InlineData("a|b", "a&#124;b")]
    [InlineData("@team", "&#64;team")]
    [InlineData("<b>", "&lt;b&gt;")]
    [InlineData("snake_case *x*", "snake&#95;case &#42;x&#42;")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("[t](u)", "&#91;t&#93;(u)")]
    [InlineData("https://x", "https&#58;//x")]
    public void Escape_UserText_NeutralisesMarkdown(string input, string expected)
    {
        Assert.Equal(expected, MarkdownText.Escape(input));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public void Link_NonHttpUrl_IsDroppedKeepingText(string url)
    {
        Assert.Equal("name", MarkdownText.Link("name", url));
    }

    [Fact]
    public void Text_BlockedReport_ListsReasonsWithCodes()
    {
        var text = TextReportRenderer.Render(HostileReport());

        Assert.StartsWith("merge: BLOCKED\n", text, StringComparison.Ordinal);
        Assert.Contains("  - [check_failed] G1 failed:", text, StringComparison.Ordinal);
    }
}
