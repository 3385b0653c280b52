using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evidence;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>
/// What GitHub answered for the review rules: each pull request's reviews, author, head commit and push time, and the
/// answers about the reviewers. A live collection and a snapshot's replay both arrive here; <see cref="Resolve"/> gives
/// the reviewers their personas through <see cref="PersonaAnswers"/>, the place overrides use too.
/// </summary>
/// <param name="PullRequests">The pull requests read; personas not resolved yet.</param>
public sealed record ReviewAnswers(IReadOnlyList<PullRequestReviews> PullRequests, PersonaAnswers People)
{
    public static ReviewAnswers Empty { get; } = new([], PersonaAnswers.Empty);

    /// <summary>Whether the mapping has a <c>review:</c> entry (reviews are read only then).</summary>
    public static bool Needed(GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.MappedChecks.Any(c => c.Source == EvidenceSource.Review);
    }

    /// <summary>The logins of everyone who reviewed.</summary>
    public static IEnumerable<string> Reviewers(IEnumerable<PullRequestReviews> pullRequests) =>
        pullRequests.SelectMany(p => p.Reviews).Select(r => r.Reviewer).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The reviews for the evaluator under <paramref name="configuration"/>, each reviewer with their personas.</summary>
    public IReadOnlyList<PullRequestReviews> Resolve(GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var personas = People.PersonasByLogin(configuration, Reviewers(PullRequests));
        var teamsKnown = People.TeamsKnown(configuration);
        return [.. PullRequests.Select(p => p with { PersonasByLogin = personas, TeamsConsulted = teamsKnown })];
    }
}

/// <summary>
/// Reads the reviews of pull requests, only when the mapping has a <c>review:</c> entry: the pull request (author, head
/// commit), all pages of its reviews, the push time of its head commit (the earliest check suite's <c>created_at</c>,
/// GitHub's server time; never the committer date), then what GitHub says about the reviewers.
/// </summary>
public sealed class ReviewCollector(IGitHubApi api, IGitHubApi? orgApi)
{
    /// <param name="known">Answers about people already read (for overrides): nobody is asked about twice.</param>
    public async Task<ReviewAnswers> CollectAsync(
        RepositoryRef repository, IReadOnlyList<int> pullRequests, GateConfiguration configuration, PersonaAnswers? known, CancellationToken cancellationToken,
        PullRequestReads? reads = null)
    {
        ArgumentNullException.ThrowIfNull(pullRequests);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!ReviewAnswers.Needed(configuration) || pullRequests.Count == 0)
        {
            return ReviewAnswers.Empty;
        }

        reads ??= new PullRequestReads(api, repository);
        var read = new List<PullRequestReviews>();
        foreach (var number in pullRequests.Distinct())
        {
            var pull = await reads.PullRequestAsync(number, cancellationToken).ConfigureAwait(false);
            var headSha = PullRequestReads.HeadSha(pull, repository, number);
            var reviewsTask = api.ListPullRequestReviewsAsync(repository, number, cancellationToken);
            var pushTimeTask = reads.PushTimeAsync(headSha, cancellationToken);
            await Task.WhenAll(reviewsTask, pushTimeTask).ConfigureAwait(false);
            var errors = new List<string>();
            var reviews = GitHubMapper.ToReviews(await reviewsTask.ConfigureAwait(false), $"reviews of PR #{number}", errors);
            if (errors.Count > 0)
            {
                throw GitHubApiException.Malformed($"the reviews of PR #{number} of {repository}", errors, $"/repos/{repository}/pulls/{number}/reviews");
            }

            var pushTime = await pushTimeTask.ConfigureAwait(false);
            read.Add(new PullRequestReviews(number, pull.User?.Login, headSha, pushTime, reviews));
        }

        var people = await PersonaAnswers.AskAsync(api, orgApi, repository, configuration, ReviewAnswers.Reviewers(read), known, cancellationToken).ConfigureAwait(false);
        return new ReviewAnswers(read, people);
    }
}
