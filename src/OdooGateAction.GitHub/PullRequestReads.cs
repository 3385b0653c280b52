using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>
/// What one evaluation reads about its pull requests more than one collector needs — the pull request itself (labels,
/// author, head commit) and its head commit's push time — read once and shared by the override and the review
/// collectors, so a PR with an override label and a <c>review:</c> entry costs no second request. One instance per
/// evaluation (answers are not kept across runs); the collectors use it one after the other, not concurrently.
/// </summary>
public sealed class PullRequestReads(IGitHubApi api, RepositoryRef repository)
{
    private readonly Dictionary<int, GitHubPullRequest> _pulls = [];
    private readonly Dictionary<string, DateTimeOffset?> _pushTimes = new(StringComparer.Ordinal);

    public RepositoryRef Repository { get; } = repository;

    /// <summary>The pull request, as <c>GET /repos/{o}/{r}/pulls/{n}</c> answers (once per evaluation).</summary>
    public async Task<GitHubPullRequest> PullRequestAsync(int number, CancellationToken cancellationToken)
    {
        if (!_pulls.TryGetValue(number, out var pull))
        {
            pull = await api.GetPullRequestAsync(Repository, number, cancellationToken).ConfigureAwait(false);
            _pulls[number] = pull;
        }

        return pull;
    }

    /// <summary>The pull request's head commit, or GitHub failing (an answer without <c>head.sha</c> is malformed: exit 3).</summary>
    public static string HeadSha(GitHubPullRequest pull, RepositoryRef repository, int number)
    {
        ArgumentNullException.ThrowIfNull(pull);
        return pull.Head?.Sha
            ?? throw GitHubApiException.Malformed($"PR #{number} of {repository}", ["head.sha is missing"], $"/repos/{repository}/pulls/{number}");
    }

    /// <summary>
    /// When <paramref name="headSha"/> was pushed, as GitHub's server recorded it: the <c>created_at</c> of the commit's
    /// earliest check suite (never the committer date, which the author controls); <c>null</c> when there is none.
    /// </summary>
    public async Task<DateTimeOffset?> PushTimeAsync(string headSha, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(headSha);
        if (!_pushTimes.TryGetValue(headSha, out var pushTime))
        {
            var suites = await api.ListCheckSuitesAsync(Repository, headSha, cancellationToken).ConfigureAwait(false);
            pushTime = suites.Select(s => s.CreatedAt).Where(t => t is not null).Min();
            _pushTimes[headSha] = pushTime;
        }

        return pushTime;
    }
}
