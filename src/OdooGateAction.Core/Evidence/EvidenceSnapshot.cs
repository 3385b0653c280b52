namespace OdooGateAction.Core.Evidence;

/// <summary>
/// Everything known about one commit's CI results, as collected (live from GitHub or from a snapshot file).
/// The evaluator reads only this: no IO, no GitHub types.
/// </summary>
public sealed record EvidenceSnapshot(
    string Sha,
    IReadOnlyList<CheckRunResult> CheckRuns,
    IReadOnlyList<CommitStatusResult> Statuses)
{
    /// <summary><c>owner/name</c>, when known.</summary>
    public string? Repository { get; init; }

    /// <summary>The pull request the commit is evaluated for, when there is one.</summary>
    public PullRequestInfo? PullRequest { get; init; }

    /// <summary>
    /// The reviews of every pull request evaluated (a merge group has several), read only when the mapping has a
    /// <c>review:</c> entry; empty when there is no pull request.
    /// </summary>
    public IReadOnlyList<PullRequestReviews> Reviews { get; init; } = [];
}

/// <summary>A check run, reduced to what the gate rules read.</summary>
/// <param name="Status">GitHub's status: queued, in_progress, completed, waiting, requested, pending.</param>
/// <param name="Conclusion">GitHub's conclusion when completed: success, failure, neutral, cancelled, skipped, timed_out, action_required, stale, startup_failure.</param>
public sealed record CheckRunResult(
    long Id,
    string Name,
    string? App,
    string Status,
    string? Conclusion,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Url);

/// <summary>A commit status. <paramref name="State"/> is error, failure, pending or success.</summary>
public sealed record CommitStatusResult(
    long Id,
    string Context,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? Url,
    string? Description,
    string? Creator);

/// <summary>The pull request of an evaluation.</summary>
public sealed record PullRequestInfo(int Number)
{
    public string? Title { get; init; }

    public string? Author { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];
}
