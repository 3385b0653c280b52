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

    private delegate string Words(IReadOnlyList<CheckReport> checks, Func<string, string> name);

    private sealed record Wording(string Outcome, Words Problem, Words Next, bool Waiting = false);

    private static readonly Dictionary<string, Wording> ByCode = new(StringComparer.Ordinal)
    {
        [ReasonCodes.CheckPassed] = new("passed",
            (c, n) => $"{Patterns(c, n)} passed",
            (_, _) => "nothing to do"),
        [ReasonCodes.CheckFailed] = new("failed",
            (c, n) => $"{Results(c, n, CheckOutcome.Failed, "failure")} failed",
            (c, n) => $"fix and re-run {Results(c, n, CheckOutcome.Failed)}"),
        [ReasonCodes.CheckPending] = new("still running",
            (c, n) => $"{Results(c, n, CheckOutcome.Pending)} not finished yet",
            (c, n) => $"wait for {Results(c, n, CheckOutcome.Pending)}, then re-run this evaluation",
            Waiting: true),
        [ReasonCodes.CheckMissing] = new("not reported",
            (c, n) => $"{Patterns(c, n)} {(c.Count == 1 ? "has" : "have")} not reported on this commit",
            (c, n) => $"run {Patterns(c, n)} on this commit",
            Waiting: true),
        [ReasonCodes.TooFewMatches] = new("too few runs",
            (c, n) => string.Join(", ", c.Select(check => $"{Count(check.Matches.Count)} of at least {Count(check.Min)} {n(check.Pattern)} reported")),
            (c, n) => $"run the missing {Patterns(c, n)} jobs",
            Waiting: true),
        [ReasonCodes.WrongApp] = new("only from another app",
            (c, n) => string.Join(", ", c.Select(check =>
                $"{n(check.Pattern)} reported only by {string.Join(", ", check.IgnoredResults.Select(i => n(i.App ?? "unknown")).Distinct())}, which does not count")),
            (c, n) => "run " + string.Join(", ", c.Select(check => $"{n(check.Pattern)}{(check.App is null ? string.Empty : $" from {n(check.App)}")}"))),
        [ReasonCodes.SkippedCountsAsFailure] = new("skipped (counts as failure)",
            (c, n) => $"{Results(c, n, CheckOutcome.Failed)} skipped, which counts as a failure here",
            (c, n) => $"run {Results(c, n, CheckOutcome.Failed)} instead of skipping"),
        [ReasonCodes.NeutralCountsAsFailure] = new("neutral (counts as failure)",
            (c, n) => $"{Results(c, n, CheckOutcome.Failed)} ended neutral, which counts as a failure here",
            (c, n) => $"fix and re-run {Results(c, n, CheckOutcome.Failed)}"),
        [ReasonCodes.UnknownConclusion] = new("unknown result",
            (c, n) => $"{Results(c, n, CheckOutcome.Failed)} ended with a result this action does not know",
            (c, n) => $"re-run {Results(c, n, CheckOutcome.Failed)}"),
        [ReasonCodes.ContradictoryEvidence] = new("contradictory results",
            (c, n) => $"GitHub lists {Results(c, n, CheckOutcome.Failed)} with contradicting results",
            (c, n) => $"re-run {Results(c, n, CheckOutcome.Failed)}"),
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
    public static string Problem(IReadOnlyList<CheckReport> checks, Func<string, string> name) =>
        ByReason(checks, name, (wording, group) => wording?.Problem(group, name) ?? $"{Patterns(group, name)} {ReportVocabulary.Of(group[0].Outcome)}");

    /// <summary>What would fix the checks, those of one reason code together: "fix and re-run <c>pre-commit</c>".</summary>
    public static string Next(IReadOnlyList<CheckReport> checks, Func<string, string> name) =>
        ByReason(checks, name, (wording, group) => wording?.Next(group, name) ?? $"re-run {Patterns(group, name)}");

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
