using System.Globalization;
using OdooGateAction.Core.Evaluation;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// What a check's reason code means to a person, in the words of every human rendering (Markdown and text): what is
/// wrong, and what would fix it. One entry per reason code: a new code adds its wording here, in one place. Names from
/// outside go through the renderer's own formatter (escaped code for Markdown, quoted plain text for the log).
/// </summary>
public static class CheckWords
{
    /// <summary>How many result names a sentence lists before "and N more".</summary>
    public const int ListedNames = 3;

    private delegate string Words(IReadOnlyList<CheckReport> checks, Func<string, string> name, Func<string, string> persona);

    private sealed record Wording(string Outcome, Words Problem, Words Next, bool Waiting = false);

    /// <summary>A review check's words for one pull request: the problem (check, PR, name) and the next step (…, persona).</summary>
    private sealed record ReviewClause(
        Func<CheckReport, ReviewProgress, Func<string, string>, string> Problem,
        Func<CheckReport, ReviewProgress, Func<string, string>, Func<string, string>, string> Next);

    private static readonly Dictionary<string, Wording> ByCode = new(StringComparer.Ordinal)
    {
        [ReasonCodes.CheckPassed] = new("passed",
            (c, n, _) => $"{Patterns(c, n)} passed",
            (_, _, _) => "nothing to do"),
        [ReasonCodes.CheckFailed] = new("failed",
            (c, n, _) => $"{Results(c, n, CheckOutcome.Failed, "failure")} failed",
            (c, n, _) => $"fix and re-run {Results(c, n, CheckOutcome.Failed)}"),
        [ReasonCodes.CheckPending] = new("still running",
            (c, n, _) => $"{Results(c, n, CheckOutcome.Pending)} not finished yet",
            (c, n, _) => $"wait for {Results(c, n, CheckOutcome.Pending)}, then re-run this evaluation",
            Waiting: true),
        [ReasonCodes.CheckMissing] = new("not reported",
            (c, n, _) => $"{Patterns(c, n)} {(c.Count == 1 ? "has" : "have")} not reported on this commit",
            (c, n, _) => $"run {Patterns(c, n)} on this commit",
            Waiting: true),
        [ReasonCodes.TooFewMatches] = new("too few runs",
            (c, n, _) => string.Join(", ", c.Select(check => $"{Count(check.Matches.Count)} of at least {Count(check.Min)} {n(check.Pattern)} reported")),
            (c, n, _) => $"run the missing {Patterns(c, n)} jobs",
            Waiting: true),
        [ReasonCodes.WrongApp] = new("only from another app",
            (c, n, _) => string.Join(", ", c.Select(check =>
                $"{n(check.Pattern)} reported only by {string.Join(", ", check.IgnoredResults.Select(i => n(i.App ?? "unknown")).Distinct())}, which does not count")),
            (c, n, _) => "run " + string.Join(", ", c.Select(check => $"{n(check.Pattern)}{(check.App is null ? string.Empty : $" from {n(check.App)}")}"))),
        [ReasonCodes.SkippedCountsAsFailure] = new("skipped (counts as failure)",
            (c, n, _) => $"{Results(c, n, CheckOutcome.Failed)} skipped, which counts as a failure here",
            (c, n, _) => $"run {Results(c, n, CheckOutcome.Failed)} instead of skipping"),
        [ReasonCodes.NeutralCountsAsFailure] = new("neutral (counts as failure)",
            (c, n, _) => $"{Results(c, n, CheckOutcome.Failed)} ended neutral, which counts as a failure here",
            (c, n, _) => $"fix and re-run {Results(c, n, CheckOutcome.Failed)}"),
        [ReasonCodes.UnknownConclusion] = new("unknown result",
            (c, n, _) => $"{Results(c, n, CheckOutcome.Failed)} ended with a result this action does not know",
            (c, n, _) => $"re-run {Results(c, n, CheckOutcome.Failed)}"),
        [ReasonCodes.ContradictoryEvidence] = new("contradictory results",
            (c, n, _) => $"GitHub lists {Results(c, n, CheckOutcome.Failed)} with contradicting results",
            (c, n, _) => $"re-run {Results(c, n, CheckOutcome.Failed)}"),

        // Reviews (review: PERSONA): per pull request that lacks the approval, whose approval is missing and why.
        [ReasonCodes.ReviewApproved] = new("approved",
            (c, n, _) => string.Join(", ", c.Select(check => $"approved by {Names(check.Matches.Select(m => m.Name), n)}")),
            (_, _, _) => "nothing to do"),
        [ReasonCodes.ReviewMissing] = new("approval missing", ReviewProblems, ReviewNexts, Waiting: true),
        [ReasonCodes.ReviewStale] = new("approval before the latest push", ReviewProblems, ReviewNexts, Waiting: true),
        [ReasonCodes.ReviewSelfApproval] = new("only the author's own approval", ReviewProblems, ReviewNexts, Waiting: true),
        [ReasonCodes.ReviewChangesRequested] = new("changes requested", ReviewProblems, ReviewNexts),
        [ReasonCodes.NoPullRequest] = new("no pull request",
            (c, n, _) => string.Join(", ", c.Select(check => $"a {n(check.Pattern)} approval needs a pull request, and this commit has none")),
            (c, _, p) => string.Join(", ", c.Select(check => $"promote a commit that {p(check.Pattern)} approved in a pull request"))),
    };

