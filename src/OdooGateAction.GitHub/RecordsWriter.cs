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

    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, long> _writtenThisRun = new(StringComparer.Ordinal);
    private int _created, _updated, _commentsCreated, _commentsUpdated, _unchanged, _overrideComments, _labelsRemoved;
    private bool _checkRunsRefused;

    /// <summary>What has been written so far.</summary>
    public RecordsOutcome Outcome => new(_created, _updated, _commentsCreated, _commentsUpdated, _unchanged, [.. _warnings])
    {
        OverrideCommentsCreated = _overrideComments,
        LabelsRemoved = _labelsRemoved,
    };

    /// <summary>One check run per gate the report lists, <c>odoo-gates/&lt;target&gt;/&lt;gate&gt;</c>, updated in place.</summary>
    public async Task WriteGateCheckRunsAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var gate in request.Report.Gates)
        {
            if (!await WriteCheckRunAsync(request, GitHubRecordRenderer.ForGate(request.Report, gate), cancellationToken).ConfigureAwait(false))
            {
                return; // a read-only token refuses them all: one warning is enough
            }
        }
    }

    /// <summary>
    /// The check run branch protection requires, <c>odoo-gates/&lt;target&gt;</c>: the decision, or — when
    /// <paramref name="incomplete"/> names a record that could not be written — <c>failure</c> ("records incomplete"),
    /// so it never says success on a run that exits non-zero. Written after every other record.
    /// </summary>
    public async Task WriteTargetCheckRunAsync(RecordsRequest request, string? incomplete, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = incomplete is null
            ? GitHubRecordRenderer.ForTarget(request.Report)
            : GitHubRecordRenderer.ForIncompleteRecords(request.Report, incomplete);
        await WriteCheckRunAsync(request, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sticky status comment on each PR: found by its marker among our own comments, written only when its text changed.</summary>
    public async Task WriteStatusCommentsAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = request.Report;
        var body = GitHubRecordRenderer.StatusComment(report);
        var marker = GitHubRecordRenderer.CommentMarker(report.Target);
        foreach (var number in request.PullRequests.Distinct())
        {
            var comments = request.KnownComments.TryGetValue(number, out var known)
                ? known
                : await api.ListIssueCommentsAsync(request.Repository, number, cancellationToken).ConfigureAwait(false);
            var marked = comments.Where(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true).ToList();
            GitHubIssueComment? mine = null;
            if (marked.Count > 0)
            {
                var identity = await IdentityAsync(cancellationToken).ConfigureAwait(false);
                mine = marked.Where(c => string.Equals(c.User?.Login, identity, StringComparison.OrdinalIgnoreCase)).MaxBy(c => c.Id);
            }

            if (mine is not null && mine.Body == body)
            {
                _unchanged++;
                continue;
            }

            await TryWriteAsync($"the status comment on PR #{number}", async () =>
            {
                if (mine is not null)
                {
                    await api.UpdateIssueCommentAsync(request.Repository, mine.Id!.Value, body, cancellationToken).ConfigureAwait(false);
                    _commentsUpdated++;
                }
                else
                {
                    await api.CreateIssueCommentAsync(request.Repository, number, body, cancellationToken).ConfigureAwait(false);
                    _commentsCreated++;
                }
            }).ConfigureAwait(false);
        }
    }

    /// <summary>The audit trail: one comment per override decision, found by its marker among our own comments, never posted twice.</summary>
    public async Task WriteOverrideRecordsAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (repository, report) = (request.Repository, request.Report);
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

            if (await TryWriteAsync($"the override record of {decision.Gate} on PR #{decision.PullRequest}", async () =>
                {
                    await api.CreateIssueCommentAsync(repository, decision.PullRequest, GitHubRecordRenderer.OverrideComment(report, decision), cancellationToken).ConfigureAwait(false);
                    _overrideComments++;
                }).ConfigureAwait(false)
                && request.RemoveUnauthorizedLabels && decision.Code == OverrideCodes.NotAuthorized)
            {
                await TryWriteAsync($"label {decision.Label} on PR #{decision.PullRequest}", async () =>
                {
                    await api.RemoveLabelAsync(repository, decision.PullRequest, decision.Label, cancellationToken).ConfigureAwait(false);
                    _labelsRemoved++;
                }).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates or updates (found by name and our <c>external_id</c>) one check run; false when the token may not.</summary>
    private async Task<bool> WriteCheckRunAsync(RecordsRequest request, CheckRunContent content, CancellationToken cancellationToken)
    {
        if (_checkRunsRefused)
        {
            return false;
        }

        var report = request.Report;
        var existingId = _writtenThisRun.TryGetValue(content.Name, out var id)
            ? id
            : request.OwnCheckRuns.Where(r => r.Name == content.Name && r.ExternalId == ExternalId && r.Id is not null).MaxBy(r => r.Id)?.Id;
        var write = new GitHubCheckRunWrite
        {
            Name = content.Name,
            HeadSha = report.Sha,
            Status = "completed",
            Conclusion = content.Conclusion,
            ExternalId = ExternalId,
            DetailsUrl = request.DetailsUrl,
            CompletedAt = report.EvaluatedAt,
            Output = new GitHubCheckRunOutput { Title = content.Title, Summary = content.Summary, Text = content.Text.Length == 0 ? null : content.Text },
        };
        var written = await TryWriteAsync($"check run {content.Name}", async () =>
        {
            if (existingId is { } runId)
            {
                await api.UpdateCheckRunAsync(request.Repository, runId, write, cancellationToken).ConfigureAwait(false);
                _updated++;
            }
            else
            {
                var created = await api.CreateCheckRunAsync(request.Repository, write, cancellationToken).ConfigureAwait(false);
                _created++;
                if (created.Id is { } createdId)
                {
                    _writtenThisRun[content.Name] = createdId; // a later correction of the same run updates it
                }
            }
        }).ConfigureAwait(false);
        _checkRunsRefused = !written;
        return written;
    }

    /// <summary>Whose comments are ours: <c>GET /user</c> where the token may read it, else the Actions bot.</summary>
    private async Task<string> IdentityAsync(CancellationToken cancellationToken) =>
        _identity ??= await api.GetAuthenticatedLoginAsync(cancellationToken).ConfigureAwait(false) ?? ActionsBotLogin;

    private async Task<bool> TryWriteAsync(string what, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return true;
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            _warnings.Add($"could not write {what}: the token may not (403; fork PRs get a read-only token). The decision stands. {ex.Message}");
            return false;
        }
    }
}
