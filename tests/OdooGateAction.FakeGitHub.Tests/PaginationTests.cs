using System.Net;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class PaginationTests
{
    [Fact]
    public async Task ListCheckRuns_250Runs_FollowsNextLinksThroughThreePages()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        for (var i = 0; i < 250; i++)
        {
            repo.AddCheckRun(Sha, $"check-{i:D3}");
        }

        using var api = new Api(server);
        var pages = new List<HttpResponseMessage>();
        var ids = new List<long>();
        var url = api.Url($"/repos/acme/odoo/commits/{Sha}/check-runs?per_page=100");
        while (url is not null)
        {
            var response = await api.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await JsonAsync(response);
            Assert.Equal(250, json.GetProperty("total_count").GetInt32());
            ids.AddRange(json.GetProperty("check_runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            pages.Add(response);
            url = NextLink(response);
        }

        var at = $"{server.GitHubApiUrl}/repositories/{repo.Id}/commits/{Sha}/check-runs?per_page=100";
        Assert.Equal(3, pages.Count);
        Assert.Equal($"<{at}&page=2>; rel=\"next\", <{at}&page=3>; rel=\"last\"", Header(pages[0], "Link"));
        Assert.Equal(
            $"<{at}&page=1>; rel=\"prev\", <{at}&page=3>; rel=\"next\", <{at}&page=3>; rel=\"last\", <{at}&page=1>; rel=\"first\"",
            Header(pages[1], "Link"));
        Assert.Equal($"<{at}&page=2>; rel=\"prev\", <{at}&page=1>; rel=\"first\"", Header(pages[2], "Link"));
        Assert.Equal(250, ids.Distinct().Count());
        Assert.Equal(repo.CheckRuns(Sha).Select(r => r.Id), ids);
    }

    [Fact]
    public async Task ListStatuses_45Statuses_TwoPagesNewestFirst()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        for (var i = 0; i < 45; i++)
        {
            repo.AddStatus(Sha, $"ci/{i}", "success", createdAt: FakeRepository.BaseTime.AddMinutes(i));
        }

        using var api = new Api(server);
        var first = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/statuses");
        var second = await api.Http.GetAsync(NextLink(first)!);

        var at = $"{server.GitHubApiUrl}/repositories/{repo.Id}/commits/{Sha}/statuses";
        Assert.Equal($"<{at}?page=2>; rel=\"next\", <{at}?page=2>; rel=\"last\"", Header(first, "Link"));
        Assert.Equal($"<{at}?page=1>; rel=\"prev\", <{at}?page=1>; rel=\"first\"", Header(second, "Link"));
        var contexts = (await JsonAsync(first)).EnumerateArray().Concat((await JsonAsync(second)).EnumerateArray())
            .Select(s => s.GetProperty("context").GetString())
            .ToList();
        Assert.Equal(Enumerable.Range(0, 45).Reverse().Select(i => $"ci/{i}"), contexts);
    }

    [Fact]
    public async Task List_SinglePage_HasNoLinkHeader()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo").AddCheckRun(Sha, "build");
        using var api = new Api(server);

        var response = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs");

        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Link_OtherQueryParameters_KeptInOrderWithPageReplaced()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.LinksUseRepositoryId = false;
        var repo = server.Repository("acme", "odoo");
        for (var i = 0; i < 5; i++)
        {
            repo.AddCheckRun(Sha, $"c{i}");
        }

        using var api = new Api(server);
        var response = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?filter=all&page=2&per_page=2");

        var at = $"{server.GitHubApiUrl}/repos/acme/odoo/commits/{Sha}/check-runs";
        Assert.Equal(
            $"<{at}?filter=all&page=1&per_page=2>; rel=\"prev\", <{at}?filter=all&page=3&per_page=2>; rel=\"next\", <{at}?filter=all&page=3&per_page=2>; rel=\"last\", <{at}?filter=all&page=1&per_page=2>; rel=\"first\"",
            Header(response, "Link"));
    }

    [Fact]
    public async Task ListCheckRuns_PerPageOver100_ClampedTo100()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        for (var i = 0; i < 120; i++)
        {
            repo.AddCheckRun(Sha, $"c{i}");
        }

        using var api = new Api(server);
        var json = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?per_page=500"));

        Assert.Equal(100, json.GetProperty("check_runs").GetArrayLength());
    }

    [Fact]
    public async Task ListComments_DefaultPageSize30_OldestFirstAcrossPages()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddPullRequest(7, Sha);
        for (var i = 0; i < 31; i++)
        {
            repo.AddComment(7, $"comment {i}", "carla");
        }

        using var api = new Api(server);
        var first = await api.GetAsync("/repos/acme/odoo/issues/7/comments");
        var second = await api.Http.GetAsync(NextLink(first)!);

        Assert.Equal(30, (await JsonAsync(first)).GetArrayLength());
        var last = Assert.Single((await JsonAsync(second)).EnumerateArray());
        Assert.Equal("comment 30", last.GetProperty("body").GetString());
    }
}
