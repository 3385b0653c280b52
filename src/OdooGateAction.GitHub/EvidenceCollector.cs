using OdooGateAction.Core;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Rendering;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>One collection: the evidence for the evaluator, our own earlier check runs (to update in place), the raw shapes (to record).</summary>
public sealed record CollectedEvidence(EvidenceSnapshot Snapshot, IReadOnlyList<GitHubCheckRun> OwnCheckRuns, SnapshotDocument Document);

/// <summary>
/// Collects every check run (<c>filter=all</c>: <c>latest</c> alone would hide a newer run of another suite) and every
/// commit status of a commit, all pages, and maps them to the Core's evidence. The evaluator picks the latest per
/// (app, name) and ignores our own check runs; they are also returned here so the writer can update them in place.
/// </summary>
public sealed class EvidenceCollector(IGitHubApi api, TimeProvider time)
{
    public async Task<CollectedEvidence> CollectAsync(RepositoryRef repository, string sha, GitHubPullRequest? pullRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var runsTask = api.ListCheckRunsAsync(repository, sha, cancellationToken);
        var statusesTask = api.ListStatusesAsync(repository, sha, cancellationToken);
        await Task.WhenAll(runsTask, statusesTask).ConfigureAwait(false);
        var runs = await runsTask.ConfigureAwait(false);
        var statuses = await statusesTask.ConfigureAwait(false);

        var document = new SnapshotDocument
        {
            SchemaVersion = SnapshotReader.SupportedVersion,
            Repository = repository.ToString(),
            Sha = sha,
            CapturedAt = time.GetUtcNow(),
            PullRequest = pullRequest,
            CheckRuns = [.. runs],
            Statuses = [.. statuses],
        };
        var errors = new List<string>();
        var evidenceRuns = GitHubMapper.ToCheckRuns(runs, "check_runs", errors);
        var evidenceStatuses = GitHubMapper.ToStatuses(statuses, "statuses", errors);
        var pr = pullRequest is null ? null : GitHubMapper.ToPullRequest(pullRequest, "pull_request", errors);
        if (errors.Count > 0)
        {
            throw GitHubApiException.Malformed($"commit {sha} of {repository}", errors, $"/repos/{repository}/commits/{sha}");
        }

        var own = runs.Where(r => r.Name?.StartsWith(GitHubRecordRenderer.CheckRunPrefix, StringComparison.Ordinal) == true).ToList();
        var snapshot = new EvidenceSnapshot(sha, evidenceRuns, evidenceStatuses) { Repository = repository.ToString(), PullRequest = pr };
        return new CollectedEvidence(snapshot, own, document);
    }
}
