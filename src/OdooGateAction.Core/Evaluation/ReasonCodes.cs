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

    // Targets.
    public const string Frozen = "frozen";

    public static IReadOnlyList<string> All { get; } =
    [
        CheckPassed, CheckFailed, CheckPending, CheckMissing, TooFewMatches, WrongApp, SkippedCountsAsFailure,
        NeutralCountsAsFailure, UnknownConclusion, ContradictoryEvidence, Frozen,
    ];
}
