using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>The words a person reads for each reason code: every code has its own, and a review says whose approval is missing.</summary>
public sealed class CheckWordsTests
{
    private static string Name(string value) => $"`{value}`";

    private static string Persona(string id) => id == "release_manager" ? "Release Manager (acme/odoo-release)" : $"?{id}";

    private static CheckReport Review(string reason, params ReviewProgress[] pullRequests) =>
        new("review", "release_manager", null, null, 2, true, pullRequests.Any(p => p.Outcome == CheckOutcome.Failed) ? CheckOutcome.Failed : CheckOutcome.Missing,
            reason, "detail", [])
        {
            Reviews = pullRequests,
        };

    private static ReviewProgress Pr(int number, string reason, string[] approvers, int stillNeeded, params string[] changesBy) =>
        new(number, reason == ReasonCodes.ReviewApproved ? CheckOutcome.Passed : reason == ReasonCodes.ReviewChangesRequested ? CheckOutcome.Failed : CheckOutcome.Missing,
            reason, approvers, stillNeeded, changesBy);

    [Fact]
    public void EveryReasonCodeOfACheck_HasItsOwnWords()
    {
        Assert.Equal(
            ReasonCodes.All.Where(c => c != ReasonCodes.Frozen).Order(StringComparer.Ordinal),
            CheckWords.Codes.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string, string, bool> ReviewCases => new()
    {
        {
            ReasonCodes.ReviewMissing,
            "1 of 2 `release_manager` approvals on PR #12 (`alice`)",
            "ask Release Manager (acme/odoo-release) to approve PR #12 (1 more approval)",
            true
        },
        {
            ReasonCodes.ReviewStale,
            "0 of 2 `release_manager` approvals on PR #12: an approval given before the latest push no longer counts",
            "ask Release Manager (acme/odoo-release) to approve PR #12 again (2 more approvals)",
            true
        },
        {
            ReasonCodes.ReviewSelfApproval,
            "0 of 2 `release_manager` approvals on PR #12: the author's own approval does not count",
            "ask another Release Manager (acme/odoo-release) to approve PR #12 (2 more approvals)",
            true
        },
        {
            ReasonCodes.ReviewChangesRequested,
            "`bob` (`release_manager`) requested changes on PR #12",
            "address the requested changes on PR #12 and ask `bob` for a new review",
            false
        },
    };

    [Theory]
    [MemberData(nameof(ReviewCases))]
    public void Review_SaysWhatIsMissingAndWhomToAsk(string reason, string problem, string next, bool waits)
    {
        var approvers = reason == ReasonCodes.ReviewMissing ? new[] { "alice" } : [];
        var changesBy = reason == ReasonCodes.ReviewChangesRequested ? new[] { "bob" } : [];
        var check = Review(reason, Pr(12, reason, approvers, 2 - approvers.Length, changesBy));

        Assert.Equal(problem, CheckWords.Problem([check], Name, Persona));
        Assert.Equal(next, CheckWords.Next([check], Name, Persona));
        Assert.Equal(waits, CheckWords.Waits(check));
    }

    [Fact]
    public void Review_InAMergeGroup_NamesOnlyThePullRequestsThatLackIt_EachByItsOwnReason()
    {
        var check = Review(ReasonCodes.ReviewMissing,
            Pr(3, ReasonCodes.ReviewApproved, ["alice", "carol"], 0),
            Pr(4, ReasonCodes.ReviewMissing, [], 2),
            Pr(5, ReasonCodes.ReviewStale, ["alice"], 1));

        Assert.Equal(
            "0 of 2 `release_manager` approvals on PR #4; 1 of 2 `release_manager` approvals on PR #5 (`alice`): an approval given before the latest push no longer counts",
            CheckWords.Problem([check], Name, Persona));
        Assert.Equal(
            "ask Release Manager (acme/odoo-release) to approve PR #4 (2 more approvals); ask Release Manager (acme/odoo-release) to approve PR #5 again (1 more approval)",
            CheckWords.Next([check], Name, Persona));
    }

    [Fact]
    public void Review_WithoutPullRequest_SaysOneIsNeeded()
    {
        var check = new CheckReport("review", "release_manager", null, null, 1, true, CheckOutcome.Missing, ReasonCodes.NoPullRequest, "detail", []);

        Assert.Equal("a `release_manager` approval needs a pull request, and this commit has none", CheckWords.Problem([check], Name, Persona));
        Assert.Equal("promote a commit that Release Manager (acme/odoo-release) approved in a pull request", CheckWords.Next([check], Name, Persona));
        Assert.False(CheckWords.Waits(check));
    }

    [Fact]
    public void Review_ManyApprovers_AreListedUpToThreeThenCounted()
    {
        var check = Review(ReasonCodes.ReviewMissing, Pr(9, ReasonCodes.ReviewMissing, ["a", "b", "c", "d", "e"], 1)) with { Min = 6 };

        Assert.Equal("5 of 6 `release_manager` approvals on PR #9 (`a`, `b`, `c` and 2 more)", CheckWords.Problem([check], Name, Persona));
    }
}
