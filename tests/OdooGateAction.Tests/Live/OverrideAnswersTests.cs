using NSubstitute;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.GitHub;
using OdooGateAction.GitHub.Rest;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests.Live;

/// <summary>Personas from GitHub's raw answers (<see cref="OverrideAnswers.Resolve"/>): the one place live and replay share.</summary>
public sealed class OverrideAnswersTests
{
    private static readonly DateTimeOffset Push = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The shipped gates, each file's text edited by <paramref name="edit"/>.</summary>
    internal static GateConfiguration Shipped(Func<string, string, string>? edit = null)
    {
        var sources = Directory.GetFiles(Path("gates"), "*.yaml")
            .Select(f => new ConfigSource(System.IO.Path.GetFileName(f), f, edit is null ? File.ReadAllText(f) : edit(System.IO.Path.GetFileName(f), File.ReadAllText(f))))
            .ToList();
        var result = ConfigLoader.Load(sources);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Configuration!;
    }

    /// <summary>PR #7 labelled <c>gate-override:G2</c> by <paramref name="login"/>, with a reason.</summary>
    private static OverrideFacts LabelledBy(string login) => new(
        7,
        ["gate-override:G2"],
        [new LabelEvent(101, LabelEvent.Labeled, "gate-override:G2", login, Push.AddMinutes(10))],
        [new PullRequestComment(201, login, Push.AddMinutes(11), "/gate-override G2: OPS-1 verified by hand")],
        Push,
        new Dictionary<string, IReadOnlyList<string>>(),
        false);

