using Microsoft.Extensions.Time.Testing;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Evidence;
using static OdooGateAction.Core.Tests.TestConfig;

namespace OdooGateAction.Core.Tests.Evaluation;

/// <summary>
/// The rules of <c>review: PERSONA</c>, one row each: latest non-comment review per reviewer, persona holders only,
/// changes requested fail, dismissed and self approvals never count, approvals before the push (or on another commit)
/// are stale, <c>min</c> distinct approvers, every PR of a merge group, and no PR at all.
/// </summary>
public sealed class ReviewRulesTests
{
    private const string Head = "1111111111111111111111111111111111111111";
    private const string Older = "2222222222222222222222222222222222222222";

    /// <summary>The author of every PR here; "rm-author" is a release manager who wrote the PR.</summary>
    private const string Author = "dev-dave";

    private static readonly Dictionary<string, IReadOnlyList<string>> Personas = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rm-alice"] = ["release_manager"],
        ["rm-bob"] = ["release_manager"],
        ["rm-author"] = ["release_manager"],
        ["qa-carol"] = ["qa_tester"],
        [Author] = ["developer"],
    };

    /// <summary>"login STATE minute [older]": minutes after the push (negative: before it); "older" = on an earlier commit.</summary>
    private static PullRequestReviews Pr(int number, string author, params string[] reviews) =>
        new(number, author, Head, Base, [.. reviews.Select((r, i) => Review(r, i + 1))])
        {
            PersonasByLogin = Personas,
            TeamsConsulted = true,
        };

    private static PullRequestReview Review(string spec, long id)
    {
        var parts = spec.Split(' ');
        var commit = parts.Length > 3 && parts[3] == "older" ? Older : Head;
        return new PullRequestReview(id, parts[0], parts[1], Base.AddMinutes(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)), commit, $"https://github.com/acme/odoo/pull/1#pullrequestreview-{id}");
    }

    private static CheckReport Evaluate(string entry, params PullRequestReviews[] prs)
    {
        var config = With("- check: build", g2: entry);
        var evidence = Snapshot(Run("build", "success", 0, 1)) with { Reviews = prs };
        var report = new GateEvaluator(new FakeTimeProvider(Base.AddHours(2))).Evaluate(config, "production", evidence);
        return report.Gates.Single(g => g.Id == "G2").Checks.Single();
    }

    private const string Rm = "- review: release_manager";

    public static TheoryData<string, string, PullRequestReviews[], CheckOutcome, string> Rules => new()
    {
        { "approved by a release manager after the push", Rm, [Pr(1, Author, "rm-alice APPROVED 5")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "no review at all", Rm, [Pr(1, Author)], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "a comment is no approval", Rm, [Pr(1, Author, "rm-alice COMMENTED 5")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "a pending (unsubmitted) review is no approval", Rm, [Pr(1, Author, "rm-alice PENDING 5")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "a comment after an approval leaves the approval standing", Rm, [Pr(1, Author, "rm-alice APPROVED 5", "rm-alice COMMENTED 9")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "approved by someone who holds another persona", Rm, [Pr(1, Author, "qa-carol APPROVED 5")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "approved by someone who holds no persona", Rm, [Pr(1, Author, "stranger APPROVED 5")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "approved by the author who is a release manager", Rm, [Pr(1, "rm-author", "rm-author APPROVED 5")], CheckOutcome.Missing, ReasonCodes.ReviewSelfApproval },
        { "the author matched ignoring case", Rm, [Pr(1, "RM-Author", "rm-author APPROVED 5")], CheckOutcome.Missing, ReasonCodes.ReviewSelfApproval },
        { "the author's approval counts with exclude_author: false", "- { review: release_manager, exclude_author: false }", [Pr(1, "rm-author", "rm-author APPROVED 5")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "approved before the push", Rm, [Pr(1, Author, "rm-alice APPROVED -5")], CheckOutcome.Missing, ReasonCodes.ReviewStale },
        { "approved at the push time exactly", Rm, [Pr(1, Author, "rm-alice APPROVED 0")], CheckOutcome.Missing, ReasonCodes.ReviewStale },
        { "approved after the push but on an earlier commit", Rm, [Pr(1, Author, "rm-alice APPROVED 5 older")], CheckOutcome.Missing, ReasonCodes.ReviewStale },
        { "a stale approval counts with invalidate_on_push: false", "- { review: release_manager, invalidate_on_push: false }", [Pr(1, Author, "rm-alice APPROVED -5 older")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "an approval then dismissed", Rm, [Pr(1, Author, "rm-alice DISMISSED 5")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "approved, dismissed, approved again", Rm, [Pr(1, Author, "rm-alice DISMISSED 5", "rm-alice APPROVED 9")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "changes requested by a release manager", Rm, [Pr(1, Author, "rm-alice CHANGES_REQUESTED 5")], CheckOutcome.Failed, ReasonCodes.ReviewChangesRequested },
        { "changes requested by one, approved by another", Rm, [Pr(1, Author, "rm-bob APPROVED 5", "rm-alice CHANGES_REQUESTED 6")], CheckOutcome.Failed, ReasonCodes.ReviewChangesRequested },
        { "changes requested, then approved by the same person", Rm, [Pr(1, Author, "rm-alice CHANGES_REQUESTED 5", "rm-alice APPROVED 9")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "approved, then changes requested by the same person", Rm, [Pr(1, Author, "rm-alice APPROVED 5", "rm-alice CHANGES_REQUESTED 9")], CheckOutcome.Failed, ReasonCodes.ReviewChangesRequested },
        { "changes requested by someone without the persona do not fail it", Rm, [Pr(1, Author, "rm-alice APPROVED 5", "qa-carol CHANGES_REQUESTED 6")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "min 2 with one approver", "- { review: release_manager, min: 2 }", [Pr(1, Author, "rm-alice APPROVED 5")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "min 2: one person approving twice is one approver", "- { review: release_manager, min: 2 }", [Pr(1, Author, "rm-alice APPROVED 5", "RM-ALICE APPROVED 7")], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "min 2 with two approvers", "- { review: release_manager, min: 2 }", [Pr(1, Author, "rm-alice APPROVED 5", "rm-bob APPROVED 7")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "merge group: both PRs approved", Rm, [Pr(1, Author, "rm-alice APPROVED 5"), Pr(2, Author, "rm-bob APPROVED 5")], CheckOutcome.Passed, ReasonCodes.ReviewApproved },
        { "merge group: one PR lacks the approval", Rm, [Pr(1, Author, "rm-alice APPROVED 5"), Pr(2, Author)], CheckOutcome.Missing, ReasonCodes.ReviewMissing },
        { "merge group: changes requested on one PR fail it", Rm, [Pr(1, Author), Pr(2, Author, "rm-bob CHANGES_REQUESTED 5")], CheckOutcome.Failed, ReasonCodes.ReviewChangesRequested },
        { "no pull request", Rm, [], CheckOutcome.Missing, ReasonCodes.NoPullRequest },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Review_EachRule_DecidesTheCheck(string rule, string entry, PullRequestReviews[] prs, CheckOutcome outcome, string code)
    {
        var check = Evaluate(entry, prs);

        Assert.True((outcome, code) == (check.Outcome, check.Reason), $"{rule}: got {check.Outcome} {check.Reason} ({check.Detail})");
        Assert.Equal("review", check.Kind);
        Assert.Equal("release_manager", check.Pattern);
    }

    [Fact]
    public void Review_LatestPerReviewer_OrderOfSubmissionNotListOrder()
    {
        var approvedLater = new PullRequestReview(1, "rm-alice", "APPROVED", Base.AddMinutes(9), Head, null);
        var changesEarlier = new PullRequestReview(2, "rm-alice", "CHANGES_REQUESTED", Base.AddMinutes(5), Head, null);

        var check = Evaluate(Rm, new PullRequestReviews(1, Author, Head, Base, [approvedLater, changesEarlier]) { PersonasByLogin = Personas });

        Assert.Equal((CheckOutcome.Passed, ReasonCodes.ReviewApproved), (check.Outcome, check.Reason));
    }

    [Fact]
    public void Review_PushTimeUnknown_ApprovalIsStale_FailClosed()
    {
        var check = Evaluate(Rm, Pr(1, Author, "rm-alice APPROVED 5") with { PushTime = null });

        Assert.Equal((CheckOutcome.Missing, ReasonCodes.ReviewStale), (check.Outcome, check.Reason));
    }

    [Fact]
    public void Review_Report_CarriesApproversWithTimeAndPr_AndIgnoredApprovalsWithWhy()
    {
        var check = Evaluate("- { review: release_manager, min: 2 }", Pr(7, Author, "rm-alice APPROVED 5", "qa-carol APPROVED 6", "rm-bob APPROVED -3", "dev-dave APPROVED 8"));

        Assert.Equal((CheckOutcome.Missing, ReasonCodes.ReviewStale, 2), (check.Outcome, check.Reason, check.Min));
        var approver = Assert.Single(check.Matches);
        Assert.Equal(("rm-alice", "APPROVED", CheckOutcome.Passed, Base.AddMinutes(5), 7), (approver.Name, approver.State, approver.Outcome, approver.At!.Value, approver.PullRequest!.Value));
        Assert.Equal(
            ["dev-dave: the pull request's author", "qa-carol: not release_manager", "rm-bob: stale: before the push at 2026-11-18T10:00:00Z"],
            check.IgnoredResults.Select(i => $"{i.Name}: {i.Note}").Order(StringComparer.Ordinal));
        Assert.Contains("PR #7: 1 of 2 approval(s) (rm-alice) by release_manager", check.Detail, StringComparison.Ordinal);
        var standing = Assert.Single(check.Reviews);
        Assert.Equal((7, CheckOutcome.Missing, ReasonCodes.ReviewStale, 1), (standing.PullRequest, standing.Outcome, standing.Reason, standing.StillNeeded));
        Assert.Equal(["rm-alice"], standing.Approvers);
        Assert.Empty(standing.ChangesRequestedBy);
    }

    [Fact]
    public void Review_MergeGroup_ProgressPerPullRequest_SaysWhoseReviewIsMissingWhere()
    {
        var check = Evaluate(Rm, Pr(3, Author, "rm-bob CHANGES_REQUESTED 5"), Pr(1, Author, "rm-alice APPROVED 5"), Pr(2, Author, "qa-carol APPROVED 5"));

        Assert.Equal((CheckOutcome.Failed, ReasonCodes.ReviewChangesRequested), (check.Outcome, check.Reason));
        Assert.Equal(
            ["#1 passed review_approved [rm-alice] 0 []", "#2 missing review_missing [] 1 []", "#3 failed review_changes_requested [] 1 [rm-bob]"],
            check.Reviews.Select(r => $"#{r.PullRequest} {r.Outcome.ToString().ToLowerInvariant()} {r.Reason} [{string.Join(",", r.Approvers)}] {r.StillNeeded} [{string.Join(",", r.ChangesRequestedBy)}]"));
    }

    [Fact]
    public void Review_NotRequiredGateBlocksNothing_RequiredBlocksWithCode()
    {
        var config = With("- check: build", g2: Rm);
        var evidence = Snapshot(Run("build", "success", 0, 1)) with { Reviews = [Pr(1, Author, "rm-alice CHANGES_REQUESTED 5")] };
        var evaluator = new GateEvaluator(new FakeTimeProvider(Base.AddHours(2)));

        Assert.Equal(Decision.Allow, evaluator.Evaluate(config, "merge", evidence).Decision);
        var blocked = evaluator.Evaluate(config, "production", evidence);
        Assert.Equal(Decision.Block, blocked.Decision);
        Assert.Equal(("G2", ReasonCodes.ReviewChangesRequested, "release_manager"), (blocked.BlockingReasons[0].Gate, blocked.BlockingReasons[0].Code, blocked.BlockingReasons[0].Check));
    }
}
