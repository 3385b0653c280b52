namespace OdooGateAction.FakeGitHub;

/// <summary>
/// One request the server received, in arrival order. <see cref="Headers"/> holds every request header
/// (case-insensitive keys; repeated values joined with ", "); the <c>Authorization</c> value is redacted to
/// its scheme (<c>"Bearer ***"</c>), so the token is never stored. <see cref="Status"/> is the status code
/// answered (0 while the request is still in flight, 499 when the client aborted it); <see cref="Response"/> is the
/// answer as written (null when none was written).
/// </summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    public RecordedResponse? Response { get; init; }
}

/// <summary>
/// The answer to one request: status (304 for a conditional GET that matched), media type and body as sent.
/// <see cref="Injected"/> is true when a fault of <see cref="FaultPlan"/> made or changed it (an error status, a
/// redirect, a rewritten or truncated body): what GitHub's description does not promise.
/// </summary>
public sealed record RecordedResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body, bool Injected);

/// <summary>A check run as stored by the fake. Change it through <see cref="FakeRepository"/> while requests are in flight.</summary>
public sealed class CheckRun
{
    public long Id { get; internal set; }
    public string HeadSha { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;

    /// <summary><c>queued</c>, <c>in_progress</c>, <c>completed</c>, <c>waiting</c>, <c>requested</c> or <c>pending</c>.</summary>
    public string Status { get; set; } = "completed";

    /// <summary>Null unless <see cref="Status"/> is <c>completed</c>.</summary>
    public string? Conclusion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string AppSlug { get; set; } = "github-actions";
    public long AppId { get; set; }
    public long CheckSuiteId { get; set; }
    public string? ExternalId { get; set; } = string.Empty;

    /// <summary>Null: the run's <c>html_url</c> for GitHub Actions (its job page), otherwise the app's homepage (GitHub's default when the integrator gives none).</summary>
    public string? DetailsUrl { get; set; }

    /// <summary>Null: <c>{WebUrl}/{owner}/{repo}/runs/{id}</c>.</summary>
    public string? HtmlUrl { get; set; }

    public string? OutputTitle { get; set; }
    public string? OutputSummary { get; set; }
    public string? OutputText { get; set; }
    public int AnnotationsCount { get; set; }

    /// <summary>True when the run was created through <c>POST /repos/{o}/{r}/check-runs</c>.</summary>
    public bool CreatedViaApi { get; internal set; }
}

/// <summary>A commit status as stored by the fake.</summary>
public sealed class CommitStatus
{
    public long Id { get; internal set; }
    public string Sha { get; set; } = string.Empty;
    public string Context { get; set; } = "default";

    /// <summary><c>error</c>, <c>failure</c>, <c>pending</c> or <c>success</c>.</summary>
    public string State { get; set; } = "success";

    public string? Description { get; set; }
    public string? TargetUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string Creator { get; set; } = "github-actions[bot]";
}

/// <summary>A pull request as stored by the fake.</summary>
public sealed class PullRequest
{
    public int Number { get; internal set; }
    public long Id { get; internal set; }
    public string HeadSha { get; set; } = string.Empty;
    public string HeadRef { get; set; } = string.Empty;

    /// <summary><c>owner/name</c> of the head repository when the PR comes from a fork; null: the same repository.</summary>
    public string? HeadRepositoryFullName { get; set; }

    public string BaseRef { get; set; } = "main";
    public string BaseSha { get; set; } = "0000000000000000000000000000000000000000";
    public string Title { get; set; } = string.Empty;
    public string? Body { get; set; }
    public string Author { get; set; } = "octocat";

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string State { get; set; } = "open";

    public bool Draft { get; set; }
    public bool Merged { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Label names, in the order GitHub shows them.</summary>
    public IList<string> Labels { get; } = [];
}

/// <summary>An issue or pull-request comment as stored by the fake.</summary>
public sealed class Comment
{
    public long Id { get; internal set; }
    public int IssueNumber { get; internal set; }
    public string Body { get; set; } = string.Empty;

    /// <summary>The author's login (<c>user.login</c>).</summary>
    public string Login { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Null: <c>NONE</c> for bots (logins ending in <c>[bot]</c>), <c>MEMBER</c> for others.</summary>
    public string? AuthorAssociation { get; set; }

    /// <summary>True when the comment was written through the API (POST), not set up by the test.</summary>
    public bool CreatedViaApi { get; internal set; }
}

/// <summary>An issue event (<c>labeled</c> / <c>unlabeled</c>) as stored by the fake.</summary>
public sealed class IssueEvent
{
    public long Id { get; internal set; }
    public int IssueNumber { get; internal set; }

    /// <summary><c>labeled</c> or <c>unlabeled</c>.</summary>
    public string Event { get; set; } = "labeled";

    public string Label { get; set; } = string.Empty;
    public string Actor { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A check suite as stored by the fake (only what <c>GET /commits/{ref}/check-suites</c> needs).</summary>
public sealed class CheckSuite
{
    public long Id { get; internal set; }
    public string HeadSha { get; set; } = string.Empty;
    public string AppSlug { get; set; } = "github-actions";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A pull request review as stored by the fake (<c>GET /pulls/{n}/reviews</c>).</summary>
public sealed class Review
{
    public long Id { get; internal set; }
    public int PullNumber { get; internal set; }
    public string Reviewer { get; set; } = string.Empty;

    /// <summary>APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING.</summary>
    public string State { get; set; } = "APPROVED";

    public string Body { get; set; } = string.Empty;

    /// <summary>The PR's head when the review was submitted.</summary>
    public string CommitId { get; set; } = string.Empty;

    /// <summary>Null for a pending review (GitHub leaves <c>submitted_at</c> out).</summary>
    public DateTimeOffset? SubmittedAt { get; set; }
}
