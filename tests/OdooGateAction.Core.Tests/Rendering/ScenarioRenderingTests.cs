using System.Text;
using Microsoft.Extensions.Time.Testing;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Rendering;
using OdooGateAction.Testing;
using static OdooGateAction.Core.Tests.Overrides.OverrideScenario;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>
/// The records people read, for the seven situations they meet, against the shipped configuration: all green, blocked,
/// waiting, an honoured and a refused override, a gate production may not override, and a dry run (golden files,
/// reviewed by reading them); and what each must say first.
/// </summary>
public sealed class ScenarioRenderingTests
{
    private const string Sha = "a1f3c9d27e4b58f0c6d2e8b7a9c01f4e3d5b6a70";

    private static CheckRunResult Run(long id, string name, string? conclusion, string status = "completed") =>
        new(id, name, "github-actions", status, conclusion, Push.AddMinutes(1), status == "completed" ? Push.AddMinutes(6) : null,
            $"https://github.com/acme/odoo-addons/actions/runs/{id}");

    private static CommitStatusResult Status(long id, string context, string state) =>
        new(id, context, state, Push.AddMinutes(2), Push.AddMinutes(2), null, null, "codecov[bot]");

    private static EvidenceSnapshot Evidence(params CheckRunResult[] runs) => Evidence(runs, []);

    private static EvidenceSnapshot Evidence(CheckRunResult[] runs, CommitStatusResult[] statuses) => new(Sha, runs, statuses)
    {
        Repository = "acme/odoo-addons",
        PullRequest = new PullRequestInfo(1347),
    };

    private static CheckRunResult[] G1Green => [Run(1, "pre-commit", "success"), Run(2, "test (16.0, ce)", "success"), Run(3, "test (16.0, ee)", "success"), Run(4, "install-modules", "success")];

    private static EvaluationReport Decide(string target, EvidenceSnapshot evidence, params OverrideFacts[] facts) =>
        new GateEvaluator(new FakeTimeProvider(Now)).Decide(Shipped, target, evidence, facts, Now);

    private static EvaluationReport AllGreenMerge() => Decide("merge", Evidence(G1Green));

    private static EvaluationReport BlockedMerge() => Decide("merge", Evidence(
        Run(1, "pre-commit", "failure"), Run(2, "test (16.0, ce)", "success"), Run(3, "test (16.0, ee)", "cancelled")));

    private static EvaluationReport WaitingMerge() => Decide("merge", Evidence(
        Run(1, "pre-commit", "success"), Run(2, "test (16.0, ce)", null, "in_progress"), Run(3, "test (16.0, ee)", null, "queued")));

    private static EvidenceSnapshot StagingUpgradeFailed() => Evidence(
        [.. G1Green, Run(5, "integration-tests", "success"), Run(6, "upgrade-from-previous", "failure")], []);

    private static EvaluationReport HonouredOverride() => Decide("staging", StagingUpgradeFailed(), AliceOverridesG2());

    private static EvaluationReport RefusedOverride() => Decide("staging", StagingUpgradeFailed(),
        Facts(["gate-override:G2"], [Labeled(301, "qa-carol", 20)], [Reason(401, "qa-carol", 21, reason: "QA signed off by hand")]));

    /// <summary>Production: G1's lint failed and a release manager asked to override it (G1 is not_overridable there); G2's upgrade failed; G4's smoke test runs.</summary>
    private static EvaluationReport Production() => Decide("production", Evidence(
        [
            Run(1, "pre-commit", "failure"), Run(2, "test (16.0, ce)", "success"), Run(3, "test (16.0, ee)", "success"), Run(4, "install-modules", "success"),
            Run(5, "integration-tests", "success"), Run(6, "upgrade-from-previous", "failure"), Run(7, "changelog", "success"),
            Run(8, "backup-verified", "success"), Run(9, "rollback-plan", "success"), Run(10, "staging-smoke-test", null, "in_progress"),
        ],
        [Status(11, "security/scan", "success"), Status(12, "codecov/project", "success")]),
        Facts(["gate-override:G1"], [Labeled(101, "rel-mgr-alice", 10, "gate-override:G1")], [Reason(201, "rel-mgr-alice", 12, "G1", "hotfix for a customer outage, INC-88")]));

