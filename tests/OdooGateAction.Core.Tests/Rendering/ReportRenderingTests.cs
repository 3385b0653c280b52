using Microsoft.Extensions.Time.Testing;
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
        new GateEvaluator(new FakeTimeProvider(Base.AddHours(1)))
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
            Assert.Equal(5, row.Count(c => c == '|'));
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
    [InlineData("esc\u001b[31m", "esc &#91;31m")]
    [InlineData("bidi\u202Eevil\u202C", "bidi&#92;u202eevil&#92;u202c")]
    [InlineData("isolate\u2066x\u2069", "isolate&#92;u2066x&#92;u2069")]
    [InlineData("zero\u200Bwidth\u200F\uFEFF", "zero&#92;u200bwidth&#92;u200f&#92;ufeff")]
    [InlineData("line\u2028sep\u2029", "line&#92;u2028sep&#92;u2029")]
    [InlineData("emoji 🚀", "emoji 🚀")]
    public void Escape_UserText_NeutralisesMarkdown(string input, string expected)
    {
        Assert.Equal(expected, MarkdownText.Escape(input));
    }

    [Fact]
    public void Escape_LoneSurrogate_ShownVisibly()
    {
        Assert.Equal("lone&#92;ud800 pair \uD83D\uDE80", MarkdownText.Escape("lone\uD800 pair \uD83D\uDE80"));
    }

    [Fact]
    public void Mermaid_ControlAndInvisibleCharacters_SpaceAndVisibleEscape()
    {
        Assert.Equal("a b#92;u202ec#92;u2028d", MarkdownText.Mermaid("a\u001bb\u202Ec\u2028d"));
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
    public void Text_BlockedReport_SaysWhatBlocksInWordsWithoutCodes()
    {
        var text = TextReportRenderer.Render(HostileReport());

        Assert.StartsWith("merge: BLOCKED\n", text, StringComparison.Ordinal);
        Assert.Contains("\nWhat blocks, and what to do next:\n  - G1 Build & static quality: '<!-- odoo-gates:merge --> | @acme", text, StringComparison.Ordinal);
        Assert.Contains("' failed\n      owner: Developer\n      next: fix and re-run '", text, StringComparison.Ordinal);
        Assert.DoesNotContain("check_failed", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test (x\n::stop-commands::pwned\n::set-output name=decision::allow)", "test (x\\n::stop-commands::pwned\\n::set-output name=decision::allow)")]
    [InlineData("test (x\r::set-output name=decision::allow)", "test (x\\r::set-output name=decision::allow)")]
    [InlineData("test (\u001b[31mred\u001b[0m)", "test (\\u001b[31mred\\u001b[0m)")]
    [InlineData("test (x ##[set-output name=decision]allow)", "test (x #\\u0023[set-output name=decision]allow)")]
    public void Text_HostileCheckName_OneInertLine(string name, string shown)
    {
        var report = new GateEvaluator(new FakeTimeProvider(Base.AddHours(1)))
            .Evaluate(With("- { check: \"test (*)\", app: any }"), "merge", Snapshot(Run(name, "failure", 0, 42, app: "ci\n::add-mask::x")));

        var text = TextReportRenderer.Render(report);

        Assert.Contains(shown, text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line =>
        {
            Assert.False(LogText.StartsCommand(line), line);
            Assert.DoesNotContain(line, c => char.IsControl(c) && c != '\t');
            Assert.DoesNotContain("##[", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Text_HostileTargetAndAppSlug_Neutralised()
    {
        var report = new GateEvaluator(new FakeTimeProvider(Base.AddHours(1)))
            .Evaluate(With("- check: pre-commit"), "merge", Snapshot(Run("pre-commit", "success", 0, 42, app: "evil\n::set-output name=decision::allow\u001b[0m")));
        report = report with { Target = "::stop-commands::pwned" };

        var text = TextReportRenderer.Render(report);

        Assert.StartsWith("\\::stop-commands::pwned: BLOCKED\n", text, StringComparison.Ordinal);
        Assert.Contains("evil\\n::set-output name=decision::allow\\u001b[0m", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text.Split('\n'), LogText.StartsCommand);
    }
}
