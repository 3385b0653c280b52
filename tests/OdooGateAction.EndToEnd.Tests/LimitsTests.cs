using System.Diagnostics;
using OdooGateAction.Testing;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// Bad local input is refused in one plain sentence with exit 2, before GitHub is asked anything (issue 9): files that
/// are not regular files, files too large, tokens that cannot be sent, an audit log that cannot be written. A stop
/// signal ends a run promptly with exit 3 and no half-written record.
/// </summary>
public sealed class LimitsTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("dangling", "is a symbolic link to '")]
    [InlineData("loop", "is a symbolic link that loops and never reaches a file")]
    [InlineData("dev-zero", "is a character device, not a regular file")]
    [InlineData("fifo", "is a named pipe (FIFO), not a regular file")]
    [InlineData("too-large", "is larger than 1 MiB, the most it may hold")]
    public async Task Action_WorkspaceConfigFileNotASmallRegularFile_ExitsTwoAtOnceAnnotatingTheFile(string kind, string problem)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        run.ConfigSource = "workspace";
        var folder = run.UseConfigCopy();
        var personas = Path.Combine(folder, "personas.yaml");
        File.Delete(personas);
        SpecialFiles.Make(personas, kind);

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
        var annotation = Assert.Single(result.Commands("error"), c => c.Contains("file=", StringComparison.Ordinal));
        Assert.Contains($"file={personas}", annotation, StringComparison.Ordinal);
        Assert.Contains($"the file {problem}", annotation, StringComparison.Ordinal);
        Assert.Contains("the configuration has 1 error", result.Stderr, StringComparison.Ordinal);
        AssertRefusedBeforeGitHub(result);
    }

    [Theory]
    [InlineData("folder", "is a folder, not a file")]
    [InlineData("under-a-file", "cannot be written: its folder '")]
    [InlineData("symlink", "is a symbolic link; only a regular file or a new path is written")]
    public async Task Action_AuditLogCannotBeWritten_ExitsTwoBeforeAnyRequest(string kind, string problem)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var notAFolder = Path.Combine(run.TempRoot, "plain-file");
        File.WriteAllText(notAFolder, "x");
        var path = kind switch
        {
            "folder" => Directory.CreateDirectory(Path.Combine(run.TempRoot, "audit-folder")).FullName,
            "under-a-file" => Path.Combine(notAFolder, "audit.jsonl"),
            _ => File.CreateSymbolicLink(Path.Combine(run.TempRoot, "audit-link.jsonl"), notAFolder).FullName,
        };
        run.Inputs["audit-log"] = path;

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: bad input: input 'audit-log': the audit log '{path}' {problem}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("set 'audit-log' to a regular file the step can write", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(notAFolder));
        AssertRefusedBeforeGitHub(result);
        Assert.Empty(result.Requests);
    }

    [Theory]
    [InlineData("ghs_0123456789abcdef\ninjected", "input 'github-token' holds a line break inside the token")]
    [InlineData("ghs_0123456789abcdef\r\nX-Evil: 1", "input 'github-token' holds a line break inside the token")]
    [InlineData("ghs_0123456789abcdéf", "input 'github-token' holds a character that is not printable ASCII (position 19)")]
    public async Task Action_TokenWithLineBreakOrNonAscii_ExitsTwoWithoutSendingARequest(string token, string message)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        run.Token = token;

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: bad input: {message}; a token is one line of printable ASCII", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", result.Stderr, StringComparison.Ordinal);
        AssertRefusedBeforeGitHub(result);
        Assert.Empty(result.Requests); // not one request, let alone a retried one
    }

    [Fact]
    public async Task Action_OversizedEventPayload_ExitsTwoAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        var payload = Path.Combine(run.TempRoot, "huge-event.json");
        SpecialFiles.Sparse(payload);

        run.Environment["GITHUB_EVENT_PATH"] = payload;

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: bad input: the event payload file '{payload}' (GITHUB_EVENT_PATH) is larger than 25 MiB, the most it may hold", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
        AssertRefusedBeforeGitHub(result);
        Assert.Empty(result.Requests);
    }

    [Fact]
    public async Task Action_AuditLogWithoutFinalLineBreakAndForeignLines_AppendsOnANewLine()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var audit = Path.Combine(run.TempRoot, "audit.jsonl");
        File.WriteAllBytes(audit, [.. "{\"idempotency_key\": 7}\n"u8, 0xC3, 0x28, (byte)'\n', .. "[\"not an event\"]\n{\"note\": \"no line break\"}"u8]);
        run.Inputs["audit-log"] = audit;

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(audit);
        Assert.Equal("{\"note\": \"no line break\"}", lines[3]);
        Assert.StartsWith("{\"schema_version\":", lines[4], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task Action_SigtermWhileWaitingForAPendingCheck_ExitsThreePromptlyWritingNothing()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        foreach (var check in new[] { "pre-commit", "test (16.0)", "test (17.0)" })
        {
            run.Repo.AddCheckRun(PullRequestScenario.Sha, check);
        }

        run.Repo.AddCheckRun(PullRequestScenario.Sha, "install-modules", status: "in_progress", conclusion: null); // G1 pending
        run.Inputs["wait-timeout"] = "10m";
        run.Inputs["poll-interval"] = "5m";

        var running = run.RunAsync();
        await Steps.AnsweredAsync(server, running, Endpoints.Statuses); // the evidence is read: the wait begins

        await Task.Delay(500); // now in the 5-minute wait
        Assert.False(running.IsCompleted);
        var signalled = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", run.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var result = await running;

        Assert.Equal(3, result.ExitCode);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(5), $"stopped {signalled.Elapsed} after SIGTERM");
        Assert.Contains("error: stopped by a termination signal before a decision was reached", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Writes);
        Assert.Empty(result.Outputs);
        Assert.Empty(result.OutputsText);
        Assert.Empty(result.Summary);
        Assert.False(Directory.Exists(Path.Combine(result.Workspace, ".odoo-gates")) && Directory.EnumerateFiles(Path.Combine(result.Workspace, ".odoo-gates")).Any(f => !f.EndsWith("audit.jsonl", StringComparison.Ordinal)),
            "a report was written");
        Assert.False(File.Exists(result.AuditLogPath) && new FileInfo(result.AuditLogPath).Length > 0, "audit events were written");
        SpecialFiles.AssertPlain(result.Stderr);
    }

    /// <summary>Exit 2 with a plain message, no outputs, no report, no write to GitHub.</summary>
    private static void AssertRefusedBeforeGitHub(ActionResult result)
    {
        Assert.StartsWith("error: bad input: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, result.Stderr.TrimEnd().Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)));
        Assert.NotEmpty(result.Commands("error"));
        Assert.Empty(result.Writes);
        Assert.Empty(result.Outputs);
        Assert.Null(result.ReportPath);
        SpecialFiles.AssertPlain(result.Stderr);
        SpecialFiles.AssertPlain(result.Stdout);
    }

}
