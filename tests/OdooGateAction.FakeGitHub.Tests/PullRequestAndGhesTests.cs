using System.Net;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class PullRequestAndGhesTests
{
    [Fact]
    public async Task GetPull_ReturnsGitHubShapeWithLabelsAndHead()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        var pr = repo.AddPullRequest(7, Sha, "gate-override:G2", "bug");
        pr.HeadRepositoryFullName = "mallory/odoo";
        using var api = new Api(server);

        var json = await JsonAsync(await api.GetAsync("/repos/acme/odoo/pulls/7"));

        Assert.Equal(7, json.GetProperty("number").GetInt32());
        Assert.Equal(Sha, json.GetProperty("head").GetProperty("sha").GetString());
        Assert.Equal(["gate-override:G2", "bug"], json.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Equal("mallory/odoo", json.GetProperty("head").GetProperty("repo").GetProperty("full_name").GetString());
        Assert.True(json.GetProperty("head").GetProperty("repo").GetProperty("fork").GetBoolean());
        Assert.Equal("acme/odoo", json.GetProperty("base").GetProperty("repo").GetProperty("full_name").GetString());
        Assert.Equal($"{server.GitHubApiUrl}/repos/acme/odoo/pulls/7", json.GetProperty("url").GetString());
        Assert.Equal(GitHubFields.Of("pulls-get.json", depth: 1), GitHubFields.Of(json, depth: 1));
        Assert.DoesNotContain("octocat/Hello-World", json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("api.github.com", json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPullsForCommit_LinkedAndOpenHeadPulls_SimpleShape()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddPullRequest(7, Sha);
        repo.AddPullRequest(8, "1111111111111111111111111111111111111111");
        repo.AddPullRequest(9, "2222222222222222222222222222222222222222");
        repo.LinkCommitToPullRequests(Sha, 9);
        using var api = new Api(server);

        var json = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/pulls"));

        Assert.Equal([9, 7], json.EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));
        Assert.False(json[0].TryGetProperty("mergeable", out _));
        Assert.True(json[0].TryGetProperty("labels", out _));
    }

    [Fact]
    public async Task ListStatuses_ShapeFromGitHubExample()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo").AddStatus(Sha, "security/scan", "failure", creator: "scanner-bot", targetUrl: new Uri("https://scanner.example/1"));
        using var api = new Api(server);

        var status = (await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/statuses")))[0];

        Assert.Equal(("security/scan", "failure", "scanner-bot"), (
            status.GetProperty("context").GetString(),
            status.GetProperty("state").GetString(),
            status.GetProperty("creator").GetProperty("login").GetString()));
        Assert.Equal("https://scanner.example/1", status.GetProperty("target_url").GetString());
        Assert.True(status.GetProperty("id").GetInt64() > int.MaxValue);
        Assert.Equal(GitHubFields.Of("repos-list-commit-statuses-for-ref.json"), GitHubFields.Of(status));
    }

    [Fact]
    public async Task PathBase_ApiV3_ServesUnderBaseOnlyAndLinksIncludeIt()
    {
        await using var server = await FakeGitHubServer.StartAsync("/api/v3");
        var repo = server.Repository("acme", "odoo");
        for (var i = 0; i < 3; i++)
        {
            repo.AddCheckRun(Sha, $"c{i}");
        }

        server.Faults.Add("GET", "/repos/acme/odoo/pulls/", Fault.Status(500));
        using var api = new Api(server);

        var response = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?per_page=2");
        var withoutBase = await api.Http.GetAsync(new Uri($"http://127.0.0.1:{server.ApiUrl.Port}/repos/acme/odoo/commits/{Sha}/check-runs"));
        var faulted = await api.GetAsync("/repos/acme/odoo/pulls/1");

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/api/v3$", server.GitHubApiUrl);
        Assert.Equal("/api/v3", server.ApiUrl.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = NextLink(response)!;
        Assert.Equal($"{server.GitHubApiUrl}/repositories/{repo.Id}/commits/{Sha}/check-runs?per_page=2&page=2", next.ToString());
        Assert.Single((await JsonAsync(await api.Http.GetAsync(next))).GetProperty("check_runs").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, withoutBase.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode);
        Assert.Equal($"/api/v3/repos/acme/odoo/commits/{Sha}/check-runs?per_page=2", server.Requests[0].PathAndQuery);
        var json = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs"));
        Assert.StartsWith(server.GitHubApiUrl + "/repos/acme/odoo/check-runs/", json.GetProperty("check_runs")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BindsLoopbackOnly()
    {
        await using var server = await FakeGitHubServer.StartAsync();

        Assert.Equal("127.0.0.1", server.ApiUrl.Host);
        Assert.NotEqual(0, server.ApiUrl.Port);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", server.GitHubApiUrl);
    }
}
