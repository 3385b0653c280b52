using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>Pending checks: decided at once without a wait timeout, polled (conditionally) with one.</summary>
public sealed class WaitingTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Action_PendingCheckWithoutWaitTimeout_BlocksAtOnceAsPending()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        AddG1(run.Repo, installModules: "in_progress");

        var result = await run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("block", result.Output("decision"));
        Assert.Equal("pending", result.Output("g1"));
        Assert.Equal("G1", result.Output("blocked-gates"));
        Assert.Equal(["check_pending"], result.BlockingCodes("install-modules"));
        Assert.Single(result.To(Endpoints.CheckRuns));
        Assert.Single(result.To(Endpoints.Statuses));
    }

    [Fact]
    public async Task Action_PendingCheckCompletesWhileWaiting_AllowsAndPollsConditionally()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        var pending = AddG1(run.Repo, installModules: "in_progress");
        run.Repo.AddStatus(PullRequestScenario.Sha, "codecov/project", "success", creator: "codecov[bot]");
        run.Inputs["wait-timeout"] = "30s";
        run.Inputs["poll-interval"] = "1s";

        var running = run.RunAsync();
        await Steps.AnsweredAsync(server, running, Endpoints.CheckRuns);

        run.Repo.UpdateCheckRun(pending.Id, "completed", "success");
        var result = await running;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("allow", result.Output("decision"));
        Assert.Equal("passed", result.Output("g1"));

        // Two polls (a third only on a very slow machine); later polls send the first answer's ETag.
        // Changed check runs: 200; unchanged statuses: 304, which costs no rate-limit quota.
        var checkRuns = result.To(Endpoints.CheckRuns);
        var statuses = result.To(Endpoints.Statuses);
        Assert.InRange(checkRuns.Count, 2, 3);
        Assert.Equal(checkRuns.Count, statuses.Count);
        Assert.False(statuses[0].Headers.ContainsKey("If-None-Match"));
        Assert.Equal(200, statuses[0].Status);
        Assert.True(statuses[1].Headers.ContainsKey("If-None-Match"), "the second statuses poll is conditional");
        Assert.Equal(304, statuses[1].Status);
        Assert.All(statuses.Skip(1), r => Assert.Equal(304, r.Status));
        Assert.True(checkRuns[^1].Headers.ContainsKey("If-None-Match"), "the last check-runs poll is conditional");
        Assert.Equal(200, checkRuns[^1].Status);
        Assert.Contains($"({(2 * checkRuns.Count) - 3} answered 304 Not Modified", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, result.Requests.Count(r => r.PathAndQuery.Contains("/contents/", StringComparison.Ordinal))); // the policy is read once per run, not per poll
        log.WriteLine($"statuses polls answered: {string.Join(", ", statuses.Select(r => r.Status))}; check-runs polls answered: {string.Join(", ", checkRuns.Select(r => r.Status))}");
    }

    [Fact]
    public async Task Action_StillPendingAtWaitTimeout_BlocksAsPendingAndEveryRepeatedPollIs304()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        AddG1(run.Repo, installModules: "queued");
        run.Inputs["wait-timeout"] = "3s";
        run.Inputs["poll-interval"] = "1s";

        var result = await run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("pending", result.Output("g1"));
        Assert.Contains("wait timeout", result.Stdout, StringComparison.Ordinal);
        var checkRuns = result.To(Endpoints.CheckRuns);
        var statuses = result.To(Endpoints.Statuses);
        Assert.InRange(checkRuns.Count, 3, 5);
        Assert.Equal(checkRuns.Count, statuses.Count);
        Assert.Equal(200, checkRuns[0].Status);
        Assert.Equal(200, statuses[0].Status);
        Assert.All(checkRuns.Skip(1).Concat(statuses.Skip(1)), r => Assert.Equal(304, r.Status));
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(3), $"waited the whole timeout; took {result.Elapsed}");
        log.WriteLine($"polls: {checkRuns.Count}; check-runs answered {string.Join(", ", checkRuns.Select(r => r.Status))}; statuses answered {string.Join(", ", statuses.Select(r => r.Status))}");
    }

    [Fact]
    public async Task Action_FailureWhileOthersPending_StopsWaitingAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        AddG1(run.Repo, installModules: "in_progress", preCommit: "failure");
        run.Inputs["wait-timeout"] = "30s";
        run.Inputs["poll-interval"] = "1s";

        var result = await run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", result.Output("g1"));
        Assert.Single(result.To(Endpoints.CheckRuns));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), $"fail fast, took {result.Elapsed}");
    }

    /// <summary>Adds G1's check runs; returns install-modules.</summary>
    private static CheckRun AddG1(FakeRepository repo, string installModules = "completed", string preCommit = "success")
    {
        const string sha = PullRequestScenario.Sha;
        repo.AddCheckRun(sha, "pre-commit", conclusion: preCommit);
        repo.AddCheckRun(sha, "test (16.0)");
        repo.AddCheckRun(sha, "test (17.0)");
        return repo.AddCheckRun(sha, "install-modules", status: installModules, conclusion: installModules == "completed" ? "success" : null);
    }
}
