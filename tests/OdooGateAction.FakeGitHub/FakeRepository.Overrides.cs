namespace OdooGateAction.FakeGitHub;

/// <summary>State for the override path: label events, check suites (push time), collaborator permissions.</summary>
public sealed partial class FakeRepository
{
    private readonly List<IssueEvent> _issueEvents = [];
    private readonly List<CheckSuite> _checkSuites = [];
    private readonly Dictionary<string, (string Permission, string RoleName)> _permissions = new(StringComparer.OrdinalIgnoreCase);
    private long _nextIssueEventId = 6_000_000_001;
    private long _nextCheckSuiteId = 26_000_000_001;

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
    /// Sets <c>GET /collaborators/{user}/permission</c>: <c>permission</c> and <c>role_name</c> (by default the same; GitHub
    /// answers a maintainer with permission <c>write</c> and role_name <c>maintain</c>).
    /// </summary>
    public void SetPermission(string login, string permission, string? roleName = null)
    {
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
