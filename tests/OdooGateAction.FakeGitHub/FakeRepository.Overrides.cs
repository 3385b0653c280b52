namespace OdooGateAction.FakeGitHub;

/// <summary>State for the override path: label events, check suites (push time), collaborator permissions.</summary>
public sealed partial class FakeRepository
{
    private readonly List<IssueEvent> _issueEvents = [];
    private readonly List<CheckSuite> _checkSuites = [];
    private readonly Dictionary<string, (string Permission, string RoleName)> _permissions = new(StringComparer.OrdinalIgnoreCase);
    private long _nextIssueEventId = 6_000_000_001;
    private long _nextCheckSuiteId = 26_000_000_001;
    private readonly List<Review> _reviews = [];
    private long _nextReviewId = 80_000_000_001;

    /// <summary>
    /// Records a <c>labeled</c> or <c>unlabeled</c> event by <paramref name="actor"/> and applies it to the PR's labels,
    /// as GitHub does when someone adds or removes a label.
    /// </summary>
    public IssueEvent AddLabelEvent(int number, string action, string label, string actor, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (action is not ("labeled" or "unlabeled"))
        {
            throw new ArgumentException("labeled or unlabeled", nameof(action));
        }

        lock (Gate)
        {
            var pr = _pulls.GetValueOrDefault(number) ?? throw new ArgumentException($"no pull request #{number}", nameof(number));
            if (action == "labeled" && !pr.Labels.Contains(label))
            {
                pr.Labels.Add(label);
            }
            else if (action == "unlabeled")
            {
                pr.Labels.Remove(label);
            }

            var issueEvent = new IssueEvent { Id = _nextIssueEventId++, IssueNumber = number, Event = action, Label = label, Actor = actor, CreatedAt = createdAt };
            _issueEvents.Add(issueEvent);
            return issueEvent;
        }
    }

    public IReadOnlyList<IssueEvent> IssueEvents(int number)
    {
        lock (Gate)
        {
            return [.. _issueEvents.Where(e => e.IssueNumber == number).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)];
        }
    }

    /// <summary>
    /// Submits a review of PR <paramref name="number"/> by <paramref name="reviewer"/> on <paramref name="commitId"/> (default: the
    /// PR's head now), as GitHub records it: <c>submitted_at</c> is the server's time.
    /// </summary>
    public Review AddReview(int number, string reviewer, string state, DateTimeOffset submittedAt, string? commitId = null, string body = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(reviewer);
        lock (Gate)
        {
            var pr = _pulls.GetValueOrDefault(number) ?? throw new ArgumentException($"no pull request #{number}", nameof(number));
            var review = new Review
            {
                Id = _nextReviewId++, PullNumber = number, Reviewer = reviewer, State = state, Body = body,
                CommitId = commitId ?? pr.HeadSha, SubmittedAt = state == "PENDING" ? null : submittedAt,
            };
            _reviews.Add(review);
            return review;
        }
    }

    /// <summary>Dismisses a review, as GitHub does (<c>PUT /pulls/{n}/reviews/{id}/dismissals</c>): its state becomes DISMISSED.</summary>
    public void DismissReview(long id)
    {
        lock (Gate)
        {
            _reviews.Single(r => r.Id == id).State = "DISMISSED";
        }
    }

    internal IReadOnlyList<Review> ReviewsUnlocked => _reviews;

    /// <summary>Adds a check suite of a commit; GitHub sets <c>created_at</c> when the push arrives.</summary>
    public CheckSuite AddCheckSuite(string sha, DateTimeOffset createdAt, string app = "github-actions")
    {
        lock (Gate)
        {
            var suite = new CheckSuite { Id = _nextCheckSuiteId++, HeadSha = sha, CreatedAt = createdAt, AppSlug = app };
            _checkSuites.Add(suite);
            return suite;
        }
    }

    /// <summary>
    /// Gives <paramref name="login"/> a repository role, answered by <c>GET /collaborators/{user}/permission</c> as GitHub
    /// documents it: <c>role_name</c> is the role, <c>permission</c> its legacy base role (admin, write, read, none), so a
    /// maintainer is <c>write</c> and a triager <c>read</c>. A custom role (any other name) needs its base role in
    /// <paramref name="basePermission"/>.
    /// </summary>
    public void SetRole(string login, string role, string? basePermission = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        var legacy = role switch
        {
            "admin" => "admin",
            "maintain" or "write" => "write",
            "triage" or "read" => "read",
            _ => basePermission ?? throw new ArgumentException($"the custom role '{role}' needs its base permission (admin, write or read)", nameof(basePermission)),
        };
        SetPermission(login, legacy, role);
    }

    /// <summary>
    /// Sets <c>GET /collaborators/{user}/permission</c> as it is on the wire: <paramref name="permission"/> is GitHub's legacy
    /// field and only ever admin, write, read or none (GitHub never answers maintain or triage there: see
    /// <see cref="SetRole"/>); <paramref name="roleName"/> defaults to the same word. A built-in role name must come with
    /// the permission GitHub maps it to.
    /// </summary>
    public void SetPermission(string login, string permission, string? roleName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(login);
        if (permission is not ("admin" or "write" or "read" or "none"))
        {
            throw new ArgumentException($"GitHub's permission field is admin, write, read or none, never '{permission}' (use SetRole for maintain and triage)", nameof(permission));
        }

        var mapped = roleName switch
        {
            null => permission,
            "maintain" => "write",
            "triage" => "read",
            "admin" or "write" or "read" or "none" => roleName,
            _ => permission, // a custom role: any base
        };
        if (mapped != permission)
        {
            throw new ArgumentException($"GitHub answers the role '{roleName}' with the permission '{mapped}', not '{permission}'", nameof(roleName));
        }

        lock (Gate)
        {
            _permissions[login] = (permission, roleName ?? permission);
        }
    }

    internal IEnumerable<IssueEvent> IssueEventsUnlocked => _issueEvents;

    internal IEnumerable<CheckSuite> CheckSuitesUnlocked => _checkSuites;

    internal (string Permission, string RoleName) PermissionUnlocked(string login) => _permissions.GetValueOrDefault(login, ("none", "none"));

    internal IssueEvent RecordUnlabelUnlocked(int number, string label, string actor, DateTimeOffset at)
    {
        var issueEvent = new IssueEvent { Id = _nextIssueEventId++, IssueNumber = number, Event = "unlabeled", Label = label, Actor = actor, CreatedAt = at };
        _issueEvents.Add(issueEvent);
        return issueEvent;
    }
}
