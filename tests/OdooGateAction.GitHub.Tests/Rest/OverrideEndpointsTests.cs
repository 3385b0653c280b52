using Microsoft.Extensions.Time.Testing;
using OdooGateAction.FakeGitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Testing;

namespace OdooGateAction.GitHub.Tests.Rest;

/// <summary>The calls of the override path, against the fake server over real HTTP.</summary>
public sealed class OverrideEndpointsTests : IAsyncLifetime
{
    private const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static readonly RepositoryRef Repo = new("acme", "odoo-addons");
    private static readonly DateTimeOffset At = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    private FakeGitHubServer _server = null!;
    private FakeRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGitHubServer.StartAsync();
        _repo = _server.Repository("acme", "odoo-addons");
        _repo.AddPullRequest(42, Sha);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private GitHubRestClient Client(string? token = null) =>
        GitHubRestClient.Create(new GitHubClientOptions(_server.GitHubApiUrl, token ?? _server.Token), new FakeTimeProvider(At), new GitHubRequestStats());

    [Fact]
    public async Task ListIssueEvents_ManyEvents_AllPagesOldestFirstWithActorAndLabel()
    {
        for (var i = 0; i < 130; i++)
        {
            _repo.AddLabelEvent(42, i % 2 == 0 ? "labeled" : "unlabeled", "gate-override:G2", "rel-mgr-alice", At.AddMinutes(i));
        }

        using var client = Client();
        var events = await client.ListIssueEventsAsync(Repo, 42, CancellationToken.None);

        Assert.Equal(130, events.Count);
        Assert.Equal(("labeled", "rel-mgr-alice", "gate-override:G2", At), (events[0].Event, events[0].Actor!.Login, events[0].Label!.Name, events[0].CreatedAt));
        Assert.Equal("unlabeled", events[^1].Event);
    }

    [Fact]
    public async Task ListCheckSuites_GivesServerSetCreationTimes()
    {
        _repo.AddCheckSuite(Sha, At.AddMinutes(5));
        _repo.AddCheckSuite(Sha, At.AddMinutes(1), "codecov");

        using var client = Client();
        var suites = await client.ListCheckSuitesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal(At.AddMinutes(1), suites.Min(s => s.CreatedAt));
        Assert.Equal(2, suites.Count);
    }

    /// <summary>As GitHub documents it: <c>permission</c> is the legacy base role (a maintainer is write, a triager read), the role is <c>role_name</c>.</summary>
    [Theory]
    [InlineData("admin", null, "admin", "admin")]
    [InlineData("maintain", null, "write", "maintain")]
    [InlineData("write", null, "write", "write")]
    [InlineData("triage", null, "read", "triage")]
    [InlineData("read", null, "read", "read")]
    [InlineData("release-engineer", "write", "write", "release-engineer")]
    [InlineData(null, null, "none", "none")]
    public async Task GetCollaboratorPermission_ReadsPermissionAndRoleName(string? role, string? basePermission, string permission, string roleName)
    {
        if (role is not null)
        {
            _repo.SetRole("rel-mgr-alice", role, basePermission);
        }

        using var client = Client();

        var answer = await client.GetCollaboratorPermissionAsync(Repo, "rel-mgr-alice", CancellationToken.None);

        Assert.Equal((permission, roleName), (answer?.Permission, answer?.RoleName));
    }

    [Fact]
    public async Task GetTeamMembership_OrgToken_MemberActiveAndNonMemberNull()
    {
        _server.OrgToken = "ghp_org_token";
        _server.AddTeamMember("acme", "odoo-sre", "sre-bob");
        using var client = Client("ghp_org_token");

        Assert.Equal("active", await client.GetTeamMembershipStateAsync("acme", "odoo-sre", "sre-bob", CancellationToken.None));
        Assert.Null(await client.GetTeamMembershipStateAsync("acme", "odoo-sre", "mallory", CancellationToken.None));
    }

    [Fact]
    public async Task GetTeamMembership_GitHubToken_Is403()
    {
        _server.OrgToken = "ghp_org_token";
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetTeamMembershipStateAsync("acme", "odoo-sre", "sre-bob", CancellationToken.None));

        Assert.True(ex.IsForbidden);
    }

    [Fact]
    public async Task RemoveLabel_PresentThenAlreadyGone_RemovesAndRecordsAnUnlabeledEvent()
    {
        _repo.AddLabelEvent(42, "labeled", "gate-override:G4", "qa-quentin", At);
        using var client = Client();

        await client.RemoveLabelAsync(Repo, 42, "gate-override:G4", CancellationToken.None);
        await client.RemoveLabelAsync(Repo, 42, "gate-override:G4", CancellationToken.None);

        Assert.Empty(_repo.GetPullRequest(42)!.Labels);
        Assert.Equal("unlabeled", _repo.IssueEvents(42)[^1].Event);
        Assert.Contains(_server.Requests, r => r.Method == "DELETE" && r.PathAndQuery.EndsWith("/labels/gate-override%3AG4", StringComparison.Ordinal));
    }
}
