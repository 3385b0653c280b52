using System.Diagnostics;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests;

/// <summary>The built app as a real process: the exit codes a workflow step sees.</summary>
public sealed class ProcessTests
{
    private static async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path("OdooGateAction.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("GITHUB_ACTIONS");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("pr-1347-allowed-to-merge.json", "merge", 0, "merge: ALLOWED")]
    [InlineData("rc-16.0.4-blocked-for-production.json", "production", 1, "production: BLOCKED")]
    public async Task Evaluate_BundledExampleFromDefaultGatesFolder_ExitsWithDecision(string snapshot, string target, int exitCode, string headline)
    {
        var (code, stdout, stderr) = await RunProcessAsync("evaluate", "--snapshot", Path("examples", "snapshots", snapshot), "--target", target);

        Assert.Equal(exitCode, code);
        Assert.StartsWith(headline, stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
        Assert.DoesNotContain("[frozen]", stdout, StringComparison.Ordinal); // evaluated at captured_at, a weekday, whatever today is
    }

    [Fact]
    public async Task Evaluate_MissingSnapshotFile_ExitsTwoWithOneLineMessage()
    {
        var (code, stdout, stderr) = await RunProcessAsync("evaluate", "--snapshot", "missing.json", "--target", "merge");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("error: bad input: missing.json: snapshot file does not exist", stderr.Trim());
    }
}
