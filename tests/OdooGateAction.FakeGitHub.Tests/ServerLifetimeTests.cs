using System.Diagnostics;
using System.Net;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class ServerLifetimeTests
{
    [Fact]
    public async Task ConcurrentRequests_AllRecordedAndCounted()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo").AddCheckRun(Sha, "build");
        using var api = new Api(server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(40, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(200, r.Status));
        Assert.Equal(FakeGitHubServer.RateLimit - 40, server.RateLimitRemaining);
        Assert.Equal(40, responses.Select(r => Header(r, "X-GitHub-Request-Id")).Distinct().Count());
    }

    [Fact]
    public async Task DisposeAsync_RequestInFlight_StopsPromptly()
    {
        var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        server.Faults.Add("GET", "/repos/", Fault.Delay(TimeSpan.FromSeconds(30)));
        using var api = new Api(server);
        var pending = api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs");
        for (var i = 0; i < 100 && server.Requests.Count == 0; i++)
        {
            await Task.Delay(10);
        }

        var watch = Stopwatch.StartNew();
        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {watch.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task RepositoriesById_UnknownId_Returns404()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddCheckRun(Sha, "build");
        using var api = new Api(server);

        var known = await api.GetAsync($"/repositories/{repo.Id}/commits/{Sha}/check-runs");
        var unknown = await api.GetAsync($"/repositories/{repo.Id + 1}/commits/{Sha}/check-runs");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AddCheckRun_DuplicateIdOrBadValues_Throws()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddCheckRun(Sha, "build", id: 5);

        Assert.Throws<ArgumentException>(() => repo.AddCheckRun(Sha, "lint", id: 5));
        Assert.Throws<ArgumentException>(() => repo.AddCheckRun(Sha, "lint", conclusion: "green"));
        Assert.Throws<ArgumentException>(() => repo.AddStatus(Sha, "ci", "ok"));
        Assert.Equal(FakeRepository.BaseTime.AddSeconds(5), repo.CheckRuns(Sha)[0].StartedAt);
    }
}
