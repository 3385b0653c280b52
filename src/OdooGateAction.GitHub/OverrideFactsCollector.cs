using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>What the collector found: the facts for the rules, and what the writers reuse (no second read).</summary>
public sealed record OverrideCollection(
    IReadOnlyList<OverrideFacts> Facts,
    IReadOnlyDictionary<int, IReadOnlyList<GitHubIssueComment>> Comments)
{
    public static OverrideCollection Empty { get; } = new([], new Dictionary<int, IReadOnlyList<GitHubIssueComment>>());

    /// <summary>GitHub's answers the facts were resolved from (what <c>evaluate --record</c> saves).</summary>
    public OverrideAnswers Answers { get; init; } = OverrideAnswers.Empty;
}

/// <summary>
/// Collects the facts of the override rules from GitHub, only for pull requests that carry an override label now:
/// label events from the issue events API (actor and server time, never the webhook sender), reason comments, the
/// push time of the PR's head commit (the earliest check suite's <c>created_at</c>, set by GitHub's server; the
/// committer date is the author's to forge), and GitHub's answers about the people involved (team membership through
/// the org token, repository permission), from which <see cref="OverrideAnswers.Resolve"/> finds their personas.
/// </summary>
public sealed class OverrideFactsCollector(IGitHubApi api, IGitHubApi? orgApi)
{
    /// <param name="knownLabels">
    /// Labels per PR already known from the event payload: a PR whose labels hold no override label is not read
    /// (an override applied since then starts a new run; missing one can only block, never allow).
    /// </param>
    public async Task<OverrideCollection> CollectAsync(
        RepositoryRef repository,
        IReadOnlyList<int> pullRequests,
        GateConfiguration configuration,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<int, IReadOnlyList<string>>? knownLabels = null,
        PullRequestReads? reads = null)
    {
        reads ??= new PullRequestReads(api, repository);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(pullRequests);
        var prefix = configuration.Overrides.LabelPrefix;
        var facts = new List<OverrideFacts>();
        var comments = new Dictionary<int, IReadOnlyList<GitHubIssueComment>>();
        foreach (var number in pullRequests.Distinct())
        {
            if (knownLabels is not null && knownLabels.TryGetValue(number, out var hinted)
                && !hinted.Any(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var pull = await reads.PullRequestAsync(number, cancellationToken).ConfigureAwait(false);
            var labels = (pull.Labels ?? []).Select(l => l?.Name).OfType<string>().ToList();
            if (!labels.Exists(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var eventsTask = api.ListIssueEventsAsync(repository, number, cancellationToken);
            var commentsTask = api.ListIssueCommentsAsync(repository, number, cancellationToken);
            var pushTimeTask = reads.PushTimeAsync(PullRequestReads.HeadSha(pull, repository, number), cancellationToken);
            await Task.WhenAll(eventsTask, commentsTask, pushTimeTask).ConfigureAwait(false);
            var prComments = await commentsTask.ConfigureAwait(false);
            comments[number] = prComments;

            var labelEvents = (await eventsTask.ConfigureAwait(false))
                .Where(e => e.Event is LabelEvent.Labeled or LabelEvent.Unlabeled && e.Label?.Name?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true)
                .Select(e => new LabelEvent(
                    e.Id ?? throw Malformed(number, "id"),
                    e.Event!,
                    e.Label!.Name!,
                    e.Actor?.Login ?? "ghost", // GitHub's placeholder for a deleted account: holds no persona
                    e.CreatedAt ?? throw Malformed(number, "created_at")))
                .ToList();

            // Only comments that hold the reason command: the rules read no other (and a recording copies no other).
            var reasonComments = prComments
                .Where(c => c.Id is not null && c.User?.Login is not null && c.CreatedAt is not null && c.Body is not null
                    && ReasonCommandParser.TryParse(c.Body, configuration.Overrides.ReasonCommand, out _, out _))
                .Select(c => new PullRequestComment(c.Id!.Value, c.User!.Login!, c.CreatedAt!.Value, c.Body!))
                .ToList();
            var pushTime = await pushTimeTask.ConfigureAwait(false);
            facts.Add(new OverrideFacts(number, labels, labelEvents, reasonComments, pushTime, new Dictionary<string, IReadOnlyList<string>>(), false));
        }

        var people = await PersonaAnswers.AskAsync(api, orgApi, repository, configuration, OverrideRules.RelevantLogins(configuration, facts), null, cancellationToken)
            .ConfigureAwait(false);
        var answers = new OverrideAnswers(facts, people.Permissions, people.TeamStates, people.TeamsConsulted);
        return new OverrideCollection(answers.Resolve(configuration), comments) { Answers = answers };
    }

    private static GitHubApiException Malformed(int number, string field) =>
        GitHubApiException.Malformed($"the issue events of PR #{number}", [$"an event lacks '{field}'"], $"/issues/{number}/events");
}
