using System.Net;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Rendering;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>What the writer did, for the log and the tests.</summary>
public sealed record RecordsOutcome(int CheckRunsCreated, int CheckRunsUpdated, int CommentsCreated, int CommentsUpdated, int CommentsUnchanged, IReadOnlyList<string> Warnings)
{
    public int OverrideCommentsCreated { get; init; }

    public int LabelsRemoved { get; init; }
}

/// <summary>What to write, and what is known already.</summary>
public sealed record RecordsRequest(
    RepositoryRef Repository,
    EvaluationReport Report,
    IReadOnlyList<GitHubCheckRun> OwnCheckRuns,
    IReadOnlyList<int> PullRequests,
    bool CheckRuns,
    bool Comment,
    string? DetailsUrl)
{
    /// <summary>Comments already read per PR (by the override collector): not read again.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<GitHubIssueComment>> KnownComments { get; init; } = new Dictionary<int, IReadOnlyList<GitHubIssueComment>>();

    /// <summary>Remove the label of an override refused because its labeller may not override (<c>on_unauthorized</c>).</summary>
    public bool RemoveUnauthorizedLabels { get; init; }
}

/// <summary>
/// Writes the report's GitHub records: the aggregate and per-gate check runs (updated in place when re-run on the
/// same commit: found by name and our <c>external_id</c>), and the sticky status comment per PR (found by its hidden
/// marker, only among comments our own identity wrote, updated only when its text changed). A 403 on a write
/// (fork PRs get a read-only token) becomes a warning; the decision stands.
/// </summary>
public sealed class RecordsWriter(IGitHubApi api)
{
    /// <summary>Set on every check run we create: how a re-run recognises its own runs.</summary>
    public const string ExternalId = "odoo-gate-action";

    /// <summary>The login GITHUB_TOKEN writes as; used when the token may not read <c>GET /user</c>.</summary>
    public const string ActionsBotLogin = "github-actions[bot]";

    private string? _identity;

    public Task<RecordsOutcome> WriteAsync(
        RepositoryRef repository,
        EvaluationReport report,
        IReadOnlyList<GitHubCheckRun> ownCheckRuns,
        IReadOnlyList<int> pullRequests,
        bool checkRuns,
        bool comment,
        string? detailsUrl,
        CancellationToken cancellationToken) =>
        WriteAsync(new RecordsRequest(repository, report, ownCheckRuns, pullRequests, checkRuns, comment, detailsUrl), cancellationToken);

    public async Task<RecordsOutcome> WriteAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (repository, report, ownCheckRuns, pullRequests, checkRuns, comment, detailsUrl) = request;
        var warnings = new List<string>();
        int created = 0, updated = 0, commentsCreated = 0, commentsUpdated = 0, unchanged = 0, overrideComments = 0, labelsRemoved = 0;
        if (checkRuns)
        {
            var contents = new List<CheckRunContent> { GitHubRecordRenderer.ForTarget(report) };
            contents.AddRange(report.Gates.Select(g => GitHubRecordRenderer.ForGate(report, g)));
            foreach (var content in contents)
            {
                var existing = ownCheckRuns
                    .Where(r => r.Name == content.Name && r.ExternalId == ExternalId && r.Id is not null)
                    .MaxBy(r => r.Id);
                var write = new GitHubCheckRunWrite
                {
                    Name = content.Name,
                    HeadSha = report.Sha,
                    Status = "completed",
                    Conclusion = content.Conclusion,
                    ExternalId = ExternalId,
                    DetailsUrl = detailsUrl,
                    CompletedAt = report.EvaluatedAt,
                    Output = new GitHubCheckRunOutput { Title = content.Title, Summary = content.Summary, Text = content.Text.Length == 0 ? null : content.Text },
                };
                if (!await TryWriteAsync(warnings, $"check run {content.Name}", async () =>
                    {
                        if (existing is not null)
                        {
                            await api.UpdateCheckRunAsync(repository, existing.Id!.Value, write, cancellationToken).ConfigureAwait(false);
                            updated++;
                        }
                        else
                        {
                            await api.CreateCheckRunAsync(repository, write, cancellationToken).ConfigureAwait(false);
                            created++;
                        }
                    }).ConfigureAwait(false))
                {
                    break; // a read-only token refuses them all: one warning is enough
                }
            }
        }

