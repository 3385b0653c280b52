using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>How the check runs GitHub lists become a decision: re-runs, app pinning and matrix minimums.</summary>
public sealed class EvidenceTests(ITestOutputHelper log)
{
    private static readonly DateTimeOffset T = FakeRepository.BaseTime;

    /// <param name="reason">The blocking reason code of the check in the JSON report ("" when allowed).</param>
    [Theory]
    [InlineData("re-run-supersedes-old-failure", 0, "passed", "pre-commit", "")]
    [InlineData("newer-failure-wins", 1, "failed", "pre-commit", "check_failed")]
    [InlineData("old-success-dated-2099-vs-later-failing-re-run", 1, "failed", "pre-commit", "check_failed")]
    [InlineData("one-id-listed-success-then-failure", 1, "failed", "pre-commit", "contradictory_evidence")]
    [InlineData("one-id-listed-failure-then-success", 1, "failed", "pre-commit", "contradictory_evidence")]
    [InlineData("same-name-from-another-app", 1, "missing", "pre-commit", "wrong_app")]
    [InlineData("one-matrix-job-of-min-two", 1, "missing", "test (*)", "too_few_matches")]
    public async Task Action_CheckRunHistory_DecidesOnTheLatestRunOfThePinnedApp(string scenario, int exitCode, string g1, string check, string reason)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        var repo = run.Repo;
        const string sha = PullRequestScenario.Sha;
        switch (scenario)
        {
            case "re-run-supersedes-old-failure":
                repo.AddCheckRun(sha, "pre-commit", conclusion: "failure", startedAt: T.AddMinutes(10));
                repo.AddCheckRun(sha, "pre-commit", conclusion: "success", startedAt: T.AddMinutes(20));
                AddRest(repo, sha, "test (16.0)", "test (17.0)", "install-modules");
                break;
            case "old-success-dated-2099-vs-later-failing-re-run":
                // Whoever creates a check run sets its started_at: the old success claims 2099, the re-run GitHub
                // created after it (a higher id) failed. The id decides.
                repo.AddCheckRun(sha, "pre-commit", conclusion: "success", startedAt: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
                repo.AddCheckRun(sha, "pre-commit", conclusion: "failure", startedAt: T.AddMinutes(20));
                AddRest(repo, sha, "test (16.0)", "test (17.0)", "install-modules");
                break;
            case "one-id-listed-success-then-failure" or "one-id-listed-failure-then-success":
                // The list GitHub (or something between) answers holds the one pre-commit run twice, once failed.
                var preCommit = repo.AddCheckRun(sha, "pre-commit", conclusion: "success");
                AddRest(repo, sha, "test (16.0)", "test (17.0)", "install-modules");
                server.Faults.Add(
                    r => r.Method == "GET" && r.Path.EndsWith("/check-runs", StringComparison.Ordinal),
                    Fault.RewriteBody(body => ListTwice(body, preCommit.Id, "failure", failureFirst: scenario.EndsWith("then-success", StringComparison.Ordinal))),
                    times: 10);
                break;
            case "newer-failure-wins":
                repo.AddCheckRun(sha, "pre-commit", conclusion: "success", startedAt: T.AddMinutes(10));
                repo.AddCheckRun(sha, "pre-commit", conclusion: "failure", startedAt: T.AddMinutes(20));
                AddRest(repo, sha, "test (16.0)", "test (17.0)", "install-modules");
                break;
            case "same-name-from-another-app":
                repo.AddCheckRun(sha, "pre-commit", conclusion: "success", app: "octo-ci");
                AddRest(repo, sha, "test (16.0)", "test (17.0)", "install-modules");
                break;
            case "one-matrix-job-of-min-two":
                AddRest(repo, sha, "pre-commit", "test (16.0)", "install-modules");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        var result = await run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(g1, result.Output("g1"));
        Assert.Equal(exitCode == 0 ? "allow" : "block", result.Output("decision"));
        Assert.Equal(exitCode == 0 ? string.Empty : "G1", result.Output("blocked-gates"));
        var aggregate = Assert.Single(repo.CheckRuns(sha), r => r.Name == "odoo-gates/merge");
        Assert.Equal(exitCode == 0 ? "success" : "failure", aggregate.Conclusion);
        Assert.Equal(exitCode == 0 ? "success" : "failure", Assert.Single(repo.CheckRuns(sha), r => r.Name == "odoo-gates/merge/G1").Conclusion);
        if (reason.Length == 0)
        {
            Assert.Empty(result.Report!["blocking_reasons"]!.AsArray());
            Assert.Empty(result.Commands("error"));
        }
        else
        {
            Assert.Equal([reason], result.BlockingCodes(check));
            Assert.Contains(result.Commands("error"), c => c.Contains(reason, StringComparison.Ordinal));
        }

        if (reason == "contradictory_evidence")
        {
            var match = Assert.Single(PreCommit(result)["matches"]!.AsArray())!;
            Assert.Equal("contradictory (failure, success)", match["state"]!.GetValue<string>());
            Assert.Contains(server.Faults.Applied, a => a.Fault.Kind == FaultKind.RewriteBody);
        }

        if (scenario == "same-name-from-another-app")
        {
            var preCommit = PreCommit(result);
            Assert.Empty(preCommit["matches"]!.AsArray());
            Assert.Equal("octo-ci", Assert.Single(preCommit["ignored"]!.AsArray())!["app"]!.GetValue<string>());
        }
    }

    private static JsonNode PreCommit(ActionResult result) =>
        result.Report!["gates"]!.AsArray().Single(g => g!["id"]!.GetValue<string>() == "G1")!["checks"]!.AsArray()
            .Single(c => c!["pattern"]!.GetValue<string>() == "pre-commit")!;

    /// <summary>A check-runs page with the run <paramref name="id"/> listed twice, the copy with another conclusion.</summary>
    private static JsonNode ListTwice(JsonNode page, long id, string conclusion, bool failureFirst)
    {
        var runs = page["check_runs"]!.AsArray();
        var original = runs.First(r => r!["id"]!.GetValue<long>() == id)!;
        var copy = original.DeepClone();
        copy["conclusion"] = conclusion;
        runs.Insert(runs.IndexOf(original) + (failureFirst ? 0 : 1), copy);
        page["total_count"] = runs.Count;
        return page;
    }

    private static void AddRest(FakeRepository repo, string sha, params string[] names)
    {
        foreach (var name in names)
        {
            repo.AddCheckRun(sha, name);
        }
    }
}
