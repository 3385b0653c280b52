namespace OdooGateAction.Core.Overrides;

/// <summary>
/// A <c>labeled</c> or <c>unlabeled</c> event of a pull request, from the issue events API: who (<c>actor</c>) and
/// when (<c>created_at</c>, set by GitHub's server), never the webhook sender.
/// </summary>
/// <param name="Action"><c>labeled</c> or <c>unlabeled</c>; other events are ignored.</param>
public sealed record LabelEvent(long Id, string Action, string Label, string Actor, DateTimeOffset CreatedAt)
{
    public const string Labeled = "labeled";
    public const string Unlabeled = "unlabeled";
}

/// <summary>A comment on a pull request (the issue comments API).</summary>
public sealed record PullRequestComment(long Id, string Author, DateTimeOffset CreatedAt, string Body);

/// <summary>
/// What the override rules need to know about one pull request, already fetched and resolved: its labels now, its
/// label events, its comments, the push time of its head commit and the personas of the people involved.
/// </summary>
/// <param name="Labels">The labels on the pull request now.</param>
/// <param name="PushTime">
/// When the head commit was pushed, as GitHub's server recorded it (the earliest check suite's <c>created_at</c>),
/// never the committer date; <c>null</c> when unknown.
/// </param>
/// <param name="PersonasByLogin">
/// Persona ids of each relevant login (<see cref="OverrideRules.RelevantLogins"/>), looked up case-insensitively; a
/// login that is absent holds no persona.
/// </param>
/// <param name="TeamsConsulted">Whether team membership was asked (an <c>org-token</c> was given).</param>
public sealed record OverrideFacts(
    int PullRequest,
    IReadOnlyList<string> Labels,
    IReadOnlyList<LabelEvent> LabelEvents,
    IReadOnlyList<PullRequestComment> Comments,
    DateTimeOffset? PushTime,
    IReadOnlyDictionary<string, IReadOnlyList<string>> PersonasByLogin,
    bool TeamsConsulted);

/// <summary>An override label on a pull request for a gate the evaluated target does not require.</summary>
/// <param name="ConsideredFor">The targets that require the gate, where the label is decided.</param>
public sealed record UnrequiredOverrideLabel(int PullRequest, string Label, string Gate, IReadOnlyList<string> ConsideredFor);