    /// <summary>The outcome in a word or two: "failed", "not reported", "skipped (counts as failure)".</summary>
    public static string Outcome(CheckReport check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return ByCode.TryGetValue(check.Reason, out var wording) ? wording.Outcome : ReportVocabulary.Of(check.Outcome);
    }

    /// <summary>
    /// What is wrong with the checks, those of one reason code together, in the order their codes first come:
    /// "<c>pre-commit</c> and <c>test (16.0, ee)</c> (cancelled) failed; <c>install-modules</c> has not reported".
    /// </summary>
    /// <param name="persona">How a persona id reads where it is someone to ask (default: <paramref name="name"/>).</param>
    public static string Problem(IReadOnlyList<CheckReport> checks, Func<string, string> name, Func<string, string>? persona = null) =>
        ByReason(checks, name, (wording, group) => wording?.Problem(group, name, persona ?? name) ?? $"{Patterns(group, name)} {ReportVocabulary.Of(group[0].Outcome)}");

    /// <summary>What would fix the checks, those of one reason code together: "fix and re-run <c>pre-commit</c>".</summary>
    /// <param name="persona">How a persona id reads where it is someone to ask: its name with its teams and users (default: <paramref name="name"/>).</param>
    public static string Next(IReadOnlyList<CheckReport> checks, Func<string, string> name, Func<string, string>? persona = null) =>
        ByReason(checks, name, (wording, group) => wording?.Next(group, name, persona ?? name) ?? $"re-run {Patterns(group, name)}");

