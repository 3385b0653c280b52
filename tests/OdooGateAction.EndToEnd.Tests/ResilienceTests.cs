using System.Text.RegularExpressions;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>GitHub failing: retried when transient, fail closed (exit 3) when not, rate limits waited out, read-only tokens tolerated.</summary>
public sealed partial class ResilienceTests(ITestOutputHelper log)
{
    private static string CheckRunsPath(ActionRun run) => $"/repos/{run.Repository}/commits/{PullRequestScenario.Sha}/check-runs";

    [Fact]
    public async Task Action_TwoTransient502sOnCheckRuns_RetriesAndAllows()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        server.Faults.Add("GET", CheckRunsPath(run), Fault.Status(502), times: 2);

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("allow", result.Output("decision"));
        Assert.Equal([502, 502, 200], result.To(Endpoints.CheckRuns).Select(r => r.Status));
        Assert.Equal(0, server.Faults.Pending);
        Assert.Contains("2 retries", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Commands("error"));
    }

    [Fact]
    public async Task Action_CheckRunWritesFailAfterRetries_ExitsThreeWithNoDecisionOutput()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Environment["ODOO_GATES_MAX_RETRIES"] = "2";
        server.Faults.Add("POST", $"/repos/{run.Repository}/check-runs", Fault.Status(500), times: 100);

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Outputs); // an allowed decision whose required check run could not be recorded is not a pass
        // A decision was reached; its records were not: the message says so, not "no decision could be reached".
        Assert.StartsWith("error: records incomplete, so the step fails: 'allow' was decided for merge, but the gate check runs could not be written: GitHub answered 500", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no decision could be reached", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Commands("error"), c => c.Contains("GitHub answered 500", StringComparison.Ordinal));
    }

    /// <param name="endpoint">The read that fails once: <c>check-runs</c> or <c>statuses</c>.</param>
    [Theory]
    [InlineData("503 on statuses", "statuses")]
    [InlineData("truncated body", "check-runs")]
    [InlineData("slower than the attempt timeout", "check-runs")]
    [InlineData("429 with retry-after", "statuses")]
    [InlineData("primary rate limit until reset", "check-runs")]
    [InlineData("500 on creating a check run", "")]
    public async Task Action_OneTransientFault_RetriesAndAllows(string fault, string endpoint)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var path = $"/repos/{run.Repository}/commits/{PullRequestScenario.Sha}/{endpoint}";
        switch (fault)
        {
            case "503 on statuses":
                server.Faults.Add("GET", path, Fault.Status(503));
                break;
            case "truncated body":
                server.Faults.Add("GET", path, Fault.TruncatedBody());
                break;
            case "slower than the attempt timeout":
                run.Environment["ODOO_GATES_ATTEMPT_TIMEOUT"] = "1s";
                server.Faults.Add("GET", path, Fault.Delay(TimeSpan.FromSeconds(10)));
                break;
            case "429 with retry-after":
                server.Faults.Add("GET", path, Fault.TooManyRequests(retryAfterSeconds: 1));
                break;
            case "primary rate limit until reset":
                server.Faults.Add("GET", path, Fault.PrimaryRateLimit(DateTimeOffset.UtcNow.AddSeconds(1)));
                break;
            case "500 on creating a check run":
                server.Faults.Add("POST", $"/repos/{run.Repository}/check-runs", Fault.Status(500));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("allow", result.Output("decision"));
        Assert.Equal(0, server.Faults.Pending);
        Assert.Single(server.Faults.Applied);
        var retries = int.Parse(Retries().Match(result.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (fault == "slower than the attempt timeout")
        {
            Assert.True(retries >= 1, $"{retries} retries"); // on a loaded machine another attempt may time out too
        }
        else
        {
            Assert.Equal(1, retries);
        }

        Assert.Equal(2, run.Repo.CheckRuns(PullRequestScenario.Sha).Count(r => r.CreatedViaApi)); // a retried POST creates no duplicate
        Assert.Single(run.Repo.Comments(PullRequestScenario.Number));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15), $"took {result.Elapsed}");
    }

    /// <param name="status">The answer to the check-runs read, every time.</param>
    [Theory]
    [InlineData("bad credentials", 401)]
    [InlineData("no checks: read permission", 403)]
    [InlineData("repository not found", 404)]
    public async Task Action_NonRetryableReadError_ExitsThreeAfterOneAttempt(string scenario, int status)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        switch (scenario)
        {
            case "bad credentials":
                run.Token = server.Token + "x"; // the server answers 401 "Bad credentials"
                break;
            case "no checks: read permission":
                server.Faults.Add("GET", CheckRunsPath(run), Fault.Status(403, """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference","status":"403"}"""), times: 100);
                break;
            case "repository not found":
                run.Repository = "acme/missing";
                run.PublishPolicy = false; // no such repository: its policy cannot be read either
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        var refused = result.Requests.Where(r => r.Status == status).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal(refused.Count, refused.Select(r => r.PathAndQuery).Distinct().Count()); // none retried
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Stderr, StringComparison.Ordinal);
        Assert.NotEmpty(result.Commands("error"));
        Assert.Empty(result.Writes);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public async Task Action_RateLimitWaitBeyondBudget_ExitsThreeWithoutWaiting()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Environment["ODOO_GATES_RATE_LIMIT_BUDGET"] = "2s";
        server.Faults.Add("GET", CheckRunsPath(run), Fault.SecondaryRateLimit(retryAfterSeconds: 60), times: 100);

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.To(Endpoints.CheckRuns));
        Assert.Contains("rate limit", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), $"fail closed at once, took {result.Elapsed}");
        Assert.Empty(result.Writes);
    }

    [Fact]
    public async Task Action_Persistent500OnCheckRuns_ExitsThreeFailClosedWithoutWriting()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        server.Faults.Add("GET", CheckRunsPath(run), Fault.Status(500), times: 1000);

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(5, result.To(Endpoints.CheckRuns).Count); // 1 + ODOO_GATES_MAX_RETRIES (4)
        Assert.All(result.To(Endpoints.CheckRuns), r => Assert.Equal(500, r.Status));
        Assert.Contains("no decision could be reached", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("500", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("check-runs", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(result.Commands("error"), c => c.Contains("no decision could be reached", StringComparison.Ordinal));
        Assert.NotEqual("allow", result.Outputs.GetValueOrDefault("decision"));
        Assert.Empty(result.Writes);
    }

    [Fact]
    public async Task Action_SecondaryRateLimitWithRetryAfter_WaitsThenAllows()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        server.Faults.Add("GET", CheckRunsPath(run), Fault.SecondaryRateLimit(retryAfterSeconds: 1));

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([403, 200], result.To(Endpoints.CheckRuns).Select(r => r.Status));
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(1), $"retry-after: 1 was waited for; the step took {result.Elapsed}");
        Assert.Equal(2, result.To(Endpoints.CreateCheckRun).Count); // merge: the aggregate and G1
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task Action_ReadOnlyToken_WarnsAndKeepsTheDecision(bool green, int exitCode)
    {
        await using var server = await TestServer.StartAsync();
        server.ReadOnlyToken = true;
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        if (!green)
        {
            run.Repo.AddCheckRun(PullRequestScenario.Sha, "pre-commit", conclusion: "failure", startedAt: FakeRepository.BaseTime.AddHours(1));
        }

        var result = await run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(green ? "allow" : "block", result.Output("decision"));
        Assert.Equal(green ? "passed" : "failed", result.Output("g1"));
        Assert.NotEmpty(result.Commands("warning"));
        Assert.Contains(result.Commands("warning"), w => w.Contains("403", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Repo.CheckRuns(PullRequestScenario.Sha), r => r.CreatedViaApi);
        Assert.Empty(run.Repo.Comments(PullRequestScenario.Number));
        Assert.All(result.Writes, w => Assert.Equal(403, w.Status));
        Assert.Single(result.To(Endpoints.CreateCheckRun)); // the first refusal stops the check-run writes
    }

    [GeneratedRegex("GitHub requests: [0-9]+ \\([0-9]+ answered 304 Not Modified, ([0-9]+) retries\\)")]
    private static partial Regex Retries();
}
