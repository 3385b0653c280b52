using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.GitHub;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.Live;

/// <summary>What to evaluate against GitHub.</summary>
public sealed record LiveRequest(
    RepositoryRef Repository,
    string Sha,
    IReadOnlyList<int> PullRequests,
    bool LookUpPullRequests,
    string Target,
    GateConfiguration Configuration,
    TimeSpan WaitTimeout,
    TimeSpan PollInterval)
{
    /// <summary>Labels per PR from the event payload, to skip reading PRs that carry no override label.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>>? KnownLabels { get; init; }
}

/// <summary>The final decision and what it was made from.</summary>
public sealed record LiveResult(EvaluationReport Report, CollectedEvidence Evidence, IReadOnlyList<int> PullRequests, int Polls)
{
    /// <summary>The override facts and the PR comments read for them (the writers reuse the comments).</summary>
    public OverrideCollection Overrides { get; init; } = OverrideCollection.Empty;

    /// <summary>The reviews read (only when the mapping has a <c>review:</c> entry).</summary>
    public ReviewAnswers Reviews { get; init; } = ReviewAnswers.Empty;
}

/// <summary>
/// Collect, then decide; with a wait timeout, collect and decide again while the decision can still change
/// (a required gate pending or missing, none failed, no freeze), backing off from the poll interval. Time comes
/// from the injected <see cref="TimeProvider"/>, so tests never sleep. Polls are conditional requests: an
/// unchanged answer is a 304 that costs no rate-limit quota.
/// </summary>
public sealed class LiveEvaluation(IGitHubApi api, GateEvaluator evaluator, TimeProvider time, OverrideFactsCollector? overrides = null, ReviewCollector? reviews = null)
{
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromMinutes(2);

    /// <param name="log">Where the wait is reported (the action's log, or standard error of a local run).</param>
    public async Task<LiveResult> RunAsync(LiveRequest request, LogStream log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var pullRequests = request.PullRequests;
        if (pullRequests.Count == 0 && request.LookUpPullRequests)
        {
            var found = await api.ListPullRequestsForCommitAsync(request.Repository, request.Sha, cancellationToken).ConfigureAwait(false);
            pullRequests = found.Where(p => p.Number is not null && p.State != "closed").Select(p => p.Number!.Value).ToList();
        }

        // What both collectors need of a pull request (the PR, its push time) is read once for the two.
        var reads = new PullRequestReads(api, request.Repository);

        // Override facts are read once (label events and comments do not change what a poll is waiting for);
        // the decision on them is taken at every poll, against the clock, so an override can expire while waiting.
        var overrideCollection = overrides is null || pullRequests.Count == 0
            ? OverrideCollection.Empty
            : await overrides.CollectAsync(request.Repository, pullRequests, request.Configuration, cancellationToken, request.KnownLabels, reads).ConfigureAwait(false);
        // Reviews too are read once, and only when the mapping has a review: entry; a review submitted or dismissed
        // later starts a new run (the pull_request_review trigger).
        var reviewAnswers = reviews is null
            ? ReviewAnswers.Empty
            : await reviews.CollectAsync(request.Repository, pullRequests, request.Configuration, overrideCollection.Answers.People, cancellationToken, reads).ConfigureAwait(false);
        var resolvedReviews = reviewAnswers.Resolve(request.Configuration);
        var pullRequest = pullRequests.Count > 0 ? new GitHubPullRequest { Number = pullRequests[0] } : null;
        var collector = new EvidenceCollector(api, time);
        var deadline = time.GetUtcNow() + request.WaitTimeout;
        var interval = request.PollInterval;
        for (var poll = 1; ; poll++)
        {
            var evidence = await collector.CollectAsync(request.Repository, request.Sha, pullRequest, cancellationToken).ConfigureAwait(false);
            evidence = evidence with { Snapshot = evidence.Snapshot with { Reviews = resolvedReviews } };
            // One reading of the clock for the override decisions and the evaluation: the report's evaluated_at is the
            // time the decision was taken, so a recording replays it exactly.
            var report = evaluator.Decide(request.Configuration, request.Target, evidence.Snapshot, overrideCollection.Facts);
            var remaining = deadline - time.GetUtcNow();
            if (!MayStillChange(report) || remaining <= TimeSpan.Zero)
            {
                if (remaining <= TimeSpan.Zero && MayStillChange(report) && request.WaitTimeout > TimeSpan.Zero)
                {
                    log.Line($"wait timeout ({request.WaitTimeout}) reached with gates still pending or missing: {string.Join(", ", report.BlockedGates)}");
                }

                return new LiveResult(report, evidence, pullRequests, poll) { Overrides = overrideCollection, Reviews = reviewAnswers };
            }

            var delay = interval < remaining ? interval : remaining;
            log.Line($"poll {poll}: {string.Join(", ", report.Gates.Where(g => g.Required && g.Status is GateStatus.Pending or GateStatus.Missing).Select(g => $"{g.Id} {g.Status.ToString().ToLowerInvariant()}"))}; next poll in {delay.TotalSeconds:0}s");
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, (long)(interval.Ticks * 1.5)));
        }
    }

    /// <summary>
    /// Whether another poll could change the decision: blocked only by required gates that are pending or
    /// missing. A failed required check (fail fast) or a freeze window settles it.
    /// </summary>
    public static bool MayStillChange(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Decision == Decision.Allow || report.ActiveFreezes.Count > 0)
        {
            return false;
        }

        var required = report.Gates.Where(g => g.Required).ToList();
        return !required.Exists(g => g.Status == GateStatus.Failed)
            && required.Exists(g => g.Status is GateStatus.Pending or GateStatus.Missing);
    }
}
