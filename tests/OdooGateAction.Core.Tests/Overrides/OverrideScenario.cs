using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Tests.Configuration;

namespace OdooGateAction.Core.Tests.Overrides;

/// <summary>
/// Facts for override tests, built in code against the shipped configuration (<c>Fixtures/valid/</c>, a copy of
/// <c>gates/</c>). Times are minutes relative to the push of the head commit.
/// </summary>
internal static class OverrideScenario
{
    /// <summary>The push of the head commit: a Wednesday, outside the production freeze.</summary>
    public static readonly DateTimeOffset Push = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    /// <summary>One hour after the push: the default "now".</summary>
    public static readonly DateTimeOffset Now = Push.AddHours(1);

    public static GateConfiguration Shipped { get; } = Load();

    /// <summary>Who is in which team (org/slug), as the org-token would tell.</summary>
    private static readonly Dictionary<string, string[]> TeamsOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["qa-carol"] = ["acme/odoo-qa"],
        ["dev-dan"] = ["acme/odoo-developers"],
        ["rm-erin"] = ["acme/odoo-release-managers"],
        ["sre-frank"] = ["acme/odoo-sre"],
    };

    public static GateConfiguration Load(params string[] edits)
    {
        var result = ValidConfig.LoadWith(edits);
        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        return result.Configuration!;
    }

    public static LabelEvent Labeled(long id, string actor, int minute, string label = "gate-override:G2") =>
        new(id, LabelEvent.Labeled, label, actor, Push.AddMinutes(minute));

    public static LabelEvent Unlabeled(long id, string actor, int minute, string label = "gate-override:G2") =>
        new(id, LabelEvent.Unlabeled, label, actor, Push.AddMinutes(minute));

    public static PullRequestComment Comment(long id, string author, int minute, string body) =>
        new(id, author, Push.AddMinutes(minute), body);

    public static PullRequestComment Reason(long id, string author, int minute, string gate = "G2", string reason = "upgrade test flaky on the runner, see OPS-412") =>
        Comment(id, author, minute, $"/gate-override {gate}: {reason}");

    /// <summary>
    /// A pull request's facts; the personas of every login involved are resolved with <see cref="PersonaResolver"/>
    /// (teams only when <paramref name="teams"/>; permissions from <paramref name="permissions"/>).
    /// </summary>
    public static OverrideFacts Facts(
        string[] labels,
        LabelEvent[] events,
        PullRequestComment[] comments,
        DateTimeOffset? push = null,
        bool pushUnknown = false,
        bool teams = true,
        GateConfiguration? config = null,
        int pullRequest = 1347,
        Dictionary<string, RepositoryPermission>? permissions = null)
    {
        config ??= Shipped;
        var unresolved = new OverrideFacts(pullRequest, labels, events, comments, pushUnknown ? null : push ?? Push,
            new Dictionary<string, IReadOnlyList<string>>(), teams);
        var personas = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var login in OverrideRules.RelevantLogins(config, [unresolved]))
        {
            IReadOnlySet<string>? teamsOfUser = teams ? new HashSet<string>(TeamsOf.GetValueOrDefault(login, []), StringComparer.OrdinalIgnoreCase) : null;
            RepositoryPermission? permission = permissions is not null && permissions.TryGetValue(login, out var p) ? p : null;
            personas[login] = PersonaResolver.Resolve(config, login, teamsOfUser, permission);
        }

        return unresolved with { PersonasByLogin = personas };
    }

    /// <summary>The common case: rel-mgr-alice labels G2 ten minutes after the push and states a reason.</summary>
    public static OverrideFacts AliceOverridesG2(int pullRequest = 1347) =>
        Facts(["bug", "gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12)], pullRequest: pullRequest);
}