        if (comment)
        {
            var body = GitHubRecordRenderer.StatusComment(report);
            var marker = GitHubRecordRenderer.CommentMarker(report.Target);
            foreach (var number in pullRequests.Distinct())
            {
                var comments = request.KnownComments.TryGetValue(number, out var known)
                    ? known
                    : await api.ListIssueCommentsAsync(repository, number, cancellationToken).ConfigureAwait(false);
                var marked = comments.Where(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true).ToList();
                GitHubIssueComment? mine = null;
                if (marked.Count > 0)
                {
                    var identity = await IdentityAsync(cancellationToken).ConfigureAwait(false);
                    mine = marked.Where(c => string.Equals(c.User?.Login, identity, StringComparison.OrdinalIgnoreCase)).MaxBy(c => c.Id);
                }

                if (mine is not null && mine.Body == body)
                {
                    unchanged++;
                    continue;
                }

                await TryWriteAsync(warnings, $"the status comment on PR #{number}", async () =>
                {
                    if (mine is not null)
                    {
                        await api.UpdateIssueCommentAsync(repository, mine.Id!.Value, body, cancellationToken).ConfigureAwait(false);
                        commentsUpdated++;
                    }
                    else
                    {
                        await api.CreateIssueCommentAsync(repository, number, body, cancellationToken).ConfigureAwait(false);
                        commentsCreated++;
                    }
                }).ConfigureAwait(false);
            }
        }

        // The audit trail: one comment per override decision, found by its marker among our own comments, never posted twice.
        foreach (var decision in report.Overrides)
        {
            var marker = GitHubRecordRenderer.OverrideMarker(decision.Gate, decision.LabelEventId);
            var comments = request.KnownComments.TryGetValue(decision.PullRequest, out var known)
                ? known
                : await api.ListIssueCommentsAsync(repository, decision.PullRequest, cancellationToken).ConfigureAwait(false);
            var marked = comments.Where(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true).ToList();
            if (marked.Count > 0)
            {
                var identity = await IdentityAsync(cancellationToken).ConfigureAwait(false);
                if (marked.Exists(c => string.Equals(c.User?.Login, identity, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
            }

            if (await TryWriteAsync(warnings, $"the override record of {decision.Gate} on PR #{decision.PullRequest}", async () =>
                {
                    await api.CreateIssueCommentAsync(repository, decision.PullRequest, GitHubRecordRenderer.OverrideComment(report, decision), cancellationToken).ConfigureAwait(false);
                    overrideComments++;
                }).ConfigureAwait(false)
                && request.RemoveUnauthorizedLabels && decision.Code == OverrideCodes.NotAuthorized)
            {
                await TryWriteAsync(warnings, $"label {decision.Label} on PR #{decision.PullRequest}", async () =>
                {
                    await api.RemoveLabelAsync(repository, decision.PullRequest, decision.Label, cancellationToken).ConfigureAwait(false);
                    labelsRemoved++;
                }).ConfigureAwait(false);
            }
        }

        return new RecordsOutcome(created, updated, commentsCreated, commentsUpdated, unchanged, warnings)
        {
            OverrideCommentsCreated = overrideComments,
            LabelsRemoved = labelsRemoved,
        };
    }

    /// <summary>Whose comments are ours: <c>GET /user</c> where the token may read it, else the Actions bot.</summary>
    private async Task<string> IdentityAsync(CancellationToken cancellationToken) =>
        _identity ??= await api.GetAuthenticatedLoginAsync(cancellationToken).ConfigureAwait(false) ?? ActionsBotLogin;

    private static async Task<bool> TryWriteAsync(List<string> warnings, string what, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return true;
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            warnings.Add($"could not write {what}: the token may not (403; fork PRs get a read-only token). The decision stands. {ex.Message}");
            return false;
        }
    }
}
