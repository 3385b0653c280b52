using System.Text.Json;
using System.Text.Json.Serialization;

namespace OdooGateAction.GitHub;

// GitHub's REST shapes, reduced to the fields the action reads. They stay inside this project: the Core sees
// only its own evidence records (see GitHubMapper).

public sealed class GitHubApp
{
    public long? Id { get; set; }

    public string? Slug { get; set; }

    public string? Name { get; set; }
}

public sealed class GitHubUser
{
    public string? Login { get; set; }

    public long? Id { get; set; }

    public string? Type { get; set; }
}

public sealed class GitHubCheckSuiteRef
{
    public long? Id { get; set; }
}

public sealed class GitHubCheckRun
{
    public long? Id { get; set; }

    public string? Name { get; set; }

    public string? ExternalId { get; set; }

    public string? HeadSha { get; set; }

    public string? Status { get; set; }

    public string? Conclusion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? HtmlUrl { get; set; }

    public string? DetailsUrl { get; set; }

    public GitHubApp? App { get; set; }

    public GitHubCheckSuiteRef? CheckSuite { get; set; }
}

public sealed class GitHubCommitStatus
{
    public long? Id { get; set; }

    public string? Context { get; set; }

    public string? State { get; set; }

    public string? Description { get; set; }

    public string? TargetUrl { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public GitHubUser? Creator { get; set; }
}

public sealed class GitHubLabel
{
    public long? Id { get; set; }

    public string? Name { get; set; }
}

public sealed class GitHubCommitRef
{
    public string? Sha { get; set; }

    public string? Ref { get; set; }
}

public sealed class GitHubPullRequest
{
    public int? Number { get; set; }

    public GitHubCommitRef? Head { get; set; }

    public string? Title { get; set; }

    public string? State { get; set; }

    public GitHubUser? User { get; set; }

    public List<GitHubLabel>? Labels { get; set; }
}

/// <summary>
/// The snapshot file (docs/snapshot.md): the evidence of one commit, as GitHub returns it, and the facts of its
/// override labels, so a decision can be replayed offline.
/// </summary>
public sealed class SnapshotDocument
{
    public int? SchemaVersion { get; set; }

    public string? Repository { get; set; }

    public string? Sha { get; set; }

    public DateTimeOffset? CapturedAt { get; set; }

    /// <summary>When the recorded decision was taken (the time a replay evaluates at).</summary>
    public DateTimeOffset? EvaluatedAt { get; set; }

    public GitHubPullRequest? PullRequest { get; set; }

    public List<GitHubCheckRun>? CheckRuns { get; set; }

    public List<GitHubCommitStatus>? Statuses { get; set; }

    public SnapshotOverrides? Overrides { get; set; }

    /// <summary>The reviews of the pull requests, when the mapping has a <c>review:</c> entry.</summary>
    public SnapshotReviews? Reviews { get; set; }
}

/// <summary>
/// The <c>reviews</c> of a snapshot: each pull request's reviews in GitHub's shape with its author, head commit and push
/// time, and GitHub's answers about the reviewers (as in <see cref="SnapshotOverrides"/>).
/// </summary>
public sealed class SnapshotReviews
{
    public bool? TeamsConsulted { get; set; }

    /// <summary>By pull request number (a JSON object's keys are strings).</summary>
    public Dictionary<string, SnapshotPullRequestReviews>? PullRequests { get; set; }

    public Dictionary<string, GitHubCollaboratorPermission?>? CollaboratorPermissions { get; set; }

    public Dictionary<string, Dictionary<string, string?>>? TeamMemberships { get; set; }
}

/// <summary>One pull request's reviews in a snapshot.</summary>
public sealed class SnapshotPullRequestReviews
{
    public string? Author { get; set; }

    public string? HeadSha { get; set; }

    public DateTimeOffset? PushTime { get; set; }

    public List<GitHubPullRequestReview>? Reviews { get; set; }
}

/// <summary>The <c>overrides</c> of a snapshot: what GitHub answered for the override rules (see <see cref="OverrideAnswers"/>).</summary>
public sealed class SnapshotOverrides
{
    /// <summary>Whether team membership could be asked (an org token was given).</summary>
    public bool? TeamsConsulted { get; set; }

    /// <summary>By pull request number (a JSON object's keys are strings).</summary>
    public Dictionary<string, SnapshotPullRequestOverrides>? PullRequests { get; set; }

    /// <summary>By login; null: not a collaborator (404).</summary>
    public Dictionary<string, GitHubCollaboratorPermission?>? CollaboratorPermissions { get; set; }

