using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// Tokens are masked before anything else is printed and never written anywhere. Every test checks the github-token
/// (see <see cref="ActionRun"/>); this one adds the org-token.
/// </summary>
public sealed class SecretsTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Action_OrgTokenGiven_MasksBothTokensFirstAndLeaksNeither(bool blocked)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        if (blocked)
        {
            run.Repo.AddCheckRun(PullRequestScenario.Sha, "pre-commit", conclusion: "failure", startedAt: FakeGitHub.FakeRepository.BaseTime.AddHours(1));
        }

        var orgToken = "ghp_" + Guid.NewGuid().ToString("N");
        run.Inputs["org-token"] = orgToken;

        var result = await run.RunAsync();

        Assert.Equal(blocked ? 1 : 0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Equal(["::add-mask::" + server.Token, "::add-mask::" + orgToken], lines[..2]);
        Assert.DoesNotContain(lines.Skip(2), l => l.Contains(orgToken, StringComparison.Ordinal));
        Assert.DoesNotContain(orgToken, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(orgToken, result.OutputsText, StringComparison.Ordinal);
        Assert.DoesNotContain(orgToken, result.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(orgToken, File.ReadAllText(result.ReportPath!), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Requests, r => r.Body.Contains(orgToken, StringComparison.Ordinal) || r.Headers.Values.Any(v => v.Contains(orgToken, StringComparison.Ordinal)));
        Assert.All(result.Requests, r => Assert.Equal("Bearer ***", r.Headers["Authorization"]));
    }
}
