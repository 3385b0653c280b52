namespace OdooGateAction.Core.Evaluation;

/// <summary>
/// Stable identifiers of why a check or gate has its state, and why a promotion is blocked. Scripts and audit
/// events depend on them: add new ones, never rename (docs/report.md lists them).
/// </summary>
public static class ReasonCodes
{
    // Mapped checks.
    public const string CheckPassed = "check_passed";
    public const string CheckFailed = "check_failed";
    public const string CheckPending = "check_pending";
    public const string CheckMissing = "check_missing";
    public const string TooFewMatches = "too_few_matches";
    public const string WrongApp = "wrong_app";
    public const string SkippedCountsAsFailure = "skipped_counts_as_failure";
    public const string NeutralCountsAsFailure = "neutral_counts_as_failure";
    public const string UnknownConclusion = "unknown_conclusion";
    public const string ContradictoryEvidence = "contradictory_evidence";

    // Reviews (review: PERSONA).
    public const string ReviewApproved = "review_approved";
    public const string ReviewMissing = "review_missing";
    public const string ReviewChangesRequested = "review_changes_requested";
    public const string ReviewStale = "review_stale";
    public const string ReviewSelfApproval = "review_self_approval";
    public const string NoPullRequest = "no_pull_request";

    // Targets.
    public const string Frozen = "frozen";

    public static IReadOnlyList<string> All { get; } =
    [
        CheckPassed, CheckFailed, CheckPending, CheckMissing, TooFewMatches, WrongApp, SkippedCountsAsFailure,
        NeutralCountsAsFailure, UnknownConclusion, ContradictoryEvidence, ReviewApproved, ReviewMissing, ReviewChangesRequested,
        ReviewStale, ReviewSelfApproval, NoPullRequest, Frozen,
    ];
}