    /// <summary><c>org/slug</c> → login → state; null: not a member (404).</summary>
    public Dictionary<string, Dictionary<string, string?>>? TeamMemberships { get; set; }
}

/// <summary>One pull request's override facts in a snapshot, in GitHub's shapes.</summary>
public sealed class SnapshotPullRequestOverrides
{
    public List<GitHubLabel>? Labels { get; set; }

    public DateTimeOffset? PushTime { get; set; }

    public List<GitHubIssueEvent>? LabelEvents { get; set; }

    public List<GitHubIssueComment>? Comments { get; set; }
}

public sealed class GitHubCheckRunsPage
{
    public int? TotalCount { get; set; }

    public List<GitHubCheckRun>? CheckRuns { get; set; }
}

public sealed class GitHubIssueComment
{
    public long? Id { get; set; }

    public string? Body { get; set; }

    public GitHubUser? User { get; set; }

    public string? HtmlUrl { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}

public sealed class GitHubIssueEvent
{
    public long? Id { get; set; }

    public string? Event { get; set; }

    public GitHubUser? Actor { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public GitHubLabel? Label { get; set; }
}

/// <summary>A pull request review (<c>GET /repos/{o}/{r}/pulls/{n}/reviews</c>).</summary>
public sealed class GitHubPullRequestReview
{
    public long? Id { get; set; }

    public GitHubUser? User { get; set; }

    /// <summary>APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING.</summary>
    public string? State { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public string? CommitId { get; set; }

    public string? HtmlUrl { get; set; }
}

public sealed class GitHubCheckSuite
{
    public long? Id { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public GitHubApp? App { get; set; }
}

public sealed class GitHubCheckSuitesPage
{
    public int? TotalCount { get; set; }

    public List<GitHubCheckSuite>? CheckSuites { get; set; }
}

public sealed class GitHubCollaboratorPermission
{
    public string? Permission { get; set; }

    public string? RoleName { get; set; }
}

public sealed class GitHubTeamMembership
{
    public string? State { get; set; }

    public string? Role { get; set; }
}

public sealed class GitHubCheckRunOutput
{
    public string? Title { get; set; }

    public string? Summary { get; set; }

    public string? Text { get; set; }
}

/// <summary>The body of POST/PATCH /repos/{o}/{r}/check-runs.</summary>
public sealed class GitHubCheckRunWrite
{
    public string? Name { get; set; }

    public string? HeadSha { get; set; }

    public string? Status { get; set; }

    public string? Conclusion { get; set; }

    public string? ExternalId { get; set; }

    public string? DetailsUrl { get; set; }

    /// <summary>Sent as GitHub documents timestamps: <c>YYYY-MM-DDTHH:MM:SSZ</c> (UTC, whole seconds).</summary>
    [JsonConverter(typeof(GitHubTimestampConverter))]
    public DateTimeOffset? CompletedAt { get; set; }

    public GitHubCheckRunOutput? Output { get; set; }
}

/// <summary>
/// Writes a time in the one form GitHub's API documents for the timestamps it takes, <c>YYYY-MM-DDTHH:MM:SSZ</c>
/// (not .NET's default <c>2026-12-01T04:57:24.8674204+00:00</c>); reads any ISO 8601 time.
/// </summary>
public sealed class GitHubTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } time)
        {
            writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

public sealed class GitHubCommentWrite
{
    public string? Body { get; set; }
}

public sealed class GitHubError
{
    public string? Message { get; set; }

    public string? DocumentationUrl { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(SnapshotDocument))]
[JsonSerializable(typeof(GitHubCheckRun))]
[JsonSerializable(typeof(List<GitHubCheckRun>))]
[JsonSerializable(typeof(List<GitHubCommitStatus>))]
[JsonSerializable(typeof(GitHubPullRequest))]
[JsonSerializable(typeof(List<GitHubPullRequest>))]
[JsonSerializable(typeof(GitHubCheckRunsPage))]
[JsonSerializable(typeof(GitHubIssueComment))]
[JsonSerializable(typeof(List<GitHubIssueComment>))]
[JsonSerializable(typeof(GitHubCheckRunWrite))]
[JsonSerializable(typeof(GitHubCommentWrite))]
[JsonSerializable(typeof(GitHubError))]
[JsonSerializable(typeof(GitHubUser))]
[JsonSerializable(typeof(List<GitHubIssueEvent>))]
[JsonSerializable(typeof(List<GitHubPullRequestReview>))]
[JsonSerializable(typeof(GitHubCheckSuitesPage))]
[JsonSerializable(typeof(GitHubCollaboratorPermission))]
[JsonSerializable(typeof(GitHubTeamMembership))]
[JsonSerializable(typeof(List<GitHubLabel>))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
