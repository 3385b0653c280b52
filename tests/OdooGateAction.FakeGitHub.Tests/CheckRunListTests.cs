using System.Net;
using System.Text.Json;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class CheckRunListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListCheckRuns_FilterLatestVsAll_LatestKeepsLatestStartedPerName()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddCheckRun(Sha, "build", conclusion: "failure", startedAt: T0);
        var rerun = repo.AddCheckRun(Sha, "build", conclusion: "success", startedAt: T0.AddMinutes(5));
        // A lower id that started later still wins: "latest" is by started_at.
        repo.AddCheckRun(Sha, "lint", conclusion: "failure", startedAt: T0.AddMinutes(1), id: 900);
        var lint = repo.AddCheckRun(Sha, "lint", conclusion: "success", startedAt: T0.AddMinutes(9), id: 800);
        repo.AddCheckRun("ffffffffffffffffffffffffffffffffffffffff", "build");
        using var api = new Api(server);

        var latest = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs"));
        var explicitLatest = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?filter=latest"));
        var all = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?filter=all"));

        Assert.Equal(2, latest.GetProperty("total_count").GetInt32());
        Assert.Equal(
            new[] { lint.Id, rerun.Id }.Order(),
            latest.GetProperty("check_runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Order());
        Assert.Equal(latest.GetRawText(), explicitLatest.GetRawText());
        Assert.Equal(4, all.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task ListCheckRuns_CheckNameAndStatus_Narrow()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddCheckRun(Sha, "build");
        repo.AddCheckRun(Sha, "tests", status: "in_progress");
        using var api = new Api(server);

        var byName = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?check_name=tests"));
        var byStatus = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?status=completed"));

        var run = Assert.Single(byName.GetProperty("check_runs").EnumerateArray());
        Assert.Equal("in_progress", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("conclusion").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("completed_at").ValueKind);
        Assert.Equal("build", Assert.Single(byStatus.GetProperty("check_runs").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task ListCheckRuns_PendingThenCompleted_SeesUpdateWhileRunning()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        var run = repo.AddCheckRun(Sha, "tests", status: "queued");
        using var api = new Api(server);
        var path = $"/repos/acme/odoo/commits/{Sha}/check-runs";

        var before = await JsonAsync(await api.GetAsync(path));
        repo.UpdateCheckRun(run.Id, "completed", "success", completedAt: T0.AddHours(1));
        var after = await JsonAsync(await api.GetAsync(path));

        Assert.Equal("queued", before.GetProperty("check_runs")[0].GetProperty("status").GetString());
        var done = after.GetProperty("check_runs")[0];
        Assert.Equal(("completed", "success", "2026-11-20T10:00:00Z"), (
            done.GetProperty("status").GetString(),
            done.GetProperty("conclusion").GetString(),
            done.GetProperty("completed_at").GetString()));
    }

    [Fact]
    public async Task ListCheckRuns_ShapeFromGitHubExample_OverridesTestFields()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        var pr = repo.AddPullRequest(7, Sha);
        var run = repo.AddCheckRun(Sha, "security/scan", app: "scanner", startedAt: T0);
        using var api = new Api(server);

        var json = (await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs"))).GetProperty("check_runs")[0];

        Assert.True(run.Id > int.MaxValue, "check run ids exceed 32 bits on GitHub");
        Assert.Equal(run.Id, json.GetProperty("id").GetInt64());
        Assert.Equal(Sha, json.GetProperty("head_sha").GetString());
        Assert.Equal("security/scan", json.GetProperty("name").GetString());
        Assert.Equal("2026-11-20T09:00:00Z", json.GetProperty("started_at").GetString());
        Assert.Equal("2026-11-20T09:00:30Z", json.GetProperty("completed_at").GetString());
        Assert.Equal("scanner", json.GetProperty("app").GetProperty("slug").GetString());
        Assert.Equal(run.AppId, json.GetProperty("app").GetProperty("id").GetInt64());
        Assert.Equal(run.CheckSuiteId, json.GetProperty("check_suite").GetProperty("id").GetInt64());
        Assert.Equal($"{server.GitHubApiUrl}/repos/acme/odoo/check-runs/{run.Id}", json.GetProperty("url").GetString());
        Assert.Equal($"https://github.com/acme/odoo/runs/{run.Id}", json.GetProperty("html_url").GetString());
        Assert.Equal(pr.Number, json.GetProperty("pull_requests")[0].GetProperty("number").GetInt32());
        Assert.Equal(GitHubFields.Of("checks-get.json"), GitHubFields.Of(json));
    }

    [Fact]
    public async Task ListCheckRuns_GitHubActionsApp_HasRealAppId()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo").AddCheckRun(Sha, "build");
        using var api = new Api(server);

        var app = (await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs"))).GetProperty("check_runs")[0].GetProperty("app");

        Assert.Equal(("github-actions", 15368L), (app.GetProperty("slug").GetString(), app.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Request_UnknownRepositoryOrPull_Returns404()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/repos/acme/other/commits/{Sha}/check-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/repos/acme/odoo/pulls/3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/repos/acme/odoo/issues/3/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/repos/acme/odoo/nothing-here")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Delete, $"/repos/acme/odoo/commits/{Sha}/check-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/repos/ACME/Odoo/commits/{Sha}/check-runs")).StatusCode);
    }
}
