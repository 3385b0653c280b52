namespace OdooGateAction.GitHub.Rest;

/// <summary>A repository, <c>owner/name</c>.</summary>
public sealed record RepositoryRef(string Owner, string Name)
{
    public override string ToString() => $"{Owner}/{Name}";

    public static RepositoryRef Parse(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var parts = fullName.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new Core.InputException($"'{fullName}' is not a repository; write it owner/name");
        }

        return new RepositoryRef(parts[0], parts[1]);
    }
}

/// <summary>A file read through the contents API: its bytes, or only the first of them when it is larger than asked.</summary>
public sealed record RepositoryFile(string Path, byte[] Content, bool TooLarge);

/// <summary>
/// The narrow part of GitHub's REST API the action uses. Every list call returns all pages. Failures that
/// survive the retries surface as <see cref="GitHubApiException"/>.
/// </summary>
public interface IGitHubApi
{
    Task<IReadOnlyList<GitHubCheckRun>> ListCheckRunsAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken);

    Task<IReadOnlyList<GitHubCommitStatus>> ListStatusesAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken);

    Task<IReadOnlyList<GitHubPullRequest>> ListPullRequestsForCommitAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken);

    Task<GitHubPullRequest> GetPullRequestAsync(RepositoryRef repository, int number, CancellationToken cancellationToken);

    Task<IReadOnlyList<GitHubIssueComment>> ListIssueCommentsAsync(RepositoryRef repository, int number, CancellationToken cancellationToken);

    Task<GitHubIssueComment> CreateIssueCommentAsync(RepositoryRef repository, int number, string body, CancellationToken cancellationToken);

    Task<GitHubIssueComment> UpdateIssueCommentAsync(RepositoryRef repository, long commentId, string body, CancellationToken cancellationToken);

    Task<GitHubCheckRun> CreateCheckRunAsync(RepositoryRef repository, GitHubCheckRunWrite checkRun, CancellationToken cancellationToken);

    Task<GitHubCheckRun> UpdateCheckRunAsync(RepositoryRef repository, long checkRunId, GitHubCheckRunWrite checkRun, CancellationToken cancellationToken);

    /// <summary>All issue events of an issue or PR (labeled, unlabeled, ...), oldest first.</summary>
    Task<IReadOnlyList<GitHubIssueEvent>> ListIssueEventsAsync(RepositoryRef repository, int number, CancellationToken cancellationToken);

    /// <summary>All reviews of a pull request (<c>GET /repos/{o}/{r}/pulls/{n}/reviews</c>), oldest first, all pages.</summary>
    Task<IReadOnlyList<GitHubPullRequestReview>> ListPullRequestReviewsAsync(RepositoryRef repository, int number, CancellationToken cancellationToken);

    /// <summary>All check suites of a commit; their <c>created_at</c> is set by GitHub when the push arrives.</summary>
    Task<IReadOnlyList<GitHubCheckSuite>> ListCheckSuitesAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken);

    /// <summary>
    /// A user's permission on the repository as GitHub answers it: <c>permission</c> (admin, write, read, none) and
    /// <c>role_name</c> (admin, maintain, write, triage, read, or a custom role); null when not a collaborator (404).
    /// </summary>
    Task<GitHubCollaboratorPermission?> GetCollaboratorPermissionAsync(RepositoryRef repository, string login, CancellationToken cancellationToken);

    /// <summary>The state of a user's membership of <c>org/slug</c> (<c>active</c>, <c>pending</c>), or null when not a member.</summary>
    Task<string?> GetTeamMembershipStateAsync(string org, string teamSlug, string login, CancellationToken cancellationToken);

    /// <summary>Removes a label from an issue or PR (a label that is already gone is not an error).</summary>
    Task RemoveLabelAsync(RepositoryRef repository, int number, string label, CancellationToken cancellationToken);

    /// <summary>
    /// The commit SHA that a branch, tag or SHA names (<c>GET /repos/{owner}/{repo}/commits/{ref}</c> with the
    /// <c>application/vnd.github.sha</c> media type: the SHA alone); null when no commit has that name (GitHub's 422
    /// "No commit found for SHA"); a 404 (no such repository, or the token cannot see it) is a failure.
    /// </summary>
    Task<string?> ResolveCommitAsync(RepositoryRef repository, string reference, CancellationToken cancellationToken);

    /// <summary>
    /// A file's bytes at a commit (<c>GET /repos/{owner}/{repo}/contents/{path}?ref={sha}</c> with the
    /// <c>application/vnd.github.raw+json</c> media type); null when the commit has no file there (404). At most
    /// <paramref name="maxBytes"/> are read: a larger file comes back with <see cref="RepositoryFile.TooLarge"/> set.
    /// </summary>
    Task<RepositoryFile?> GetFileAsync(RepositoryRef repository, string path, string commitSha, int maxBytes, CancellationToken cancellationToken);

    /// <summary>The login of the token's own user (<c>GET /user</c>), or null where the token may not read it (GITHUB_TOKEN).</summary>
    Task<string?> GetAuthenticatedLoginAsync(CancellationToken cancellationToken);
}
