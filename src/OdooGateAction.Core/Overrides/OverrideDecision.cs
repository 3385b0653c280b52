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
/// <param name="Message">A sentence naming who, what and when.</param>
public sealed record OverrideDecision(
    int PullRequest,
    string Gate,
    string Label,
    long LabelEventId,
    string? Actor,
    DateTimeOffset? LabelledAt,
    OverrideOutcome Outcome,
    string Code,
    string Message)
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
