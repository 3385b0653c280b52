using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Policy;

namespace OdooGateAction.Core.Evaluation;

/// <summary>The decision for a promotion target.</summary>
public enum Decision
{
    Allow,
    Block,
}

/// <summary>A gate's state. <see cref="NotRequired"/>: the target does not require the gate.</summary>
public enum GateStatus
{
    Passed,
    Failed,
    Pending,
    Missing,
    Overridden,
    NotRequired,
}

/// <summary>A mapped check's outcome, and a single CI result's.</summary>
public enum CheckOutcome
{
    Passed,
    Failed,
    Pending,
    Missing,
}

/// <summary>
/// The one report of an evaluation. Every record (terminal text, job summary, PR comment, check runs, outputs,
/// JSON report, audit events) is a rendering of it.
/// </summary>
public sealed record EvaluationReport(
    string Target,
    Decision Decision,
    DateTimeOffset EvaluatedAt,
    string Sha,
    IReadOnlyList<GateReport> Gates,
    IReadOnlyList<BlockingReason> BlockingReasons,
    IReadOnlyList<FreezeReport> ActiveFreezes)
{
    /// <summary>The version of the JSON report's shape (docs/report.md).</summary>
    public const int SchemaVersion = 1;

    public string? Repository { get; init; }

    public int? PullRequest { get; init; }

    /// <summary>Every override decision for the target, honoured and refused, per pull request in the order given.</summary>
    public IReadOnlyList<OverrideDecision> Overrides { get; init; } = [];

    /// <summary>Which policy decided (source, folder, ref and commit); null when not known.</summary>
    public PolicyReference? Policy { get; init; }

    /// <summary>
    /// Override labels on the pull requests for gates this target does not require: not decided here, reported so that
    /// nobody believes them ignored (they count for the targets that require the gate).
    /// </summary>
    public IReadOnlyList<UnrequiredOverrideLabel> UnrequiredOverrideLabels { get; init; } = [];

    /// <summary>Gates the target requires that are neither passed nor overridden, in gate order.</summary>
    public IReadOnlyList<string> BlockedGates => Gates
        .Where(g => g.Required && g.Status is not (GateStatus.Passed or GateStatus.Overridden))
        .Select(g => g.Id)
        .ToList();
}

/// <summary>One gate in the report.</summary>
public sealed record GateReport(
    string Id,
    string Name,
    string Owner,
    bool Required,
    GateStatus Status,
    IReadOnlyList<CheckReport> Checks)
{
    /// <summary>What the evidence alone says, even for a gate the target does not require.</summary>
    public GateStatus EvidenceStatus { get; init; } = Status;

    /// <summary>The honoured override applied to the gate (status <see cref="GateStatus.Overridden"/>); otherwise <c>null</c>.</summary>
    public OverrideDecision? Override { get; init; }
}

/// <summary>One mapped check in the report: what matched, and the outcome with a stable reason code.</summary>
public sealed record CheckReport(
    string Kind,
    string Pattern,
    string? Evidence,
    string? App,
    int Min,
    bool Required,
    CheckOutcome Outcome,
    string Reason,
    string Detail,
    IReadOnlyList<MatchedResult> Matches)
{
    /// <summary>Same-named results from another app than the pinned one (for a review: approvals that do not count): shown, never counted.</summary>
    public IReadOnlyList<MatchedResult> IgnoredResults { get; init; } = [];

    /// <summary>
    /// Reviews only: each pull request's standing, in PR order (a merge group has several): what a "whose review is
    /// missing" line needs — the persona is <see cref="Pattern"/>, the approvers needed <see cref="Min"/>.
    /// </summary>
    public IReadOnlyList<ReviewProgress> Reviews { get; init; } = [];
}

/// <summary>
/// One pull request's standing for a <c>review: PERSONA</c> check: its outcome and reason code, who approved so far
/// (counted, in order of approval), how many more are needed, and who requested changes.
/// </summary>
public sealed record ReviewProgress(
    int PullRequest,
    CheckOutcome Outcome,
    string Reason,
    IReadOnlyList<string> Approvers,
    int StillNeeded,
    IReadOnlyList<string> ChangesRequestedBy);

/// <summary>A CI result (check run or commit status) a mapped check matched.</summary>
/// <param name="State">As GitHub said it: a conclusion (success, failure, …), a run status (queued, in_progress) or a commit status state.</param>
public sealed record MatchedResult(
    string Kind,
    string Name,
    string? App,
    string State,
    CheckOutcome Outcome,
    string? Url,
    long Id)
{
    /// <summary>Reviews only: when it was submitted (GitHub's server time).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Reviews only: the pull request it was given on (a merge group evaluates several).</summary>
    public int? PullRequest { get; init; }

    /// <summary>Reviews only: why an approval shown among the ignored results does not count (stale, the author's own, no persona, dismissed).</summary>
    public string? Note { get; init; }
}

/// <summary>A named, deterministic reason the promotion is blocked.</summary>
public sealed record BlockingReason(string Code, string? Gate, string? Check, string Message);

/// <summary>A freeze window in force when the evaluation ran.</summary>
public sealed record FreezeReport(string From, string To, string? Reason);
