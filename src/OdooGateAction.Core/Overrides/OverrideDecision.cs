namespace OdooGateAction.Core.Overrides;

/// <summary>Whether an override label is honoured (the gate counts as overridden) or refused (it does not).</summary>
public enum OverrideOutcome
{
    Honoured,
    Refused,
}

/// <summary>
/// The decision on one override label of one pull request. Refused decisions are recorded as carefully as honoured
/// ones: the audit comment says why.
/// </summary>
/// <param name="Gate">The gate the label names: the configured gate id, or the label's text when no gate has that name.</param>
/// <param name="Label">The label as it is on the pull request.</param>
/// <param name="LabelEventId">The latest <c>labeled</c> event of the label; 0 when there is none.</param>
/// <param name="Actor">Who applied the label (the actor of that event); <c>null</c> when unknown.</param>
/// <param name="LabelledAt">When the label was applied; <c>null</c> when unknown.</param>
/// <param name="Code">One of <see cref="OverrideCodes"/>.</param>
/// <param name="Findings">The facts the decision was taken on: renderers put them in words (<c>ReportSentences</c>, the Markdown and text renderers).</param>
public sealed record OverrideDecision(
    int PullRequest,
    string Gate,
    string Label,
    long LabelEventId,
    string? Actor,
    DateTimeOffset? LabelledAt,
    OverrideOutcome Outcome,
    string Code,
    OverrideFindings Findings)
{
    /// <summary>The labeller's latest reason for the gate, when there is one (also on refused decisions).</summary>
    public string? Reason { get; init; }

    /// <summary>The personas the labeller holds.</summary>
    public IReadOnlyList<string> ActorPersonas { get; init; } = [];

    /// <summary>The other people who confirmed under the two-person rule (logins), in the order of the rule's personas.</summary>
    public IReadOnlyList<string> Confirmers { get; init; } = [];

    /// <summary><see cref="LabelledAt"/> + <c>max_age</c>, whenever the labelling time is known.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Whether team membership was asked when the personas were resolved.</summary>
    public bool TeamsConsulted { get; init; }
}

/// <summary>A login and the personas it holds.</summary>
public sealed record PersonHolding(string Login, IReadOnlyList<string> Personas);

/// <summary>
/// What an override decision was taken on, beyond the decision's own fields: the target and its rules, and what the
/// rule that decided found. Structured, so that each renderer writes its own words and escapes each name itself.
/// </summary>
/// <param name="Target">The target the decision is for.</param>
/// <param name="EvaluatedAt">The evaluation time the rules were applied at.</param>
public sealed record OverrideFindings(string Target, DateTimeOffset EvaluatedAt)
{
    /// <summary><c>reason_command</c> of overrides.yaml (<c>/gate-override</c>).</summary>
    public string ReasonCommand { get; init; } = "/gate-override";

    /// <summary><c>max_age</c> of overrides.yaml.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary><c>invalidate_on_push</c> of overrides.yaml.</summary>
    public bool InvalidateOnPush { get; init; }

    /// <summary>The push time of the head commit as GitHub recorded it; <c>null</c> when unknown.</summary>
    public DateTimeOffset? PushTime { get; init; }

    /// <summary><see cref="OverrideCodes.UnknownGate"/>: the configured gate ids.</summary>
    public IReadOnlyList<string> ConfiguredGates { get; init; } = [];

    /// <summary><see cref="OverrideCodes.LabelRemoved"/>: who removed the label, and when.</summary>
    public string? RemovedBy { get; init; }

    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary><see cref="OverrideCodes.NotAuthorized"/>: the personas whose <c>may_override</c> lists the gate.</summary>
    public IReadOnlyList<string> MayOverride { get; init; } = [];

    /// <summary><see cref="OverrideCodes.ReasonMissing"/>: whether the labeller posted a reason command for the gate (with an empty reason).</summary>
    public bool ReasonCommandPosted { get; init; }

    /// <summary>The target's <c>two_person_override</c> personas; empty when the rule does not apply.</summary>
    public IReadOnlyList<string> TwoPersonRule { get; init; } = [];

    /// <summary>
    /// Under the two-person rule: the people who posted a reason for the gate after the latest push, with their
    /// personas, in the order of their first such comment.
    /// </summary>
    public IReadOnlyList<PersonHolding> ReasonPosters { get; init; } = [];

    /// <summary>Under the two-person rule: whether the labeller is among <see cref="ReasonPosters"/>.</summary>
    public bool LabellerPosted { get; init; }

    /// <summary>The personas of <paramref name="login"/> among <see cref="ReasonPosters"/> (case-insensitive); empty when absent.</summary>
    public IReadOnlyList<string> PersonasOf(string login) =>
        ReasonPosters.FirstOrDefault(p => string.Equals(p.Login, login, StringComparison.OrdinalIgnoreCase))?.Personas ?? [];
}

/// <summary>
/// Stable identifiers of override decisions. Scripts and audit events depend on them: add new ones, never rename
/// (docs/report.md lists them).
/// </summary>
public static class OverrideCodes
{
    public const string Honoured = "override_honoured";
    public const string LabelRemoved = "override_label_removed";
    public const string NoLabelEvent = "override_no_label_event";
    public const string LabelInFuture = "override_label_in_future";
    public const string UnknownGate = "override_unknown_gate";
    public const string NotOverridable = "override_not_overridable";
    public const string NotAuthorized = "override_not_authorized";
    public const string Stale = "override_stale";
    public const string Expired = "override_expired";
    public const string ReasonMissing = "override_reason_missing";
    public const string SecondPersonMissing = "override_second_person_missing";

    public static IReadOnlyList<string> All { get; } =
    [
        Honoured, LabelRemoved, NoLabelEvent, LabelInFuture, UnknownGate, NotOverridable, NotAuthorized, Stale, Expired, ReasonMissing,
        SecondPersonMissing,
    ];
}
