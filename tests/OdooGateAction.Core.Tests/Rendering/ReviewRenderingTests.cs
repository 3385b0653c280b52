using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Rendering;
using OdooGateAction.Testing;
using static OdooGateAction.Core.Tests.TestConfig;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>A <c>review:</c> entry in the records: who approved and when, escaped; the ignored approvals with why; the JSON fields.</summary>
public sealed class ReviewRenderingTests
{
    private const string Head = "1111111111111111111111111111111111111111";
    private const string Hostile = "rm<img src=x>|@acme/odoo-sre**b**";

    private static EvaluationReport Report()
    {
        var personas = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [Hostile] = ["release_manager"],
            ["rm-bob"] = ["release_manager"],
        };
        var pr = new PullRequestReviews(12, "dev-dave", Head, Base,
        [
            new PullRequestReview(1, Hostile, "APPROVED", Base.AddMinutes(5), Head, "https://github.com/acme/odoo/pull/12#pullrequestreview-1"),
            new PullRequestReview(2, "rm-bob", "APPROVED", Base.AddMinutes(-5), Head, "https://github.com/acme/odoo/pull/12#pullrequestreview-2"),
        ])
        { PersonasByLogin = personas, TeamsConsulted = true };
        var evidence = Snapshot(Run("build", "success", 0, 1)) with { Reviews = [pr] };
        return new GateEvaluator(new FakeTimeProvider(Base.AddHours(1))).Evaluate(With("- check: build\n- { review: release_manager, min: 2 }"), "merge", evidence);
    }

    [Fact]
    public void Markdown_ReviewRow_ListsApproverWithTimeAndPr_Escaped_AndIgnoredWithWhy()
    {
        var markdown = MarkdownReportRenderer.Render(Report());

        Golden.AssertMatches(markdown, "review-evidence.md");
        var row = Assert.Single(markdown.Split('\n'), l => l.StartsWith("| review ", StringComparison.Ordinal));
        Assert.Equal(6, row.Count(c => c == '|')); // the login's '|' cannot open a table cell
        Assert.Contains("APPROVED at 2026-11-18T10&#58;05&#58;00Z on #12", row, StringComparison.Ordinal);
        Assert.Contains("rm-bob APPROVED at 2026-11-18T09&#58;55&#58;00Z on #12 (stale&#58; before the push at 2026-11-18T10&#58;00&#58;00Z)", row, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("@acme", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**b**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ReviewMatches_CarryWhenWhereAndWhy()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Render(Report()));

        var check = json.RootElement.GetProperty("gates")[0].GetProperty("checks")[1];
        Assert.Equal(("review", "release_manager", 2, "review_stale"),
            (check.GetProperty("kind").GetString(), check.GetProperty("pattern").GetString(), check.GetProperty("min").GetInt32(), check.GetProperty("reason").GetString()));
        var approver = check.GetProperty("matches")[0];
        Assert.Equal((Hostile, "2026-11-18T10:05:00Z", 12, JsonValueKind.Null),
            (approver.GetProperty("name").GetString(), approver.GetProperty("submitted_at").GetString(), approver.GetProperty("pull_request").GetInt32(), approver.GetProperty("note").ValueKind));
        Assert.Equal("stale: before the push at 2026-11-18T10:00:00Z", check.GetProperty("ignored")[0].GetProperty("note").GetString());
    }
}
