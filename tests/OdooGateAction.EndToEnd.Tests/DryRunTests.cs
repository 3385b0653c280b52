using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary><c>dry-run: true</c>: decides and reports (outputs, summary, JSON report), writes nothing to GitHub, passes.</summary>
public sealed class DryRunTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(true, "allow", "passed")]
    [InlineData(false, "block", "failed")]
    public async Task Action_DryRun_ExitsZeroWritesNothingAndStillSetsOutputs(bool green, string decision, string g1)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        if (!green)
        {
            run.Repo.AddCheckRun(PullRequestScenario.Sha, "pre-commit", conclusion: "failure", startedAt: FakeRepository.BaseTime.AddHours(1));
        }

        run.Inputs["dry-run"] = "true";

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Writes);
        Assert.Equal(decision, result.Output("decision"));
        Assert.Equal(g1, result.Output("g1"));
        Assert.Equal(green ? string.Empty : "G1", result.Output("blocked-gates"));
        Assert.Equal(PullRequestScenario.Sha, result.Output("sha"));
        Assert.True(File.Exists(result.ReportPath));
        Assert.Equal(decision, result.Report!["decision"]!.GetValue<string>());
        Assert.NotEmpty(result.Summary);
        Assert.Contains(result.Commands("notice"), n => n.Contains("dry run", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Repo.CheckRuns(PullRequestScenario.Sha), r => r.CreatedViaApi);
        Assert.Empty(run.Repo.Comments(PullRequestScenario.Number));
    }
}