    private static OverrideAnswers Answers(
        string login,
        bool teamsConsulted,
        string? teamState = null,
        GitHubCollaboratorPermission? permission = null) => new(
        [LabelledBy(login)],
        new Dictionary<string, GitHubCollaboratorPermission?>(StringComparer.OrdinalIgnoreCase) { [login] = permission },
        new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.OrdinalIgnoreCase)
        {
            ["acme/odoo-release-managers"] = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [login] = teamState },
        },
        teamsConsulted);

    [Theory]
    [InlineData(true, "active", new[] { "release_manager" }, true)]
    [InlineData(true, "pending", new string[0], true)]
    [InlineData(true, null, new string[0], true)]
    [InlineData(false, "active", new string[0], false)]
    public void Resolve_TeamAnswers_CountWhenActiveAndTeamsWereConsulted(bool consulted, string? state, string[] personas, bool teamsConsulted)
    {
        var facts = Assert.Single(Answers("RM-Carol", consulted, state).Resolve(Shipped()));

        Assert.Equal(personas, facts.PersonasByLogin["rm-carol"]);
        Assert.Equal(teamsConsulted, facts.TeamsConsulted);
    }

    [Fact]
    public void Resolve_NoPersonaNamesTeams_TeamsCountAsConsultedWithoutAnOrgToken()
    {
        var withoutTeams = Shipped((name, text) => name == "personas.yaml"
            ? text.Replace("teams: [acme/odoo-release-managers]", "teams: []", StringComparison.Ordinal)
                .Replace("{ teams: [acme/odoo-developers] }", "{ users: [dev-dan] }", StringComparison.Ordinal)
                .Replace("{ teams: [acme/odoo-qa] }", "{ users: [qa-quentin] }", StringComparison.Ordinal)
                .Replace("teams: [acme/odoo-sre]", "teams: []", StringComparison.Ordinal)
            : text);

        var facts = Assert.Single(Answers("rel-mgr-alice", teamsConsulted: false).Resolve(withoutTeams));

        Assert.True(facts.TeamsConsulted);
        Assert.Equal(["release_manager"], facts.PersonasByLogin["rel-mgr-alice"]);
    }

    /// <summary>
    /// GitHub's answer as it documents it: <c>permission</c> is the legacy base role (admin, write, read, none), the role is
    /// <c>role_name</c>. Ranked by <c>role_name</c>; a custom role ranks as its base <c>permission</c>.
    /// </summary>
    [Theory]
    [InlineData("admin", "admin", RepositoryPermission.Admin)]
    [InlineData("write", "maintain", RepositoryPermission.Maintain)]
    [InlineData("write", "write", RepositoryPermission.Write)]
    [InlineData("read", "triage", RepositoryPermission.Triage)]
    [InlineData("read", "read", RepositoryPermission.Read)]
    [InlineData("write", "release-engineer", RepositoryPermission.Write)]
    [InlineData("read", "auditor", RepositoryPermission.Read)]
    [InlineData("write", null, RepositoryPermission.Write)]
    [InlineData("none", "none", null)]
    [InlineData("owner", "owner", null)]
    public void Rank_RoleNameFirst_CustomRolesByTheirBasePermission(string permission, string? roleName, RepositoryPermission? expected)
    {
        Assert.Equal(expected, PersonaAnswers.Rank(new GitHubCollaboratorPermission { Permission = permission, RoleName = roleName }));
    }

    [Fact]
    public void Rank_NotACollaborator_NoPermission()
    {
        Assert.Null(PersonaAnswers.Rank(null));
    }

    /// <summary>"This permission or higher": a maintainer (write + maintain) meets a maintain minimum, a triager (read + triage) no write minimum.</summary>
    [Theory]
    [InlineData("maintain", "write", "maintain", true)]
    [InlineData("maintain", "admin", "admin", true)]
    [InlineData("maintain", "write", "write", false)]
    [InlineData("write", "write", "maintain", true)]
    [InlineData("write", "read", "triage", false)]
    [InlineData("triage", "read", "triage", true)]
    [InlineData("triage", "read", "read", false)]
    public void Resolve_RoleAnswer_MeetsThePersonasMinimumOrHigher(string minimum, string permission, string roleName, bool releaseManager)
    {
        var config = Shipped((name, text) => name == "personas.yaml"
            ? text.Replace("github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers] }", $"github: {{ users: [rel-mgr-alice], teams: [acme/odoo-release-managers], permission: {minimum} }}", StringComparison.Ordinal)
            : text);
        var answer = new GitHubCollaboratorPermission { Permission = permission, RoleName = roleName };

        var facts = Assert.Single(Answers("qa-quentin", teamsConsulted: false, permission: answer).Resolve(config));

        Assert.Equal(releaseManager, facts.PersonasByLogin["qa-quentin"].Contains("release_manager"));
    }

    /// <summary>The minimum <c>permission</c> of a persona is matched against GitHub's answer.</summary>
    [Theory]
    [InlineData("admin", true)]
    [InlineData("write", false)]
    [InlineData("none", false)]
    [InlineData(null, false)]
    public void Resolve_PermissionAnswer_MatchesThePersonasMinimum(string? permission, bool releaseManager)
    {
        var adminsAreReleaseManagers = Shipped((name, text) => name == "personas.yaml"
            ? text.Replace("github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers] }", "github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers], permission: admin }", StringComparison.Ordinal)
            : text);
        var answer = permission is null ? null : new GitHubCollaboratorPermission { Permission = permission, RoleName = permission };

        var facts = Assert.Single(Answers("qa-quentin", teamsConsulted: false, permission: answer).Resolve(adminsAreReleaseManagers));

        Assert.Equal(releaseManager, facts.PersonasByLogin["qa-quentin"].Contains("release_manager"));
        Assert.True(PersonaAnswers.AsksPermission(adminsAreReleaseManagers));
        Assert.False(PersonaAnswers.AsksPermission(Shipped()));
    }

    [Fact]
    public void TeamsToAsk_TeamsOfPersonasThatDoNotNameTheLogin()
    {
        Assert.Equal(["acme/odoo-developers", "acme/odoo-qa", "acme/odoo-sre"], PersonaAnswers.TeamsToAsk(Shipped(), "Rel-Mgr-Alice").Order(StringComparer.Ordinal));
        Assert.Equal(4, PersonaAnswers.TeamsToAsk(Shipped(), "qa-quentin").Count());
    }

    [Fact]
    public void Resolve_NoPullRequests_NoFacts()
    {
        Assert.Empty(OverrideAnswers.Empty.Resolve(Shipped()));
    }

    /// <summary>
    /// The collector keeps GitHub's answers as it gave them (team states through the org token) and resolves its facts
    /// from them; written to a snapshot and read back, the same answers resolve to the same facts.
    /// </summary>
    [Fact]
    public async Task Collect_WithOrgToken_AnswersRecordedReplayToTheSameFacts()
    {
        var repo = new RepositoryRef("acme", "odoo-addons");
        var api = Substitute.For<IGitHubApi>();
        var org = Substitute.For<IGitHubApi>();
        api.GetPullRequestAsync(repo, 7, Arg.Any<CancellationToken>()).Returns(new GitHubPullRequest
        {
            Number = 7, Head = new GitHubCommitRef { Sha = "abc" }, Labels = [new GitHubLabel { Name = "bug" }, new GitHubLabel { Name = "gate-override:G2" }],
        });
        api.ListIssueEventsAsync(repo, 7, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<GitHubIssueEvent>>(
        [
            new() { Id = 100, Event = "labeled", Label = new GitHubLabel { Name = "bug" }, Actor = new GitHubUser { Login = "dev-dan" }, CreatedAt = Push },
            new() { Id = 101, Event = "labeled", Label = new GitHubLabel { Name = "gate-override:G2" }, Actor = new GitHubUser { Login = "rm-carol" }, CreatedAt = Push.AddMinutes(10) },
        ]));
        api.ListIssueCommentsAsync(repo, 7, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<GitHubIssueComment>>(
        [
            new() { Id = 200, Body = "LGTM", User = new GitHubUser { Login = "dev-dan" }, CreatedAt = Push.AddMinutes(5) },
            new() { Id = 201, Body = "/gate-override G2: OPS-77 verified by hand", User = new GitHubUser { Login = "rm-carol" }, CreatedAt = Push.AddMinutes(11) },
        ]));
        api.ListCheckSuitesAsync(repo, "abc", Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<GitHubCheckSuite>>(
            [new() { Id = 2, CreatedAt = Push.AddMinutes(3) }, new() { Id = 1, CreatedAt = Push }]));
        org.GetTeamMembershipStateAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<string?>(null));
        org.GetTeamMembershipStateAsync("acme", "odoo-release-managers", "rm-carol", Arg.Any<CancellationToken>()).Returns(Task.FromResult<string?>("active"));
        var config = Shipped();

        var collected = await new OverrideFactsCollector(api, org).CollectAsync(repo, [7], config, CancellationToken.None);

        var pr = Assert.Single(collected.Facts);
        Assert.Equal(["release_manager"], pr.PersonasByLogin["rm-carol"]);
        Assert.True(pr.TeamsConsulted);
        Assert.Equal(Push, pr.PushTime);
        Assert.Equal([101L], pr.LabelEvents.Select(e => e.Id)); // override labels only
        Assert.Equal([201L], pr.Comments.Select(c => c.Id)); // reason commands only
        Assert.Equal(2, collected.Comments[7].Count); // the writers still get every comment
        Assert.True(collected.Answers.TeamsConsulted);
        Assert.Equal(4, collected.Answers.TeamStates.Count);
        Assert.Equal("active", collected.Answers.TeamStates["acme/odoo-release-managers"]["rm-carol"]);
        Assert.Empty(collected.Answers.Permissions); // no persona names a permission: not asked
        await api.DidNotReceiveWithAnyArgs().GetCollaboratorPermissionAsync(default!, default!, default);

        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-").FullName, "recorded.json");
        OdooGateAction.Commands.SnapshotFile.Write(new SnapshotDocument { SchemaVersion = 1, Sha = "abc", Overrides = GitHubMapper.ToSnapshotOverrides(collected.Answers) }, path);
        var replayed = OdooGateAction.Commands.SnapshotFile.Read(path).Overrides.Resolve(config);

        Assert.Equal(Describe(collected.Facts), Describe(replayed));
    }

    private static string Describe(IReadOnlyList<OverrideFacts> facts) => string.Join("\n", facts.Select(f => string.Join("\n",
    [
        $"#{f.PullRequest} [{string.Join(", ", f.Labels)}] push {f.PushTime:O} teams consulted {f.TeamsConsulted}",
        .. f.LabelEvents.Select(e => e.ToString()),
        .. f.Comments.Select(c => c.ToString()),
        .. f.PersonasByLogin.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"),
    ])));
}
