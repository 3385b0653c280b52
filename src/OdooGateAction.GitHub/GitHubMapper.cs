using System.Globalization;
using OdooGateAction.Core.Evidence;

namespace OdooGateAction.GitHub;

/// <summary>Maps GitHub's shapes to the Core's evidence records, naming each missing field.</summary>
public static class GitHubMapper
{
    private static readonly HashSet<string> RunStatuses = new(StringComparer.Ordinal)
    {
        "queued", "in_progress", "completed", "waiting", "requested", "pending",
    };

    private static readonly HashSet<string> StatusStates = new(StringComparer.Ordinal) { "error", "failure", "pending", "success" };

    public static List<CheckRunResult> ToCheckRuns(IReadOnlyList<GitHubCheckRun> runs, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<CheckRunResult>(runs.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (run is null)
            {
                errors.Add($"{at} is null");
                continue;
            }

            var ok = Require(run.Id, $"{at}.id", errors) & Require(run.Name, $"{at}.name", errors) & Require(run.Status, $"{at}.status", errors);
            if (run.Status is not null && !RunStatuses.Contains(run.Status))
            {
                errors.Add($"{at}.status is '{run.Status}'; allowed: {string.Join(", ", RunStatuses)}");
                ok = false;
            }

            if (ok)
            {
                result.Add(new CheckRunResult(run.Id!.Value, run.Name!, run.App?.Slug, run.Status!, run.Conclusion, run.StartedAt, run.CompletedAt, run.HtmlUrl ?? run.DetailsUrl));
            }
        }

        return result;
    }

    public static List<CommitStatusResult> ToStatuses(IReadOnlyList<GitHubCommitStatus> statuses, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<CommitStatusResult>(statuses.Count);
        for (var i = 0; i < statuses.Count; i++)
        {
            var status = statuses[i];
            var at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (status is null)
            {
                errors.Add($"{at} is null");
                continue;
            }

            var ok = Require(status.Id, $"{at}.id", errors) & Require(status.Context, $"{at}.context", errors)
                & Require(status.State, $"{at}.state", errors) & Require(status.CreatedAt, $"{at}.created_at", errors);
            if (status.State is not null && !StatusStates.Contains(status.State))
            {
                errors.Add($"{at}.state is '{status.State}'; allowed: {string.Join(", ", StatusStates)}");
                ok = false;
            }

            if (ok)
            {
                result.Add(new CommitStatusResult(status.Id!.Value, status.Context!, status.State!, status.CreatedAt!.Value, status.UpdatedAt,
                    status.TargetUrl, status.Description, status.Creator?.Login));
            }
        }

        return result;
    }

    public static PullRequestInfo? ToPullRequest(GitHubPullRequest pullRequest, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        ArgumentNullException.ThrowIfNull(errors);
        if (!Require(pullRequest.Number, $"{path}.number", errors))
        {
            return null;
        }

        return new PullRequestInfo(pullRequest.Number!.Value)
        {
            Title = pullRequest.Title,
            Author = pullRequest.User?.Login,
            Labels = (pullRequest.Labels ?? []).Select(l => l?.Name).OfType<string>().ToList(),
        };
    }

    private static bool Require<T>(T? value, string field, List<string> errors)
    {
        if (value is null || (value is string s && s.Length == 0))
        {
            errors.Add($"{field} is required");
            return false;
        }

        return true;
    }
}
