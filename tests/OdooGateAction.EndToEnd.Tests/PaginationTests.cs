using System.Globalization;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>Large commits: every page is read, through GitHub's <c>Link</c> headers, on github.com and on GHES.</summary>
public sealed class PaginationTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Action_250CheckRunsAnd120Statuses_ReadsEveryPageOnceAndAllows()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        AddMany(run.Repo, checkRuns: 250, statuses: 120);

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("allow", result.Output("decision"));
        Assert.Equal("passed", result.Output("g1"));
        Assert.Equal(3, result.To(Endpoints.CheckRuns).Count);
        Assert.Equal(2, result.To(Endpoints.Statuses).Count);
        Assert.All(result.To(Endpoints.CheckRuns), r => Assert.Contains("per_page=100", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(
            ["page=2", "page=3"],
            result.To(Endpoints.CheckRuns).Skip(1).Select(r => r.PathAndQuery[r.PathAndQuery.LastIndexOf("page=", StringComparison.Ordinal)..]));
        Assert.Equal(2, result.To(Endpoints.CreateCheckRun).Count); // merge: the aggregate and G1
        Assert.Single(result.To(Endpoints.CreateComment));
        Assert.Equal(6, result.Requests.Count(r => r.PathAndQuery.Contains("/contents/", StringComparison.Ordinal) || Endpoints.PathOnly(r).EndsWith("/commits/master", StringComparison.Ordinal))); // the policy: its ref, then 5 files
        Assert.Equal(15, result.Requests.Count); // 6 policy + 1 comments + 3 check-run pages + 2 status pages + 2 check runs (merge: the aggregate and G1) + 1 comment
        Assert.DoesNotContain(result.Requests, r => r.Method is "PATCH" or "PUT" or "DELETE");
        Assert.Contains($"GitHub requests: {result.Requests.Count} (0 answered 304 Not Modified, 0 retries); polls: 1.", result.Stdout, StringComparison.Ordinal);

        var gets = result.Requests.Count(r => r.Method == "GET");
        var writes = result.Requests.Count(r => r.Method is "POST" or "PATCH");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURES 250 check runs + 120 statuses: {result.Requests.Count} requests: {gets} GET, {writes} POST/PATCH ({result.Requests.Count(r => r.Method == "POST")} POST, {result.Requests.Count(r => r.Method == "PATCH")} PATCH)"));
        foreach (var (endpoint, count) in Endpoints.Breakdown(result.Requests))
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURES   {count,3}  {endpoint}"));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Action_GhesApiPathBase_ReadsPagesAndWritesUnderApiV3(bool trailingSlash)
    {
        await using var server = await TestServer.StartAsync("/api/v3");
        using var run = PullRequestScenario.Create(server, log);
        AddMany(run.Repo, checkRuns: 150, statuses: 101);
        if (trailingSlash)
        {
            run.Environment["GITHUB_API_URL"] = server.GitHubApiUrl + "/";
        }

        var first = await run.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a later re-run: its report has another time
        var second = await run.RunAsync();

        Assert.EndsWith("/api/v3", server.GitHubApiUrl, StringComparison.Ordinal);
        foreach (var result in new[] { first, second })
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("allow", result.Output("decision"));
            Assert.Equal(2, result.To(Endpoints.CheckRuns).Count);
            Assert.Equal(2, result.To(Endpoints.Statuses).Count);
            Assert.All(result.Requests, r => Assert.StartsWith("/api/v3/", r.PathAndQuery, StringComparison.Ordinal));
            Assert.All(
                result.Requests.Where(r => Endpoints.Of(r) != Endpoints.User), // GITHUB_TOKEN may not read /user: 403, by design
                r => Assert.True(r.Status is 200 or 201, $"{r.Method} {r.PathAndQuery} answered {r.Status}"));
        }

        Assert.Equal(2, first.To(Endpoints.CreateCheckRun).Count); // merge: the aggregate and G1
        Assert.Single(first.To(Endpoints.CreateComment));
        Assert.Equal(2, second.To(Endpoints.UpdateCheckRun).Count);
        Assert.Empty(second.To(Endpoints.CreateCheckRun));
        Assert.Empty(second.To(Endpoints.CreateComment));
        Assert.Single(run.Repo.Comments(PullRequestScenario.Number));
    }

    /// <summary>G1's four check runs among <paramref name="checkRuns"/> green ones, and <paramref name="statuses"/> green statuses.</summary>
    private static void AddMany(FakeRepository repo, int checkRuns, int statuses)
    {
        const string sha = PullRequestScenario.Sha;
        Evidence.AddGreen(repo, sha, "G1");
        for (var i = Evidence.ChecksByGate["G1"].Length; i < checkRuns; i++)
        {
            repo.AddCheckRun(sha, string.Create(CultureInfo.InvariantCulture, $"lint ({i})"));
        }

        for (var i = 0; i < statuses; i++)
        {
            repo.AddStatus(sha, string.Create(CultureInfo.InvariantCulture, $"ci/job-{i}"), "success");
        }
    }
}
