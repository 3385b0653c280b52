namespace OdooGateAction.FakeGitHub;

/// <summary>
/// The state of one repository on the fake server: what the test sets up, and what the code under test wrote.
/// All methods are thread-safe and may be called while the server answers requests ("pending, then completes").
/// </summary>
public sealed partial class FakeRepository
{
    /// <summary>
    /// Default time base: a check run added without <c>startedAt</c> starts at <c>BaseTime + n s</c>, where n is its
    /// place in the id sequence (1 for the first auto id; the id itself for a small explicit id). Statuses and
    /// comments without a time are created the same way.
    /// </summary>
    public static readonly DateTimeOffset BaseTime = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    internal static readonly string[] CheckRunStatuses = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
    internal static readonly string[] Conclusions = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
    internal static readonly string[] StatusStates = ["error", "failure", "pending", "success"];

    private readonly FakeGitHubServer _server;
    private readonly List<CheckRun> _checkRuns = [];
    private readonly List<CommitStatus> _statuses = [];
    private readonly SortedDictionary<int, PullRequest> _pulls = [];
    private readonly List<Comment> _comments = [];
    private readonly HashSet<int> _issues = [];
    private readonly Dictionary<string, List<int>> _commitPulls = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Sha, string App), long> _suites = [];

    internal FakeRepository(FakeGitHubServer server, string owner, string name, long id)
    {
        _server = server;
        Owner = owner;
        Name = name;
        Id = id;
    }

    public string Owner { get; }
    public string Name { get; }
    public string FullName => Owner + "/" + Name;

    /// <summary>The repository id (also reachable as <c>/repositories/{id}/...</c>, the form GitHub uses in <c>Link</c> headers).</summary>
    public long Id { get; }

    internal Lock Gate { get; } = new();

    /// <summary>Runs <paramref name="mutation"/> under the repository lock: use it to change stored objects while requests are in flight.</summary>
    public void Mutate(Action mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        lock (Gate)
        {
            mutation();
        }
    }

    // ---- check runs ------------------------------------------------------------------------------------------

    /// <summary>
    /// Adds a check run. Ids auto-increment from 40,000,000,001 (real ids exceed 32 bits). A status other than
    /// <c>completed</c> ignores <paramref name="conclusion"/>. <paramref name="app"/> is the app slug; the app id is
    /// GitHub's real one for <c>github-actions</c> (15368), otherwise a stable hash of the slug. The check suite
    /// defaults to one suite per (sha, app), as on GitHub.
    /// </summary>
    public CheckRun AddCheckRun(
        string sha,
        string name,
        string status = "completed",
        string? conclusion = "success",
        DateTimeOffset? startedAt = null,
        string app = "github-actions",
        long? id = null,
        long? checkSuiteId = null,
        DateTimeOffset? completedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(app);
        RequireOneOf(status, CheckRunStatuses, nameof(status));
        if (status == "completed")
        {
            ArgumentException.ThrowIfNullOrEmpty(conclusion);
            RequireOneOf(conclusion, Conclusions, nameof(conclusion));
        }

        lock (Gate)
        {
            var runId = _server.NextId(IdKind.CheckRun, id, i => _server.FindCheckRun(i) is not null);
            var started = startedAt ?? BaseTime.AddSeconds(FakeGitHubServer.Ordinal(IdKind.CheckRun, runId));
            var run = new CheckRun
            {
                Id = runId,
                HeadSha = sha,
                Name = name,
                Status = status,
                Conclusion = status == "completed" ? conclusion : null,
                StartedAt = started,
                CompletedAt = status == "completed" ? completedAt ?? started.AddSeconds(30) : null,
                AppSlug = app,
                AppId = GitHubJson.AppId(app),
                CheckSuiteId = checkSuiteId ?? SuiteFor(sha, app),
            };
            _checkRuns.Add(run);
            _server.Index(run, this);
            return run;
        }
    }

    /// <summary>Changes status and conclusion (conclusion is ignored unless completed; completing sets <c>completed_at</c>).</summary>
    public CheckRun UpdateCheckRun(long id, string status, string? conclusion, DateTimeOffset? completedAt = null)
    {
        RequireOneOf(status, CheckRunStatuses, nameof(status));
        if (status == "completed")
        {
            ArgumentException.ThrowIfNullOrEmpty(conclusion);
            RequireOneOf(conclusion, Conclusions, nameof(conclusion));
        }

        lock (Gate)
        {
            var run = _checkRuns.Find(r => r.Id == id) ?? throw new ArgumentException($"no check run {id} in {FullName}", nameof(id));
            run.Status = status;
            run.Conclusion = status == "completed" ? conclusion : null;
            run.CompletedAt = status == "completed" ? completedAt ?? _server.Clock.GetUtcNow() : null;
            return run;
        }
    }

    /// <summary>The check runs of a commit (set up or created through the API), in id order.</summary>
    public IReadOnlyList<CheckRun> CheckRuns(string sha)
    {
        lock (Gate)
        {
            return [.. _checkRuns.Where(r => string.Equals(r.HeadSha, sha, StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.Id)];
        }
    }

    /// <summary>Every check run of the repository, in id order.</summary>
    public IReadOnlyList<CheckRun> AllCheckRuns()
    {
        lock (Gate)
        {
            return [.. _checkRuns.OrderBy(r => r.Id)];
        }
    }

    // ---- statuses --------------------------------------------------------------------------------------------

    /// <summary>Adds a commit status (ids auto-increment from 30,000,000,001). <paramref name="createdAt"/> defaults to <c>BaseTime + (id mod 10^9) s</c>.</summary>
    public CommitStatus AddStatus(
        string sha,
        string context,
        string state,
        DateTimeOffset? createdAt = null,
        string creator = "github-actions[bot]",
        long? id = null,
        Uri? targetUrl = null,
        string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha);
        ArgumentException.ThrowIfNullOrEmpty(context);
        ArgumentException.ThrowIfNullOrEmpty(creator);
        RequireOneOf(state, StatusStates, nameof(state));
        lock (Gate)
        {
            var statusId = _server.NextId(IdKind.Status, id, i => _statuses.Exists(s => s.Id == i));
            var created = createdAt ?? BaseTime.AddSeconds(FakeGitHubServer.Ordinal(IdKind.Status, statusId));
            var status = new CommitStatus
            {
                Id = statusId,
                Sha = sha,
                Context = context,
                State = state,
                Description = description,
                TargetUrl = targetUrl?.ToString(),
                CreatedAt = created,
                UpdatedAt = created,
                Creator = creator,
            };
            _statuses.Add(status);
            return status;
        }
    }

    /// <summary>The statuses of a commit, newest first (GitHub's order).</summary>
    public IReadOnlyList<CommitStatus> Statuses(string sha)
    {
        lock (Gate)
        {
            return [.. _statuses
                .Where(s => string.Equals(s.Sha, sha, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(s => s.CreatedAt)
                .ThenByDescending(s => s.Id)];
        }
    }

    // ---- pull requests ---------------------------------------------------------------------------------------

    /// <summary>Adds an open pull request (head ref <c>feature-{number}</c>, base <c>main</c>, author <c>octocat</c>).</summary>
    public PullRequest AddPullRequest(int number, string headSha, params string[] labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentException.ThrowIfNullOrEmpty(headSha);
        ArgumentNullException.ThrowIfNull(labels);
        lock (Gate)
        {
            if (_pulls.ContainsKey(number) || _issues.Contains(number))
            {
                throw new ArgumentException($"#{number} already exists in {FullName}", nameof(number));
            }

            var pr = new PullRequest
            {
                Number = number,
                Id = _server.NextId(IdKind.PullRequest, null, _ => false),
                HeadSha = headSha,
                HeadRef = $"feature-{number}",
                Title = $"Pull request {number}",
                CreatedAt = BaseTime,
                UpdatedAt = BaseTime,
            };
            foreach (var label in labels)
            {
                pr.Labels.Add(label);
            }

            _pulls.Add(number, pr);
            return pr;
        }
    }

    public PullRequest? GetPullRequest(int number)
    {
        lock (Gate)
        {
            return _pulls.GetValueOrDefault(number);
        }
    }

    public void AddLabel(int number, string label)
    {
        lock (Gate)
        {
            var pr = _pulls.GetValueOrDefault(number) ?? throw new ArgumentException($"no pull request #{number}", nameof(number));
            if (!pr.Labels.Contains(label))
            {
                pr.Labels.Add(label);
            }
        }
    }

    public void RemoveLabel(int number, string label)
    {
        lock (Gate)
        {
            var pr = _pulls.GetValueOrDefault(number) ?? throw new ArgumentException($"no pull request #{number}", nameof(number));
            pr.Labels.Remove(label);
        }
    }

    /// <summary>
    /// Makes <c>GET /commits/{sha}/pulls</c> list these pull requests (in addition to the open pull requests whose
    /// head is <paramref name="sha"/>, which it lists anyway, as GitHub does).
    /// </summary>
    public void LinkCommitToPullRequests(string sha, params int[] numbers)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha);
        ArgumentNullException.ThrowIfNull(numbers);
        lock (Gate)
        {
            if (!_commitPulls.TryGetValue(sha, out var list))
            {
                _commitPulls[sha] = list = [];
            }

            list.AddRange(numbers.Where(n => !list.Contains(n)));
        }
    }

    // ---- issues and comments ---------------------------------------------------------------------------------

    /// <summary>Makes issue #<paramref name="number"/> exist (pull requests and issues with comments exist already).</summary>
    public void AddIssue(int number)
    {
        lock (Gate)
        {
            _issues.Add(number);
        }
    }

    /// <summary>Adds a comment (ids auto-increment from 2,500,000,001); the issue is created if needed.</summary>
    public Comment AddComment(
        int issueNumber,
        string body,
        string login,
        DateTimeOffset? createdAt = null,
        long? id = null,
        string? authorAssociation = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(login);
        lock (Gate)
        {
            var commentId = _server.NextId(IdKind.Comment, id, i => _server.FindComment(i) is not null);
            var created = createdAt ?? BaseTime.AddSeconds(FakeGitHubServer.Ordinal(IdKind.Comment, commentId));
            if (!_pulls.ContainsKey(issueNumber))
            {
                _issues.Add(issueNumber);
            }

            var comment = new Comment
            {
                Id = commentId,
                IssueNumber = issueNumber,
                Body = body,
                Login = login,
                CreatedAt = created,
                UpdatedAt = created,
                AuthorAssociation = authorAssociation,
            };
            _comments.Add(comment);
            _server.Index(comment, this);
            return comment;
        }
    }

    /// <summary>The comments on an issue or pull request, oldest first (GitHub's order).</summary>
    public IReadOnlyList<Comment> Comments(int issueNumber)
    {
        lock (Gate)
        {
            return [.. _comments.Where(c => c.IssueNumber == issueNumber).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)];
        }
    }

    // ---- used by the server (callers hold Gate) --------------------------------------------------------------

    internal IEnumerable<CheckRun> CheckRunsUnlocked => _checkRuns;

    internal IEnumerable<CommitStatus> StatusesUnlocked => _statuses;

    internal IEnumerable<Comment> CommentsUnlocked => _comments;

    internal bool IssueExists(int number) => _pulls.ContainsKey(number) || _issues.Contains(number);

    internal bool PullExists(int number) => _pulls.ContainsKey(number);

    internal bool IsPullRequest(int number) => _pulls.ContainsKey(number);

    internal PullRequest? PullUnlocked(int number) => _pulls.GetValueOrDefault(number);

    internal IEnumerable<PullRequest> PullsForCommit(string sha)
    {
        var linked = _commitPulls.TryGetValue(sha, out var numbers) ? numbers : [];
        var heads = _pulls.Values
            .Where(p => p.State == "open" && string.Equals(p.HeadSha, sha, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Number);
        return linked.Concat(heads).Distinct().Where(_pulls.ContainsKey).Select(n => _pulls[n]);
    }

    /// <summary>The same-repository open pull requests whose head is the sha: what a check run's <c>pull_requests</c> lists.</summary>
    internal IEnumerable<PullRequest> PullsWithHead(string sha) => _pulls.Values.Where(p =>
        p.State == "open"
        && string.Equals(p.HeadSha, sha, StringComparison.OrdinalIgnoreCase)
        && (p.HeadRepositoryFullName is null || string.Equals(p.HeadRepositoryFullName, FullName, StringComparison.OrdinalIgnoreCase)));

    internal CheckRun CreateCheckRunUnlocked(CheckRun run, string app)
    {
        run.Id = _server.NextId(IdKind.CheckRun, null, _ => false);
        run.AppSlug = app;
        run.AppId = GitHubJson.AppId(app);
        run.CheckSuiteId = SuiteFor(run.HeadSha, app);
        run.CreatedViaApi = true;
        _checkRuns.Add(run);
        _server.Index(run, this);
        return run;
    }

    internal Comment CreateCommentUnlocked(int issueNumber, string body, string login, DateTimeOffset now)
    {
        var comment = new Comment
        {
            Id = _server.NextId(IdKind.Comment, null, _ => false),
            IssueNumber = issueNumber,
            Body = body,
            Login = login,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedViaApi = true,
        };
        _comments.Add(comment);
        _server.Index(comment, this);
        return comment;
    }

    private long SuiteFor(string sha, string app)
    {
        var key = (sha.ToUpperInvariant(), app.ToUpperInvariant());
        if (!_suites.TryGetValue(key, out var suite))
        {
            _suites[key] = suite = _server.NextId(IdKind.CheckSuite, null, _ => false);
        }

        return suite;
    }

    private static void RequireOneOf(string? value, string[] allowed, string parameter)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{value}' is not one of GitHub's values: {string.Join(", ", allowed)}", parameter);
        }
    }
}
