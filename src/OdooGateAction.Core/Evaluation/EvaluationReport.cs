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

    /// <summary>
    /// Who the personas are (personas.yaml) and how this target's gates may be overridden (overrides.yaml,
    /// environments.yaml): what the renderers need to say who owns a blocking gate and what would unblock it.
    /// </summary>
    public UnblockingRules Unblocking { get; init; } = UnblockingRules.None;

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

/// <summary>
/// A named, deterministic reason the promotion is blocked: a reason code and the structured facts behind it (renderers
/// put them in words: <c>ReportSentences</c> for the JSON report and annotations, Markdown and text their own).
/// </summary>
/// <param name="Code">The check's reason code (<see cref="ReasonCodes"/>), or <see cref="ReasonCodes.Frozen"/>.</param>
/// <param name="Gate">The gate that blocks; <c>null</c> for a freeze.</param>
/// <param name="Check">The pattern of the check that blocks; <c>null</c> for a freeze.</param>
public sealed record BlockingReason(string Code, string? Gate, string? Check)
{
    /// <summary>What the gate's evidence says (failed, pending, missing); <c>null</c> for a freeze.</summary>
    public GateStatus? GateStatus { get; init; }

    /// <summary>The mapped check that blocks, as the gate's report lists it; <c>null</c> for a freeze.</summary>
    public CheckReport? CheckResult { get; init; }

    /// <summary>The freeze window in force; <c>null</c> for a check.</summary>
    public FreezeReport? Freeze { get; init; }
}

/// <summary>A persona as personas.yaml defines it: its name, its GitHub teams and users, and the gates it may override.</summary>
public sealed record PersonaReport(string Id, string Name, IReadOnlyList<string> Teams, IReadOnlyList<string> Users, IReadOnlyList<string> MayOverride);

/// <summary>The policy a blocked gate is unblocked under, besides its evidence: personas and this target's override rules.</summary>
/// <param name="LabelPrefix"><c>label_prefix</c> of overrides.yaml.</param>
/// <param name="ReasonCommand"><c>reason_command</c> of overrides.yaml.</param>
/// <param name="NotOverridable">The target's <c>not_overridable</c> gates.</param>
/// <param name="TwoPersonRule">The target's <c>two_person_override</c> personas; empty when one person suffices.</param>
public sealed record UnblockingRules(
    IReadOnlyList<PersonaReport> Personas,
    string LabelPrefix,
    string ReasonCommand,
    IReadOnlyList<string> NotOverridable,
    IReadOnlyList<string> TwoPersonRule)
{
    /// <summary>Nothing known (a report built by hand): renderers name persona ids and give no override route.</summary>
    public static UnblockingRules None { get; } = new([], string.Empty, string.Empty, [], []);

    public PersonaReport? Persona(string id) => Personas.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    /// <summary>The personas that may override <paramref name="gate"/>, in personas.yaml order.</summary>
    public IReadOnlyList<PersonaReport> MayOverride(string gate) => [.. Personas.Where(p => p.MayOverride.Contains(gate, StringComparer.Ordinal))];

    /// <summary>Whether <paramref name="gate"/> may be overridden for this target at all: not in <c>not_overridable</c>, and some persona may.</summary>
    public bool Overridable(string gate) =>
        LabelPrefix.Length > 0 && !OverrideForbidden(gate) && MayOverride(gate).Count > 0;

    /// <summary>Whether <paramref name="gate"/> is in the target's <c>not_overridable</c>.</summary>
    public bool OverrideForbidden(string gate) => NotOverridable.Contains(gate, StringComparer.Ordinal);
}

/// <summary>A freeze window in force when the evaluation ran.</summary>
public sealed record FreezeReport(string From, string To, string? Reason);
