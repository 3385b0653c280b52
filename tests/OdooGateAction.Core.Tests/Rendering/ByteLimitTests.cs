using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>
/// GitHub's limits are UTF-8 bytes: a check run's title, summary and text at most 65,535, a comment body 65,536. Big
/// reports (a matrix of thousands of results, thousands of mapped checks, non-Latin names) stay under them, keep the
/// decision, the blocking reasons and each check's counts whole, and close what they open.
/// </summary>
public sealed class ByteLimitTests
{
    private const string Sha = "a1f3c9d27e4b58f0c6d2e8b7a9c01f4e3d5b6a70";
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="checks"/> mapped checks of G1 with <paramref name="matchesPerCheck"/> results each; the first result of the first check failed.</summary>
    private static EvaluationReport Report(int checks, int matchesPerCheck, Func<int, string> name)
    {
        var reports = new List<CheckReport>();
        var id = 1L;
        for (var c = 0; c < checks; c++)
        {
            var matches = new List<MatchedResult>();
            for (var m = 0; m < matchesPerCheck; m++)
            {
                var failed = c == 0 && m == 0;
                matches.Add(new MatchedResult("check", name((c * matchesPerCheck) + m), "github-actions", failed ? "failure" : "success",
                    failed ? CheckOutcome.Failed : CheckOutcome.Passed, $"https://github.com/acme/odoo/runs/{id}", id++));
            }

            var outcome = c == 0 ? CheckOutcome.Failed : CheckOutcome.Passed;
            reports.Add(new CheckReport("check", matchesPerCheck > 1 ? $"{name(c)} *" : name(c), "unit-tests", "github-actions", 1, true, outcome,
                c == 0 ? ReasonCodes.CheckFailed : ReasonCodes.CheckPassed, c == 0 ? "a match failed" : "passed", matches));
        }

        var gate = new GateReport("G1", "Build & static quality", "developer", true, GateStatus.Failed, reports);
        return new EvaluationReport("merge", Decision.Block, Now, Sha, [gate],
            [new BlockingReason(ReasonCodes.CheckFailed, "G1", reports[0].Pattern) { GateStatus = GateStatus.Failed, CheckResult = reports[0] }], [])
        {
            Repository = "acme/odoo",
            PullRequest = 7,
        };
    }

    private static string Ascii(int i) => string.Create(CultureInfo.InvariantCulture, $"test (16.0, shard {i:D4}, postgres 15)");

    private static string Japanese(int i) => string.Create(CultureInfo.InvariantCulture, $"統合テスト・アップグレード検証 {i:D4} 番目のシャード");

    public static TheoryData<string, int, int> Shapes => new()
    {
        { "ascii", 1, 1000 },
        { "ascii", 1, 3000 },
        { "ascii", 1000, 1 },
        { "ascii", 3000, 1 },
        { "japanese", 1, 3000 },
        { "japanese", 1000, 1 },
        { "japanese", 3000, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Records_BigReports_FitGitHubsByteLimitsAndKeepTheDecisionWhole(string names, int checks, int matchesPerCheck)
    {
        var report = Report(checks, matchesPerCheck, names == "ascii" ? Ascii : Japanese);

        var target = GitHubRecordRenderer.ForTarget(report);
        var gate = GitHubRecordRenderer.ForGate(report, report.Gates[0]);
        var comment = GitHubRecordRenderer.StatusComment(report);

        foreach (var (what, text, limit) in new[]
        {
            ("target title", target.Title, GitHubRecordRenderer.CheckRunTextLimit),
            ("target summary", target.Summary, GitHubRecordRenderer.CheckRunTextLimit),
            ("target text", target.Text, GitHubRecordRenderer.CheckRunTextLimit),
            ("gate summary", gate.Summary, GitHubRecordRenderer.CheckRunTextLimit),
            ("comment", comment, GitHubRecordRenderer.CommentLimit),
        })
        {
            Assert.True(Encoding.UTF8.GetByteCount(text) <= limit, $"{what}: {Encoding.UTF8.GetByteCount(text):N0} bytes > {limit:N0}");
            Assert.DoesNotContain('\uFFFD', text); // never cut inside a character
            Assert.Equal(Count(text, "<details"), Count(text, "</details>"));
        }

        foreach (var text in new[] { target.Summary, comment })
        {
            Assert.Contains("Promotion to <code>merge</code> blocked", text, StringComparison.Ordinal);
            Assert.Contains("- ❌ **G1 · Build & static quality**: ", System.Net.WebUtility.HtmlDecode(text), StringComparison.Ordinal);
            Assert.Contains(" failed<br>Owner: ", text, StringComparison.Ordinal);
        }

        if (matchesPerCheck > 1)
        {
            // One matrix check: its counts stay whole, and the failing result is listed by name.
            Assert.Contains($"1 failed, {matchesPerCheck - 1} passed", target.Text, StringComparison.Ordinal);
            Assert.Contains($"… and {matchesPerCheck - MarkdownReportRenderer.ListedResults} more", target.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("truncated to fit GitHub's size limit", target.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncate_OpenFenceAndDetails_ClosedBeforeTheNote()
    {
        var text = "<details><summary>x</summary>\n\n```\n" + string.Concat(Enumerable.Repeat("line of code\n", 100));

        var cut = MarkdownTruncation.ToBytes(text, 300, "\nNOTE\n");

        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 300);
        Assert.EndsWith("```\n\n</details>\n\nNOTE\n", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_FitsAlready_Unchanged() =>
        Assert.Equal("short\n", MarkdownTruncation.ToBytes("short\n", 6, "NOTE"));

    [Fact]
    public void Truncate_NotEvenTheNoteFits_Empty() =>
        Assert.Equal(string.Empty, MarkdownTruncation.ToBytes(new string('a', 100), 3, "NOTE"));

    private static int Count(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
