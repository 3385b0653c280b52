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

    /// <summary>Override records of ours that did not state the decision (forged, or outdated) and were rewritten to it.</summary>
    public int OverrideCommentsCorrected { get; init; }

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
/// same commit: found by name and our <c>external_id</c>), the sticky status comment per PR and the audit comment per
/// override decision (found by their hidden markers, only among comments our own identity wrote). Other workflows may
/// write as that identity too, so an existing comment is never trusted to say what it should: every one of ours with
/// the marker that does not state the decision is rewritten to it. A 403 on a write (fork PRs get a read-only token)
/// becomes a warning; the decision stands.
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
    private int _created, _updated, _commentsCreated, _commentsUpdated, _unchanged, _overrideComments, _overrideCorrected, _labelsRemoved;
    private bool _checkRunsRefused;

    /// <summary>What has been written so far.</summary>
    public RecordsOutcome Outcome => new(_created, _updated, _commentsCreated, _commentsUpdated, _unchanged, [.. _warnings])
    {
        OverrideCommentsCreated = _overrideComments,
        OverrideCommentsCorrected = _overrideCorrected,
        LabelsRemoved = _labelsRemoved,
    };

    /// <summary>
    /// One check run per gate the target requires, <c>odoo-gates/&lt;target&gt;/&lt;gate&gt;</c>, updated in place. A gate
    /// the target does not require gets none; a run of ours for it from an earlier evaluation of the commit (when the
    /// policy required it) is completed as <c>skipped</c>, saying it is not required, unless it says so already — never
    /// left running or red.
    /// </summary>
    public async Task WriteGateCheckRunsAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var gate in request.Report.Gates)
        {
            var content = GitHubRecordRenderer.ForGate(request.Report, gate);
            if (!gate.Required && !request.OwnCheckRuns.Any(r => IsOurs(r, content.Name) && !IsCompletedAs(r, content.Conclusion)))
            {
                continue;
            }

            if (!await WriteCheckRunAsync(request, content, cancellationToken).ConfigureAwait(false))
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

    /// <summary>
    /// The sticky status comment on each PR: found by its marker among our own comments, and written only when its text
    /// changed. Every comment of ours with the marker is rewritten when it differs (another workflow writing as our
    /// identity may have posted one); a PR without any gets a new one.
    /// </summary>
    public async Task WriteStatusCommentsAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = request.Report;
        var body = GitHubRecordRenderer.StatusComment(report);
        var marker = GitHubRecordRenderer.CommentMarker(report.Target);
        foreach (var number in request.PullRequests.Distinct())
        {
            var mine = await OwnCommentsAsync(request, number, marker, cancellationToken).ConfigureAwait(false);
            if (mine.Count == 0)
            {
                await TryWriteAsync($"the status comment on PR #{number}", async () =>
                {
                    await api.CreateIssueCommentAsync(request.Repository, number, body, cancellationToken).ConfigureAwait(false);
                    _commentsCreated++;
                }).ConfigureAwait(false);
                continue;
            }

            foreach (var comment in mine)
            {
                if (comment.Body == body)
                {
                    _unchanged++;
                    continue;
                }

                if (!await TryWriteAsync($"the status comment on PR #{number}", async () =>
                    {
                        await api.UpdateIssueCommentAsync(request.Repository, comment.Id!.Value, body, cancellationToken).ConfigureAwait(false);
                        _commentsUpdated++;
                    }).ConfigureAwait(false))
                {
                    break; // a read-only token refuses them all: one warning is enough
                }
            }
        }
    }

    /// <summary>
    /// The audit trail: one comment per override decision and target, found by its marker among our own comments and
    /// never posted twice. An existing one is checked against the decision (<see cref="GitHubRecordRenderer.OverrideCommentAgrees"/>):
    /// one that says otherwise — forged by another workflow writing as our identity, or written when the decision was
    /// another — is rewritten to the decision (GitHub keeps the comment's edit history).
    /// </summary>
    public async Task WriteOverrideRecordsAsync(RecordsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (repository, report) = (request.Repository, request.Report);
        foreach (var decision in report.Overrides)
        {
            var marker = GitHubRecordRenderer.OverrideMarker(decision.Gate, decision.LabelEventId);
            var body = GitHubRecordRenderer.OverrideComment(report, decision);
            var what = $"the override record of {decision.Gate} on PR #{decision.PullRequest}";
            var records = (await OwnCommentsAsync(request, decision.PullRequest, marker, cancellationToken).ConfigureAwait(false))
                .Where(c => GitHubRecordRenderer.IsOverrideCommentFor(c.Body!, report.Target))
                .ToList();
            var written = false;
            if (records.Count == 0)
            {
                written = await TryWriteAsync(what, async () =>
                {
                    await api.CreateIssueCommentAsync(repository, decision.PullRequest, body, cancellationToken).ConfigureAwait(false);
                    _overrideComments++;
                }).ConfigureAwait(false);
            }

            foreach (var record in records.Where(r => !GitHubRecordRenderer.OverrideCommentAgrees(r.Body!, body)))
            {
                written = await TryWriteAsync(what, async () =>
                {
                    await api.UpdateIssueCommentAsync(repository, record.Id!.Value, body, cancellationToken).ConfigureAwait(false);
                    _overrideCorrected++;
                }).ConfigureAwait(false);
                if (!written)
                {
                    break;
                }
            }

            if (written && request.RemoveUnauthorizedLabels && decision.Code == OverrideCodes.NotAuthorized)
            {
                await TryWriteAsync($"label {decision.Label} on PR #{decision.PullRequest}", async () =>
                {
                    await api.RemoveLabelAsync(repository, decision.PullRequest, decision.Label, cancellationToken).ConfigureAwait(false);
                    _labelsRemoved++;
                }).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The comments of a PR (those the override collector read, else read now) that hold <paramref name="marker"/> and
    /// were written by our own identity, in id order. Our identity is asked only when some comment holds the marker.
    /// </summary>
    private async Task<List<GitHubIssueComment>> OwnCommentsAsync(RecordsRequest request, int number, string marker, CancellationToken cancellationToken)
    {
        var comments = request.KnownComments.TryGetValue(number, out var known)
            ? known
            : await api.ListIssueCommentsAsync(request.Repository, number, cancellationToken).ConfigureAwait(false);
        var marked = comments.Where(c => c.Id is not null && c.Body?.Contains(marker, StringComparison.Ordinal) == true).ToList();
        if (marked.Count == 0)
        {
            return marked;
        }

        var identity = await IdentityAsync(cancellationToken).ConfigureAwait(false);
        return [.. marked.Where(c => string.Equals(c.User?.Login, identity, StringComparison.OrdinalIgnoreCase)).OrderBy(c => c.Id)];
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
            : request.OwnCheckRuns.Where(r => IsOurs(r, content.Name)).MaxBy(r => r.Id)?.Id;
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

    /// <summary>A check run of ours (our <c>external_id</c>) named <paramref name="name"/>.</summary>
    private static bool IsOurs(GitHubCheckRun run, string name) =>
        run.Id is not null && string.Equals(run.Name, name, StringComparison.Ordinal) && string.Equals(run.ExternalId, ExternalId, StringComparison.Ordinal);

    private static bool IsCompletedAs(GitHubCheckRun run, string conclusion) =>
        string.Equals(run.Status, "completed", StringComparison.Ordinal) && string.Equals(run.Conclusion, conclusion, StringComparison.Ordinal);

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
