using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>Bad events, payloads, inputs and configuration: exit 2 with a message naming the culprit, and nothing written.</summary>
public sealed partial class BadInputTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("unsupported-event", "event 'issues' is not supported")]
    [InlineData("malformed-payload", "is not valid JSON")]
    [InlineData("payload-without-head-sha", "pull_request.head.sha")]
    [InlineData("comment-yes", "input 'comment' is 'yes'")]
    [InlineData("wait-timeout-soon", "input 'wait-timeout'")]
    [InlineData("unknown-target", "target 'prod' (from the target input) is not defined in environments.yaml of gates@master (")]
    [InlineData("broken-config", "the configuration has 1 error")]
    public async Task Action_BadInput_ExitsTwoNamingItAndWritesNothing(string scenario, string message)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var badLine = 0;
        switch (scenario)
        {
            case "unsupported-event":
                run.EventName = "issues";
                break;
            case "malformed-payload":
                run.RawPayload = run.Payload.ToJsonString()[..300];
                break;
            case "payload-without-head-sha":
                run.Payload["pull_request"]!["head"]!.AsObject().Remove("sha");
                break;
            case "comment-yes":
                run.Inputs["comment"] = "yes";
                break;
            case "wait-timeout-soon":
                run.Inputs["wait-timeout"] = "soon";
                break;
            case "unknown-target":
                run.Inputs["target"] = "prod";
                break;
            case "broken-config":
                run.ConfigSource = "workspace"; // annotations on the checked-out file and line
                run.UseConfigCopy((name, text) =>
                {
                    if (name != "ci_gate_mapping.yaml")
                    {
                        return text;
                    }

                    var lines = text.Split('\n');
                    badLine = Array.FindIndex(lines, l => l.StartsWith("  skipped:", StringComparison.Ordinal)) + 1;
                    Assert.True(badLine > 0);
                    lines[badLine - 1] = "  skiped: pass";
                    return string.Join('\n', lines);
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: bad input: ", result.Stderr, StringComparison.Ordinal);
        Assert.NotEmpty(result.Commands("error"));
        Assert.Empty(result.Writes);
        Assert.Empty(result.Outputs);
        Assert.Null(result.ReportPath);
        // Refused before any evidence is read: at most the policy was read (the ref, then its files).
        Assert.All(result.Requests, r => Assert.Matches("^/repos/[^/]+/[^/]+/(commits/[^/]+|contents/.*)$", r.PathAndQuery.Split('?')[0]));
        if (scenario != "unknown-target")
        {
            Assert.Empty(result.Requests);
        }

        if (scenario == "broken-config")
        {
            var annotation = Assert.Single(result.Commands("error"), c => c.Contains("file=", StringComparison.Ordinal));
            var match = FileAndLine().Match(annotation);
            Assert.True(match.Success, $"expected ::error ...file=...,line=...: {annotation}");
            Assert.Equal(Path.Combine(run.ConfigDirectory, "ci_gate_mapping.yaml"), Path.GetFullPath(match.Groups["file"].Value, run.ConfigDirectory));
            Assert.Equal(badLine.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups["line"].Value);
            Assert.Contains("skiped", annotation, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^::error (?:[^:]*,)?file=(?<file>[^,:]+),line=(?<line>[0-9]+)")]
    private static partial Regex FileAndLine();
}
