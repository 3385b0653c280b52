using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Evaluation;

/// <summary>
/// <c>review: PERSONA</c>: approving reviews by holders of a persona (docs/configuration.md, "Reviews"). For each pull
/// request evaluated (every PR of a merge group must satisfy it), only each reviewer's latest review that is not a
/// comment counts (<c>APPROVED</c>, <c>CHANGES_REQUESTED</c>, <c>DISMISSED</c>): changes requested by a holder fail the
/// check; an approval counts when its reviewer holds the persona, is not the PR's author (<see cref="MappedCheck.ExcludeAuthor"/>)
/// and it was submitted on the head commit after its push (<see cref="MappedCheck.InvalidateOnPush"/>); at least
/// <see cref="MappedCheck.Min"/> distinct approvers must count. No pull request: missing, <c>no_pull_request</c>.
/// </summary>
internal sealed class ReviewKind : EvidenceKind
{
    public override EvidenceSource Source => EvidenceSource.Review;

    public override CheckReport Evaluate(MappedCheck check, EvidenceIndex index)
    {
        var persona = check.Pattern.Text;
        if (index.Reviews.Count == 0)
        {
            return Report(check, CheckOutcome.Missing, ReasonCodes.NoPullRequest,
                $"no pull request to review: an approval by {persona} needs one (this commit has no open pull request)", [], []);
        }

        var matches = new List<MatchedResult>();
        var ignored = new List<MatchedResult>();
        var outcomes = new List<(CheckOutcome Outcome, string Code, string Detail)>();
        var progress = new List<ReviewProgress>();
        foreach (var pr in index.Reviews.OrderBy(p => p.PullRequest))
        {
            var one = EvaluatePullRequest(check, pr, matches, ignored);
            outcomes.Add((one.Outcome, one.Code, one.Detail));
            progress.Add(one.Progress);
        }

        var failed = outcomes.FindAll(o => o.Outcome == CheckOutcome.Failed);
        var missing = outcomes.FindAll(o => o.Outcome == CheckOutcome.Missing);
        var (outcome, code, detail) = failed.Count > 0 ? (CheckOutcome.Failed, failed[0].Code, string.Join("; ", failed.Select(f => f.Detail)))
            : missing.Count > 0 ? (CheckOutcome.Missing, missing[0].Code, string.Join("; ", missing.Select(m => m.Detail)))
            : (CheckOutcome.Passed, ReasonCodes.ReviewApproved, string.Join("; ", outcomes.Select(o => o.Detail)));
        return Report(check, outcome, code, detail, matches, ignored) with { Reviews = progress };
    }

    /// <summary>
    /// Each reviewer's latest review that is not a comment (or pending): GitHub lists reviews oldest first; the order of
    /// submission (then the id GitHub assigns in creation order) decides, not the list order.
    /// </summary>
    public static IReadOnlyList<PullRequestReview> LatestPerReviewer(IEnumerable<PullRequestReview> reviews) =>
        [.. reviews
            .Where(r => r.State is PullRequestReview.Approved or PullRequestReview.ChangesRequested or PullRequestReview.Dismissed)
            .GroupBy(r => r.Reviewer, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(r => r.SubmittedAt ?? DateTimeOffset.MinValue).ThenBy(r => r.Id).Last())
            .OrderBy(r => r.SubmittedAt ?? DateTimeOffset.MinValue).ThenBy(r => r.Id)];

