using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.GitHub;
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

    /// <summary>The minimum <c>permission</c> of a persona is matched against GitHub's <c>permission</c> field.</summary>
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
        Assert.True(OverrideAnswers.AsksPermission(adminsAreReleaseManagers));
        Assert.False(OverrideAnswers.AsksPermission(Shipped()));
    }

    [Fact]
    public void TeamsToAsk_TeamsOfPersonasThatDoNotNameTheLogin()
    {
        Assert.Equal(["acme/odoo-developers", "acme/odoo-qa", "acme/odoo-sre"], OverrideAnswers.TeamsToAsk(Shipped(), "Rel-Mgr-Alice").Order(StringComparer.Ordinal));
        Assert.Equal(4, OverrideAnswers.TeamsToAsk(Shipped(), "qa-quentin").Count());
    }

    [Fact]
    public void Resolve_NoPullRequests_NoFacts()
    {
        Assert.Empty(OverrideAnswers.Empty.Resolve(Shipped()));
    }
}