    [Fact]
    public void Comment_AllGreenMerge_AFewLinesThenTheEvidenceFolded()
    {
        var comment = GitHubRecordRenderer.StatusComment(AllGreenMerge());

        Golden.AssertMatches(comment, "comment-merge-all-green.md");
        var visible = comment[..comment.IndexOf("<details>", StringComparison.Ordinal)];
        Assert.True(visible.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 5, visible);
        Assert.Contains("### ✅ Promotion to <code>merge</code> allowed · commit <code>a1f3c9d</code>", comment, StringComparison.Ordinal);
        Assert.Contains("➖ G2, G3 and G4 are not required for <code>merge</code>.", visible, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_BlockedMerge_OneLinePerBlockingGateWithOwnerAndNextStep()
    {
        var report = BlockedMerge();
        var comment = GitHubRecordRenderer.StatusComment(report);

        Golden.AssertMatches(comment, "comment-merge-blocked.md");
        var g1 = Assert.Single(comment.Split('\n'), l => l.StartsWith("- ❌ **G1", StringComparison.Ordinal));
        Assert.Contains("<code>pre-commit</code> and <code>test (16.0, ee)</code> (<code>cancelled</code>) failed", g1, StringComparison.Ordinal);
        Assert.Contains("<code>install-modules</code> has not reported on this commit", g1, StringComparison.Ordinal);
        Assert.Contains("Owner: Odoo Platform Developer (<code>acme/odoo-developers</code>)", g1, StringComparison.Ordinal);
        Assert.Contains("fix and re-run <code>pre-commit</code>", g1, StringComparison.Ordinal);
        Assert.Contains("Odoo Release Manager (<code>acme/odoo-release-managers</code>, <code>rel-mgr-alice</code>) applies the label <code>gate-override&#58;G1</code> and comments <code>/gate-override G1&#58; &lt;reason&gt;</code>", g1, StringComparison.Ordinal);
        Assert.DoesNotContain("check_", comment, StringComparison.Ordinal); // words for people, codes for machines
        Assert.DoesNotContain("G2 ·", comment, StringComparison.Ordinal); // not-required gates: one line, no evidence
    }

    [Fact]
    public void Comment_PersonasAndTeams_NeverMentionAnyone()
    {
        foreach (var report in new[] { BlockedMerge(), HonouredOverride(), RefusedOverride(), Production() })
        {
            var comment = GitHubRecordRenderer.StatusComment(report);

            // GitHub notifies for "@login" and "@org/team" only: no "@" is written, and names are code.
            Assert.DoesNotContain("@", System.Net.WebUtility.HtmlDecode(comment), StringComparison.Ordinal);
            Assert.DoesNotContain("&#64;", comment, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Comment_Waiting_SaysWaitingForTheChecksNotBlocked()
    {
        var report = WaitingMerge();
        var comment = GitHubRecordRenderer.StatusComment(report);

        Golden.AssertMatches(comment, "comment-merge-waiting.md");
        Assert.Equal(Decision.Block, report.Decision); // the decision and the exit code stay: only the words differ
        Assert.StartsWith("<!-- odoo-gates:merge -->\n### ⏳ Promotion to <code>merge</code> waiting for <code>test (&#42;)</code> and <code>install-modules</code>", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("blocked", comment, StringComparison.Ordinal);
        Assert.Equal("Promotion to merge waiting for test (*), install-modules", GitHubRecordRenderer.ForTarget(report).Title);
        Assert.StartsWith("merge: WAITING for 'test (*)', 'install-modules'\n", TextReportRenderer.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_HonouredOverride_SmallTable()
    {
        var comment = GitHubRecordRenderer.StatusComment(HonouredOverride());

        Golden.AssertMatches(comment, "comment-staging-override-honoured.md");
        Assert.Contains("| Gate | Who | Decision | Why | Until |", comment, StringComparison.Ordinal);
        Assert.Contains("| G2 · PR #1347 | <code>rel-mgr-alice</code> (release&#95;manager) | 🔓 honoured | upgrade test flaky on the runner, see OPS-412 | 2026-11-21T10:10:00Z |", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_RefusedOverride_ShortReasonInTheTableAndTheRouteThatWorks()
    {
        var comment = GitHubRecordRenderer.StatusComment(RefusedOverride());

        Golden.AssertMatches(comment, "comment-staging-override-refused.md");
        var row = Assert.Single(comment.Split('\n'), l => l.StartsWith("| G2 · PR #1347 |", StringComparison.Ordinal));
        Assert.Contains("⛔ refused: <code>qa-carol</code> may not override G2; only release&#95;manager may", row, StringComparison.Ordinal);
        Assert.True(row.Length < 300, row);
    }

    [Fact]
    public void Summary_Production_NotOverridableGateSaysSoAndTwoPersonRuleIsNamed()
    {
        var report = Production();
        var summary = MarkdownReportRenderer.Render(report);

        Golden.AssertMatches(summary, "summary-production.md");
        var g1 = Assert.Single(summary.Split('\n'), l => l.StartsWith("- ❌ **G1", StringComparison.Ordinal));
        Assert.Contains("G1 may not be overridden for <code>production</code>: only its checks can pass it", g1, StringComparison.Ordinal);
        Assert.DoesNotContain("gate-override&#58;G1", g1, StringComparison.Ordinal);
        var g2 = Assert.Single(summary.Split('\n'), l => l.StartsWith("- ❌ **G2", StringComparison.Ordinal));
        Assert.Contains("or override with two people: Odoo Release Manager (<code>acme/odoo-release-managers</code>, <code>rel-mgr-alice</code>) applies the label <code>gate-override&#58;G2</code>; one Odoo Release Manager and one Odoo Platform SRE (<code>acme/odoo-sre</code>, <code>sre-bob</code>) each comment", g2, StringComparison.Ordinal);
        Assert.Contains("⛔ refused: G1 may not be overridden for <code>production</code>", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_DryRun_MarkedInTheHeadline()
    {
        var summary = MarkdownReportRenderer.Render(BlockedMerge(), MarkdownOptions.Summary with { DryRun = true });

        Golden.AssertMatches(summary, "summary-merge-dry-run.md");
        Assert.StartsWith("### 🧪 Dry run: ⛔ Promotion to <code>merge</code> blocked", summary, StringComparison.Ordinal);
        Assert.Contains("> Dry run: nothing was written to GitHub", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Dry run", MarkdownReportRenderer.Render(BlockedMerge()), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_BlockedMerge_HidesGatesTheTargetDoesNotRequireUnlessVerbose()
    {
        var report = BlockedMerge();
        var text = TextReportRenderer.Render(report);
        var verbose = TextReportRenderer.Render(report, verbose: true);

        Golden.AssertMatches(text, "text-merge-blocked.txt");
        Assert.Contains("G2, G3, G4 are not required for merge (--verbose lists them)\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("changelog", text, StringComparison.Ordinal);
        Assert.Contains("G3   not-required Release readiness", verbose, StringComparison.Ordinal);
        Assert.Contains("changelog", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_AllGreen_ShorterThanBlocked()
    {
        var green = Encoding.UTF8.GetByteCount(GitHubRecordRenderer.StatusComment(AllGreenMerge()));
        var blocked = Encoding.UTF8.GetByteCount(GitHubRecordRenderer.StatusComment(BlockedMerge()));

        Assert.True(green < blocked, $"{green} >= {blocked}");
    }
}