    private static (CheckOutcome Outcome, string Code, string Detail, ReviewProgress Progress) EvaluatePullRequest(
        MappedCheck check, PullRequestReviews pr, List<MatchedResult> matches, List<MatchedResult> ignored)
    {
        var persona = check.Pattern.Text;
        var invalidateOnPush = check.InvalidateOnPush ?? true;
        var approvers = new List<PullRequestReview>();
        var changes = new List<PullRequestReview>();
        var (stale, self, noPersona, dismissed) = (0, 0, 0, 0);
        foreach (var review in LatestPerReviewer(pr.Reviews))
        {
            var holder = pr.Holds(review.Reviewer, persona);
            var result = new MatchedResult(check.Kind, review.Reviewer, null, review.State, CheckOutcome.Passed, review.Url, review.Id)
            {
                At = review.SubmittedAt,
                PullRequest = pr.PullRequest,
            };
            switch (review.State)
            {
                case PullRequestReview.ChangesRequested when holder:
                    changes.Add(review);
                    matches.Add(result with { Outcome = CheckOutcome.Failed });
                    break;
                case PullRequestReview.Dismissed when holder:
                    dismissed++;
                    ignored.Add(result with { Outcome = CheckOutcome.Missing, Note = "dismissed" });
                    break;
                case PullRequestReview.Approved:
                    if (check.ExcludeAuthor && pr.Author is { } author && string.Equals(author, review.Reviewer, StringComparison.OrdinalIgnoreCase))
                    {
                        self++;
                        ignored.Add(result with { Outcome = CheckOutcome.Missing, Note = "the pull request's author" });
                    }
                    else if (!holder)
                    {
                        noPersona++;
                        ignored.Add(result with { Outcome = CheckOutcome.Missing, Note = $"not {persona}" });
                    }
                    else if (invalidateOnPush && StaleReason(review, pr) is { } why)
                    {
                        stale++;
                        ignored.Add(result with { Outcome = CheckOutcome.Missing, Note = why });
                    }
                    else
                    {
                        approvers.Add(review);
                        matches.Add(result);
                    }

                    break;
            }
        }

        var on = $"PR #{pr.PullRequest}";
        (CheckOutcome, string, string, ReviewProgress) Result(CheckOutcome outcome, string code, string detail) =>
            (outcome, code, detail, new ReviewProgress(pr.PullRequest, outcome, code, [.. approvers.Select(a => a.Reviewer)],
                Math.Max(0, check.Min - approvers.Count), [.. changes.Select(c => c.Reviewer)]));

        if (changes.Count > 0)
        {
            return Result(CheckOutcome.Failed, ReasonCodes.ReviewChangesRequested,
                $"{on}: changes requested by {string.Join(", ", changes.Select(c => $"{c.Reviewer} ({persona})"))}");
        }

        var so = approvers.Count == 0 ? "no approval" : $"{approvers.Count} of {check.Min} approval(s) ({string.Join(", ", approvers.Select(a => a.Reviewer))})";
        if (approvers.Count >= check.Min)
        {
            return Result(CheckOutcome.Passed, ReasonCodes.ReviewApproved, $"{on}: approved by {string.Join(", ", approvers.Select(a => $"{a.Reviewer} at {Time(a.SubmittedAt)}"))}");
        }

        var teams = pr.TeamsConsulted ? string.Empty : " (team membership was not checked: no org-token)";
        var need = $"{on}: {so} by {persona}, {check.Min} needed";
        if (stale > 0)
        {
            var push = pr.PushTime is { } at ? $" at {Time(at)}" : string.Empty;
            return Result(CheckOutcome.Missing, ReasonCodes.ReviewStale, $"{need}; {stale} approval(s) by {persona} came before the latest push{push} and no longer count");
        }

        if (self > 0 && approvers.Count == 0)
        {
            return Result(CheckOutcome.Missing, ReasonCodes.ReviewSelfApproval, $"{need}; the author's own approval never counts");
        }

        var ignoredText = noPersona > 0 ? $"; {noPersona} approval(s) by people who do not hold {persona}{teams}" : string.Empty;
        var dismissedText = dismissed > 0 ? $"; {dismissed} approval(s) by {persona} dismissed" : string.Empty;
        return Result(CheckOutcome.Missing, ReasonCodes.ReviewMissing, $"{need}{ignoredText}{dismissedText}");
    }

    /// <summary>Why an approval is stale: submitted at or before the push of the head commit, on another commit, or the push time is unknown (fail closed).</summary>
    private static string? StaleReason(PullRequestReview review, PullRequestReviews pr)
    {
        if (pr.PushTime is not { } push)
        {
            return "stale: the push time of the head commit is unknown";
        }

        if (review.SubmittedAt is not { } at || at <= push)
        {
            return $"stale: before the push at {Time(push)}";
        }

        return pr.HeadSha is { } head && review.CommitId is { } commit && !string.Equals(head, commit, StringComparison.OrdinalIgnoreCase)
            ? "stale: on an earlier commit"
            : null;
    }

    private static string Time(DateTimeOffset? at) => at is { } value ? ReportVocabulary.Timestamp(value) : "an unknown time";

    private static CheckReport Report(MappedCheck check, CheckOutcome outcome, string code, string detail, List<MatchedResult> matches, List<MatchedResult> ignored) =>
        new(check.Kind, check.Pattern.Text, check.Evidence, null, check.Min, check.Required, outcome, code, detail, matches)
        {
            IgnoredResults = ignored,
        };
}
