using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Rendering;
using OdooGateAction.Testing;
using static OdooGateAction.Core.Tests.Overrides.OverrideScenario;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>Overrides in every rendering of the report: Markdown, text, JSON, check runs and the audit comment.</summary>
public sealed class OverrideRenderingTests
{
    private const string Hostile = "<!-- odoo-gates:merge --> @acme/odoo-sre | [x](https://evil)";
    private const string Sha = "a1f3c9d27e4b58f0c6d2e8b7a9c01f4e3d5b6a70";

    /// <summary>Staging for a merge group of PR 1347 and 1348: G1 passed, G2's upgrade test failed.</summary>
    private static EvidenceSnapshot StagingEvidence()
    {
        CheckRunResult Run(long id, string name, string conclusion) =>
            new(id, name, "github-actions", "completed", conclusion, Push.AddMinutes(1), Push.AddMinutes(6), $"https://github.com/acme/odoo-addons/actions/runs/{id}");
        return new EvidenceSnapshot(Sha,
        [
            Run(1, "pre-commit", "success"), Run(2, "test (16.0, ce)", "success"), Run(3, "test (16.0, ee)", "success"),
            Run(4, "install-modules", "success"), Run(5, "integration-tests", "success"), Run(6, "upgrade-from-previous", "failure"),
        ], [])
        {
            Repository = "acme/odoo-addons",
            PullRequest = new PullRequestInfo(1347),
        };
    }

    private static EvaluationReport Report(params OverrideFacts[] facts) =>
        new GateEvaluator(new FakeTimeProvider(Now)).Evaluate(Shipped, "staging", StagingEvidence(), OverrideRules.Decide(Shipped, "staging", facts, Now));

    /// <summary>One honoured override (PR 1347, rel-mgr-alice) and one refused (PR 1348, qa-carol).</summary>
    private static EvaluationReport HonouredAndRefused() => Report(
        AliceOverridesG2(1347),
        Facts(["gate-override:G2"], [Labeled(301, "qa-carol", 20)], [Reason(401, "qa-carol", 21, reason: "QA signed off by hand")], pullRequest: 1348));