    private static string ByReason(IReadOnlyList<CheckReport> checks, Func<string, string> name, Func<Wording?, IReadOnlyList<CheckReport>, string> words)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(name);
        return string.Join("; ", checks.GroupBy(c => c.Reason, StringComparer.Ordinal)
            .Select(g => words(ByCode.GetValueOrDefault(g.Key), [.. g])));
    }

    /// <summary>
    /// Whether the check only waits: it has not reported yet, or is still running (not failed, not from the wrong app).
    /// A decision blocked only by such checks is "waiting for …", not a failure (the decision is the same).
    /// </summary>
    public static bool Waits(CheckReport check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return ByCode.TryGetValue(check.Reason, out var wording) && wording.Waiting;
    }

    /// <summary>The reason codes that have their own wording (all of <see cref="ReasonCodes.All"/> but <c>frozen</c>, a target's).</summary>
    public static IReadOnlyCollection<string> Codes => ByCode.Keys;

    private static string Patterns(IReadOnlyList<CheckReport> checks, Func<string, string> name) => And([.. checks.Select(c => name(c.Pattern))], checks.Count);

    /// <summary>
    /// What a pull request of a review check lacks, by its own reason code (a merge group has several pull requests, each
    /// with its standing): the problem, and the next step naming whom to ask.
    /// </summary>
    private static readonly Dictionary<string, ReviewClause> ReviewClauses =
        new(StringComparer.Ordinal)
        {
            [ReasonCodes.ReviewMissing] = new(
                (check, pr, n) => Approvals(check, pr, n),
                (check, pr, _, p) => $"ask {p(check.Pattern)} to approve {PullRequest(pr)} ({More(pr)})"),
            [ReasonCodes.ReviewStale] = new(
                (check, pr, n) => $"{Approvals(check, pr, n)}: an approval given before the latest push no longer counts",
                (check, pr, _, p) => $"ask {p(check.Pattern)} to approve {PullRequest(pr)} again ({More(pr)})"),
            [ReasonCodes.ReviewSelfApproval] = new(
                (check, pr, n) => $"{Approvals(check, pr, n)}: the author's own approval does not count",
                (check, pr, _, p) => $"ask another {p(check.Pattern)} to approve {PullRequest(pr)} ({More(pr)})"),
            [ReasonCodes.ReviewChangesRequested] = new(
                (check, pr, n) => $"{Names(pr.ChangesRequestedBy, n)} ({n(check.Pattern)}) requested changes on {PullRequest(pr)}",
                (_, pr, n, _) => $"address the requested changes on {PullRequest(pr)} and ask {Names(pr.ChangesRequestedBy, n)} for a new review"),
        };

    private static string ReviewProblems(IReadOnlyList<CheckReport> checks, Func<string, string> name, Func<string, string> persona) =>
        ForEachPullRequest(checks, (check, pr, clause) => clause.Problem(check, pr, name));

    private static string ReviewNexts(IReadOnlyList<CheckReport> checks, Func<string, string> name, Func<string, string> persona) =>
        ForEachPullRequest(checks, (check, pr, clause) => clause.Next(check, pr, name, persona));

    /// <summary>One clause per pull request that lacks the approval, worded by its own reason code; "; " between them.</summary>
    private static string ForEachPullRequest(
        IReadOnlyList<CheckReport> checks,
        Func<CheckReport, ReviewProgress, ReviewClause, string> words) =>
        string.Join("; ", checks.SelectMany(check => check.Reviews
            .Where(pr => pr.Outcome != CheckOutcome.Passed)
            .Select(pr => ReviewClauses.TryGetValue(pr.Reason, out var clause) ? words(check, pr, clause) : null)
            .OfType<string>()));

    /// <summary>"1 of 2 <c>release_manager</c> approvals on PR #12 (alice)".</summary>
    private static string Approvals(CheckReport check, ReviewProgress pr, Func<string, string> name) =>
        $"{Count(pr.Approvers.Count)} of {Count(check.Min)} {name(check.Pattern)} approvals on {PullRequest(pr)}{(pr.Approvers.Count == 0 ? string.Empty : $" ({Names(pr.Approvers, name)})")}";

    private static string More(ReviewProgress pr) => $"{Count(pr.StillNeeded)} more {(pr.StillNeeded == 1 ? "approval" : "approvals")}";

    private static string PullRequest(ReviewProgress pr) => $"PR #{Count(pr.PullRequest)}";

    private static string Names(IEnumerable<string> logins, Func<string, string> name)
    {
        var all = logins.ToList();
        return And([.. all.Take(ListedNames).Select(name)], all.Count);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"a", "a and b", "a, b and c", "a, b, c and 2 more" (of <paramref name="total"/>).</summary>
    private static string And(List<string> listed, int total)
    {
        var more = total - listed.Count;
        return more > 0
            ? $"{string.Join(", ", listed)} and {Count(more)} more"
            : listed.Count <= 1 ? string.Concat(listed) : $"{string.Join(", ", listed.Take(listed.Count - 1))} and {listed[^1]}";
    }

    /// <summary>
    /// The results with <paramref name="outcome"/> by name, at most <see cref="ListedNames"/>, each with GitHub's word when it
    /// is not <paramref name="plainState"/>: "<c>test (16.0, ce)</c> (cancelled), <c>test (16.0, ee)</c> and 3 more". The
    /// checks' patterns for a check without such results.
    /// </summary>
    private static string Results(IReadOnlyList<CheckReport> checks, Func<string, string> name, CheckOutcome outcome, string? plainState = null)
    {
        var named = checks.SelectMany(c => c.Matches.Any(m => m.Outcome == outcome)
            ? c.Matches.Where(m => m.Outcome == outcome).Select(r =>
                plainState is null || string.Equals(r.State, plainState, StringComparison.Ordinal) ? name(r.Name) : $"{name(r.Name)} ({name(r.State)})")
            : [name(c.Pattern)]).ToList();
        return And([.. named.Take(ListedNames)], named.Count);
    }
}
