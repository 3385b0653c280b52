using System.Globalization;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.GitHub;

/// <summary>Maps GitHub's shapes to the Core's evidence records and the override answers (and back), naming each missing field.</summary>
public static class GitHubMapper
{
    private static readonly HashSet<string> RunStatuses = new(StringComparer.Ordinal)
    {
        "queued", "in_progress", "completed", "waiting", "requested", "pending",
    };

    private static readonly HashSet<string> StatusStates = new(StringComparer.Ordinal) { "error", "failure", "pending", "success" };

    private static readonly HashSet<string> LabelActions = new(StringComparer.Ordinal) { LabelEvent.Labeled, LabelEvent.Unlabeled };

    private static readonly HashSet<string> Permissions = new(StringComparer.Ordinal) { "admin", "maintain", "write", "triage", "read", "none" };

    private static readonly HashSet<string> ReviewStates = new(PullRequestReview.States, StringComparer.Ordinal);

    private static readonly HashSet<string> MembershipStates = new(StringComparer.Ordinal) { "active", "pending" };

    public static List<CheckRunResult> ToCheckRuns(IReadOnlyList<GitHubCheckRun> runs, string path, List<string> errors) =>
        MapEach(runs, path, errors, (run, at) =>
            Require(run.Id, $"{at}.id", errors) & Require(run.Name, $"{at}.name", errors) & Require(run.Status, $"{at}.status", errors)
            & OneOf(run.Status, RunStatuses, $"{at}.status", errors)
                ? new CheckRunResult(run.Id!.Value, run.Name!, run.App?.Slug, run.Status!, run.Conclusion, run.StartedAt, run.CompletedAt, run.HtmlUrl ?? run.DetailsUrl)
                : null);

    public static List<CommitStatusResult> ToStatuses(IReadOnlyList<GitHubCommitStatus> statuses, string path, List<string> errors) =>
        MapEach(statuses, path, errors, (status, at) =>
            Require(status.Id, $"{at}.id", errors) & Require(status.Context, $"{at}.context", errors)
            & Require(status.State, $"{at}.state", errors) & Require(status.CreatedAt, $"{at}.created_at", errors)
            & OneOf(status.State, StatusStates, $"{at}.state", errors)
                ? new CommitStatusResult(status.Id!.Value, status.Context!, status.State!, status.CreatedAt!.Value, status.UpdatedAt,
                    status.TargetUrl, status.Description, status.Creator?.Login)
                : null);

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

    /// <summary>The <c>overrides</c> of a snapshot as <see cref="OverrideAnswers"/>; <see cref="OverrideAnswers.Empty"/> when absent.</summary>
    public static OverrideAnswers ToOverrideAnswers(SnapshotOverrides? overrides, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (overrides is null)
        {
            return OverrideAnswers.Empty;
        }

        var pullRequests = ByPullRequest(overrides.PullRequests, path, errors, (number, pr, at) =>
            new OverrideFacts(number, ToLabels(pr.Labels ?? [], $"{at}.labels", errors), ToLabelEvents(pr.LabelEvents ?? [], $"{at}.label_events", errors),
                ToComments(pr.Comments ?? [], $"{at}.comments", errors), pr.PushTime, new Dictionary<string, IReadOnlyList<string>>(), false));

        var people = ToPersonaAnswers(overrides.CollaboratorPermissions, overrides.TeamMemberships, overrides.TeamsConsulted, path, errors);
        return new OverrideAnswers(pullRequests, people.Permissions, people.TeamStates, people.TeamsConsulted);
    }

    /// <summary>
    /// A snapshot's answers about people (<c>collaborator_permissions</c>, <c>team_memberships</c>, <c>teams_consulted</c>
    /// of its <c>overrides</c> or <c>reviews</c>) as <see cref="PersonaAnswers"/>.
    /// </summary>
    public static PersonaAnswers ToPersonaAnswers(
        Dictionary<string, GitHubCollaboratorPermission?>? collaboratorPermissions,
        Dictionary<string, Dictionary<string, string?>>? teamMemberships,
        bool? teamsConsulted,
        string path,
        List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var permissions = new Dictionary<string, GitHubCollaboratorPermission?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (login, answer) in collaboratorPermissions ?? [])
        {
            var at = $"{path}.collaborator_permissions.{login}";
            if (Login(login, $"{path}.collaborator_permissions", permissions, errors)
                && (answer is null || (Require(answer.Permission, $"{at}.permission", errors) && OneOf(answer.Permission, Permissions, $"{at}.permission", errors))))
            {
                permissions[login] = answer;
            }
        }