    /// <summary>A hostile reason, label text and no teams consulted.</summary>
    private static EvaluationReport HostileReport() => Report(
        Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12, reason: Hostile)], teams: false),
        Facts(["gate-override:" + Hostile], [Labeled(102, "rel-mgr-alice", 10, "gate-override:" + Hostile)], [Reason(202, "rel-mgr-alice", 12, reason: Hostile)], teams: false, pullRequest: 1348));

    [Fact]
    public void Markdown_HonouredAndRefusedOverride_RendersGolden()
    {
        var report = HonouredAndRefused();

        Assert.Equal(Decision.Allow, report.Decision);
        Golden.AssertMatches(MarkdownReportRenderer.Render(report), "overrides-staging.md");
    }

    [Fact]
    public void Text_HonouredAndRefusedOverride_RendersGolden()
    {
        Golden.AssertMatches(TextReportRenderer.Render(HonouredAndRefused()), "overrides-staging.txt");
    }

    [Fact]
    public void Json_HonouredAndRefusedOverride_RendersGolden()
    {
        Golden.AssertMatches(JsonReportWriter.Render(HonouredAndRefused()), "overrides-staging.json");
    }

    [Fact]
    public void OverrideComment_HonouredAndRefused_RenderGolden()
    {
        var report = HonouredAndRefused();

        Golden.AssertMatches(GitHubRecordRenderer.OverrideComment(report, report.Overrides[0]), "override-comment-honoured.md");
        Golden.AssertMatches(GitHubRecordRenderer.OverrideComment(report, report.Overrides[1]), "override-comment-refused.md");
    }

    [Fact]
    public void Json_HonouredAndRefusedOverride_ConformsToDocumentedSchema()
    {
        var schema = JsonSchemas.Load(Path.Combine(RepositoryRoot(), "docs", "report.schema.json"));
        using var report = JsonDocument.Parse(JsonReportWriter.Render(HonouredAndRefused()));
        using var hostile = JsonDocument.Parse(JsonReportWriter.Render(HostileReport()));

        Assert.Empty(JsonSchemas.Validate(schema, report.RootElement));
        Assert.Empty(JsonSchemas.Validate(schema, hostile.RootElement));
    }

    [Fact]
    public void Schema_OverrideCodeEnum_ListsExactlyTheOverrideCodes()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "report.schema.json")));
        var documented = schema.RootElement.GetProperty("$defs").GetProperty("overrideCode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(OverrideCodes.All.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReportDocs_OverrideCodes_AllDocumented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "report.md"));

        Assert.All(OverrideCodes.All, code => Assert.Contains($"| `{code}` |", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Json_Override_RoundTripsEveryField()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Render(HostileReport()));

        var overrides = json.RootElement.GetProperty("overrides");
        Assert.Equal(2, overrides.GetArrayLength());
        var honoured = overrides[0];
        Assert.Equal(Hostile, honoured.GetProperty("reason").GetString());
        Assert.Equal("honoured", honoured.GetProperty("outcome").GetString());
        Assert.Equal(101, honoured.GetProperty("label_event_id").GetInt64());
        Assert.False(honoured.GetProperty("teams_consulted").GetBoolean());
        Assert.Equal("refused", overrides[1].GetProperty("outcome").GetString());
        Assert.Equal(OverrideCodes.UnknownGate, overrides[1].GetProperty("code").GetString());
        Assert.Equal(Hostile, overrides[1].GetProperty("gate").GetString());
        var g2 = json.RootElement.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "G2");
        Assert.Equal("overridden", g2.GetProperty("status").GetString());
        Assert.Equal("failed", g2.GetProperty("evidence_status").GetString());
        Assert.Equal(Hostile, g2.GetProperty("override").GetProperty("reason").GetString());
        var g1 = json.RootElement.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "G1");
        Assert.Equal(JsonValueKind.Null, g1.GetProperty("override").ValueKind);
    }

    [Fact]
    public void Markdown_HostileReason_RenderedHarmless()
    {
        var report = HostileReport();

        AssertHarmless(MarkdownReportRenderer.Render(report));
        Assert.Contains("Team membership was not checked", MarkdownReportRenderer.Render(report), StringComparison.Ordinal);
        var rows = MarkdownReportRenderer.Render(report).Split('\n').Where(l => l.StartsWith("| G2 · PR #", StringComparison.Ordinal) || l.StartsWith("| &lt;", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal(6, row.Count(c => c == '|')));
    }

    [Fact]
    public void CheckRuns_HostileReason_RenderedHarmless()
    {
        var report = HostileReport();
        var gate = GitHubRecordRenderer.ForGate(report, report.Gates.Single(g => g.Id == "G2"));
        var aggregate = GitHubRecordRenderer.ForTarget(report);

        Assert.Equal("success", gate.Conclusion);
        Assert.Equal("G2 Functional & upgrade QA: overridden by rel-mgr-alice", gate.Title);
        Assert.Contains("🔓 Overridden by <code>rel-mgr-alice</code> (release&#95;manager) on PR #1347", gate.Summary, StringComparison.Ordinal);
        Assert.Contains("until 2026-11-21T10:10:00Z", gate.Summary, StringComparison.Ordinal);
        AssertHarmless(gate.Summary);
        AssertHarmless(aggregate.Summary);
        AssertHarmless(aggregate.Text);
    }

    [Fact]
    public void CheckRun_RefusedOverride_ShownOnTheGate()
    {
        var report = Report(Facts(["gate-override:G2"], [Labeled(301, "qa-carol", 20)], [Reason(401, "qa-carol", 21)]));
        var gate = GitHubRecordRenderer.ForGate(report, report.Gates.Single(g => g.Id == "G2"));

        Assert.Equal("failure", gate.Conclusion);
        Assert.Contains("⛔ Override on PR #1347 refused: <code>qa-carol</code> may not override G2; only release&#95;manager may.", gate.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void OverrideComment_HostileReason_RenderedHarmlessWithOneMarker()
    {
        var report = HostileReport();

        foreach (var decision in report.Overrides)
        {
            var comment = GitHubRecordRenderer.OverrideComment(report, decision);
            var marker = GitHubRecordRenderer.OverrideMarker(decision.Gate, decision.LabelEventId);

            Assert.StartsWith(marker + "\n", comment, StringComparison.Ordinal);
            Assert.Equal(1, Count(comment, "<!--"));
            Assert.Equal(1, Count(comment, "-->"));
            AssertHarmless(comment[marker.Length..]);
        }
    }

    [Fact]
    public void OverrideComment_HostileReason_Golden()
    {
        var report = HostileReport();

        Golden.AssertMatches(GitHubRecordRenderer.OverrideComment(report, report.Overrides[0]), "override-comment-hostile.md");
    }

    [Theory]
    [InlineData("G2", 9001, "<!-- odoo-gates:override:G2:9001 -->")]
    [InlineData("prod.safety_gate-4", 7, "<!-- odoo-gates:override:prod.safety_gate-4:7 -->")]
    [InlineData("x --> @evil <b>", 1, "<!-- odoo-gates:override:x_--___evil__b_:1 -->")]
    public void OverrideMarker_GateAndEventId_CannotCloseTheComment(string gate, long id, string expected)
    {
        var marker = GitHubRecordRenderer.OverrideMarker(gate, id);

        Assert.Equal(expected, marker);
        Assert.Equal(1, Count(marker, "-->"));
    }

    private static void AssertHarmless(string markdown)
    {
        Assert.DoesNotContain("<!-- odoo-gates:merge", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("@acme", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](https://evil", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[x]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(" | [", markdown, StringComparison.Ordinal);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OdooGateAction.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory.FullName;
    }
}