        var teams = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (team, members) in teamMemberships ?? [])
        {
            var at = $"{path}.team_memberships.{team}";
            var slash = team.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == team.Length - 1 || team.IndexOf('/', slash + 1) >= 0 || teams.ContainsKey(team))
            {
                errors.Add($"{path}.team_memberships has the key '{team}': a team is org/slug, once");
                continue;
            }

            if (members is null)
            {
                errors.Add($"{at} is null");
                continue;
            }

            var states = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (login, state) in members)
            {
                if (Login(login, at, states, errors) && (state is null || OneOf(state, MembershipStates, $"{at}.{login}", errors)))
                {
                    states[login] = state;
                }
            }

            teams[team] = states;
        }

        return new PersonaAnswers(permissions, teams, teamsConsulted ?? false);
    }

    /// <summary>The <c>overrides</c> of a snapshot, in GitHub's shapes, sorted; null when no pull request was read.</summary>
    public static SnapshotOverrides? ToSnapshotOverrides(OverrideAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.PullRequests.Count == 0)
        {
            return null;
        }

        return new SnapshotOverrides
        {
            TeamsConsulted = answers.TeamsConsulted,
            PullRequests = answers.PullRequests.OrderBy(p => p.PullRequest).ToDictionary(
                p => p.PullRequest.ToString(CultureInfo.InvariantCulture),
                p => new SnapshotPullRequestOverrides
                {
                    Labels = [.. p.Labels.Select(l => new GitHubLabel { Name = l })],
                    PushTime = p.PushTime,
                    LabelEvents = [.. p.LabelEvents.Select(e => new GitHubIssueEvent
                    {
                        Id = e.Id, Event = e.Action, Actor = new GitHubUser { Login = e.Actor }, CreatedAt = e.CreatedAt, Label = new GitHubLabel { Name = e.Label },
                    })],
                    Comments = [.. p.Comments.Select(c => new GitHubIssueComment { Id = c.Id, User = new GitHubUser { Login = c.Author }, CreatedAt = c.CreatedAt, Body = c.Body })],
                }),
            CollaboratorPermissions = SnapshotPermissions(answers.People),
            TeamMemberships = SnapshotTeamMemberships(answers.People),
        };
    }

    /// <summary>A snapshot's <c>collaborator_permissions</c>, sorted; null when nobody was asked.</summary>
    public static Dictionary<string, GitHubCollaboratorPermission?>? SnapshotPermissions(PersonaAnswers people)
    {
        ArgumentNullException.ThrowIfNull(people);
        return people.Permissions.Count == 0
            ? null
            : people.Permissions.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>A snapshot's <c>team_memberships</c>, sorted; null when no membership was asked.</summary>
    public static Dictionary<string, Dictionary<string, string?>>? SnapshotTeamMemberships(PersonaAnswers people)
    {
        ArgumentNullException.ThrowIfNull(people);
        return people.TeamStates.Count == 0
            ? null
            : people.TeamStates.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(
                t => t.Key,
                t => t.Value.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(m => m.Key, m => m.Value));
    }

    /// <summary>GitHub's reviews as the Core's; a review whose user is gone (null) is GitHub's <c>ghost</c>, who holds no persona.</summary>
    public static List<PullRequestReview> ToReviews(IReadOnlyList<GitHubPullRequestReview> reviews, string path, List<string> errors) =>
        MapEach(reviews, path, errors, (r, at) =>
            Require(r.Id, $"{at}.id", errors) & Require(r.State, $"{at}.state", errors) & OneOf(r.State, ReviewStates, $"{at}.state", errors)
                ? new PullRequestReview(r.Id!.Value, r.User?.Login ?? "ghost", r.State!, r.SubmittedAt, r.CommitId, r.HtmlUrl)
                : null);

    /// <summary>The <c>reviews</c> of a snapshot as <see cref="ReviewAnswers"/>; <see cref="ReviewAnswers.Empty"/> when absent.</summary>
    public static ReviewAnswers ToReviewAnswers(SnapshotReviews? reviews, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (reviews is null)
        {
            return ReviewAnswers.Empty;
        }

        var pullRequests = ByPullRequest(reviews.PullRequests, path, errors, (number, pr, at) =>
            new PullRequestReviews(number, pr.Author, pr.HeadSha, pr.PushTime, ToReviews(pr.Reviews ?? [], $"{at}.reviews", errors)));

        var people = ToPersonaAnswers(reviews.CollaboratorPermissions, reviews.TeamMemberships, reviews.TeamsConsulted, path, errors);
        return new ReviewAnswers(pullRequests, people);
    }

    /// <summary>The <c>reviews</c> of a snapshot, in GitHub's shapes, sorted; null when no reviews were read.</summary>
    public static SnapshotReviews? ToSnapshotReviews(ReviewAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.PullRequests.Count == 0)
        {
            return null;
        }

        return new SnapshotReviews
        {
            TeamsConsulted = answers.People.TeamsConsulted,
            PullRequests = answers.PullRequests.OrderBy(p => p.PullRequest).ToDictionary(
                p => p.PullRequest.ToString(CultureInfo.InvariantCulture),
                p => new SnapshotPullRequestReviews
                {
                    Author = p.Author,
                    HeadSha = p.HeadSha,
                    PushTime = p.PushTime,
                    Reviews = [.. p.Reviews.Select(r => new GitHubPullRequestReview
                    {
                        Id = r.Id, User = new GitHubUser { Login = r.Reviewer }, State = r.State, SubmittedAt = r.SubmittedAt, CommitId = r.CommitId, HtmlUrl = r.Url,
                    })],
                }),
            CollaboratorPermissions = SnapshotPermissions(answers.People),
            TeamMemberships = SnapshotTeamMemberships(answers.People),
        };
    }

    private static List<string> ToLabels(List<GitHubLabel> labels, string path, List<string> errors) =>
        MapEach(labels, path, errors, (label, at) => Require(label.Name, $"{at}.name", errors) ? label.Name : null);

    private static List<LabelEvent> ToLabelEvents(List<GitHubIssueEvent> events, string path, List<string> errors) =>
        MapEach(events, path, errors, (e, at) =>
            Require(e.Id, $"{at}.id", errors) & Require(e.Event, $"{at}.event", errors) & Require(e.Label?.Name, $"{at}.label.name", errors)
            & Require(e.CreatedAt, $"{at}.created_at", errors) & OneOf(e.Event, LabelActions, $"{at}.event", errors)
                ? new LabelEvent(e.Id!.Value, e.Event!, e.Label!.Name!, e.Actor?.Login ?? "ghost", e.CreatedAt!.Value)
                : null);

    private static List<PullRequestComment> ToComments(List<GitHubIssueComment> comments, string path, List<string> errors) =>
        MapEach(comments, path, errors, (c, at) =>
            Require(c.Id, $"{at}.id", errors) & Require(c.User?.Login, $"{at}.user.login", errors)
            & Require(c.CreatedAt, $"{at}.created_at", errors) & Require(c.Body, $"{at}.body", errors)
                ? new PullRequestComment(c.Id!.Value, c.User!.Login!, c.CreatedAt!.Value, c.Body!)
                : null);

    /// <summary>Maps a snapshot's <c>pull_requests</c> object (keyed by PR number as text), naming <c>path.pull_requests.N</c>.</summary>
    private static List<TOut> ByPullRequest<TIn, TOut>(Dictionary<string, TIn>? pullRequests, string path, List<string> errors, Func<int, TIn, string, TOut> map)
    {
        var result = new List<TOut>();
        foreach (var (key, pr) in pullRequests ?? [])
        {
            var at = $"{path}.pull_requests.{key}";
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                errors.Add($"{path}.pull_requests has the key '{key}', which is not a pull request number");
            }
            else if (pr is null)
            {
                errors.Add($"{at} is null");
            }
            else
            {
                result.Add(map(number, pr, at));
            }
        }

        return result;
    }

    /// <summary>Maps each item of a list, naming it <c>path[i]</c>; a null item, or one <paramref name="map"/> refuses (null), is left out.</summary>
    private static List<TOut> MapEach<TIn, TOut>(IReadOnlyList<TIn> items, string path, List<string> errors, Func<TIn, string, TOut?> map)
        where TOut : class
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<TOut>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (items[i] is null)
            {
                errors.Add($"{at} is null");
            }
            else if (map(items[i], at) is { } mapped)
            {
                result.Add(mapped);
            }
        }

        return result;
    }

    /// <summary>A login as a key: not empty, and not twice (logins ignore case).</summary>
    private static bool Login<T>(string login, string path, Dictionary<string, T> seen, List<string> errors)
    {
        if (login.Length == 0 || seen.ContainsKey(login))
        {
            errors.Add($"{path} has the key '{login}': a login, once (logins ignore case)");
            return false;
        }

        return true;
    }

    private static bool OneOf(string? value, HashSet<string> allowed, string field, List<string> errors)
    {
        if (value is not null && !allowed.Contains(value))
        {
            errors.Add($"{field} is '{value}'; allowed: {string.Join(", ", allowed)}");
            return false;
        }

        return true;
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
