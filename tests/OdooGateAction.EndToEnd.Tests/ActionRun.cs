using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OdooGateAction.Conformance;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// One workflow step running the action: the built <c>OdooGateAction.dll</c> as a real process (<c>dotnet exec</c>, no
/// arguments), with a clean environment holding only what a runner gives a container action, against a
/// <see cref="FakeGitHubServer"/>. Each <see cref="RunAsync"/> is a fresh step (its own output, summary, runner temp
/// and event file) in this run's temp folder; the payload, inputs and config may change between steps.
/// Every run is checked for token leaks and for <c>::add-mask::</c> being printed first.
/// </summary>
internal sealed class ActionRun : IDisposable
{
    /// <summary>No single step may take longer; it is killed and the test fails.</summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The commit a runner puts in GITHUB_SHA for PR events (the merge commit): never the one evaluated.</summary>
    public const string MergeCommitSha = "fedcba9876543210fedcba9876543210fedcba98";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly FakeGitHubServer _server;
    private readonly ITestOutputHelper? _log;
    private readonly DirectoryInfo _root;
    private int _steps;

    /// <param name="fixture">A webhook payload below <c>webhooks/</c>, e.g. <c>pull_request/opened.payload.json</c>.</param>
    public ActionRun(FakeGitHubServer server, string eventName, string fixture, ITestOutputHelper? log = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        _log = log;
        EventName = eventName;
        Payload = JsonNode.Parse(File.ReadAllText(TestPaths.Webhook(fixture)))!.AsObject();
        Repository = Payload["repository"]?["full_name"]?.GetValue<string>() ?? "acme/odoo";
        _root = Directory.CreateTempSubdirectory("odoo-gates-e2e-");
    }

    public string EventName { get; set; }

    /// <summary>The event payload, edited in memory by tests that need other values; written to a temp file per step.</summary>
    public JsonObject Payload { get; }

    /// <summary>When set, written as the event file instead of <see cref="Payload"/> (malformed payloads).</summary>
    public string? RawPayload { get; set; }

    /// <summary><c>GITHUB_REPOSITORY</c>; defaults to the payload's <c>repository.full_name</c>.</summary>
    public string Repository { get; set; }

    /// <summary><c>GITHUB_SHA</c>.</summary>
    public string GitHubSha { get; set; } = MergeCommitSha;

    /// <summary><c>INPUT_GITHUB-TOKEN</c>: the server's token by default.</summary>
    public string? Token { get; set; }

    private string EffectiveToken => Token ?? _server.Token;

    /// <summary>
    /// The configuration of the step: the shipped gates by default. With <see cref="ConfigSource"/> <c>repository</c>
    /// (the action's default) its files are committed to the fake repository's policy branches
    /// (<see cref="PolicyBranches"/>) under <see cref="ConfigPath"/> before each step, unless
    /// <see cref="PublishPolicy"/> is off; with <c>workspace</c> the folder is passed as <c>INPUT_CONFIG</c>.
    /// </summary>
    public string ConfigDirectory { get; set; } = TestPaths.ShippedGates;

    /// <summary><c>INPUT_CONFIG-SOURCE</c>: <c>repository</c> (the default) or <c>workspace</c>.</summary>
    public string ConfigSource { get; set; } = "repository";

    /// <summary><c>INPUT_CONFIG</c> in repository mode: the folder in the repository.</summary>
    public string ConfigPath { get; set; } = "gates";

    /// <summary>Whether <see cref="ConfigDirectory"/> is committed to the policy branches before each step.</summary>
    public bool PublishPolicy { get; set; } = true;

    /// <summary>
    /// The branches the policy is committed to: every branch the event may name as the policy ref (the PR's base, the
    /// merge group's base, the repository's default branch).
    /// </summary>
    public IReadOnlyList<string> PolicyBranches
    {
        get
        {
            var branches = new List<string>();
            foreach (var path in new[] { "pull_request.base.ref", "merge_group.base_ref", "repository.default_branch" })
            {
                JsonNode? node = Payload;
                foreach (var segment in path.Split('.'))
                {
                    node = node?[segment];
                }

                if (node is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    branches.Add(text.StartsWith("refs/heads/", StringComparison.Ordinal) ? text["refs/heads/".Length..] : text);
                }
            }

            return branches.Distinct(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Commits <paramref name="directory"/>'s YAML files to <paramref name="branch"/> under <see cref="ConfigPath"/>; returns the commit SHA.</summary>
    public string CommitPolicy(string branch, string directory) =>
        Repo.CommitFiles(branch, Directory.GetFiles(directory, "*.yaml").ToDictionary(f => ConfigPath + "/" + Path.GetFileName(f), File.ReadAllText));

    /// <summary>
    /// <c>INPUT_CONTROL-PLANE</c>: a connection string (from a test database). Its password is checked like the token:
    /// masked before anything else is printed and found nowhere the step wrote.
    /// </summary>
    public string? ControlPlane { get; set; }

    /// <summary>Further inputs by their action.yml name (<c>wait-timeout</c>); passed as <c>INPUT_WAIT-TIMEOUT</c>.</summary>
    public Dictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Further environment variables (or overrides of the runner's; null removes one).</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public string TempRoot => _root.FullName;

    /// <summary>The process of the step running now (or last run): for tests that signal it.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>The fake repository named by <see cref="Repository"/>.</summary>
    public FakeRepository Repo
    {
        get
        {
            var parts = Repository.Split('/');
            return _server.Repository(parts[0], parts[1]);
        }
    }

    /// <summary>Copies the shipped gates into this run's temp folder, editing each file's text; the copy becomes the config.</summary>
    public string UseConfigCopy(Func<string, string, string>? edit = null)
    {
        var directory = Path.Combine(TempRoot, "gates-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(TestPaths.ShippedGates, "*.yaml"))
        {
            var name = Path.GetFileName(file);
            var text = File.ReadAllText(file);
            File.WriteAllText(Path.Combine(directory, name), edit is null ? text : edit(name, text), Utf8NoBom);
        }

        ConfigDirectory = directory;
        return directory;
    }

    /// <summary>
    /// The shipped gates without production's weekend freeze: the process uses the real clock, so a test on
    /// production must not depend on the weekday.
    /// </summary>
    public string UseConfigWithoutFreeze() => UseConfigCopy((name, text) => name == "environments.yaml" ? RemoveFreeze(text) : text);

    /// <summary>Runs one step to its end (killed after <see cref="ProcessTimeout"/>), then checks it leaked no token.</summary>
    public async Task<ActionResult> RunAsync()
    {
        var step = Interlocked.Increment(ref _steps);
        var stepDirectory = Directory.CreateDirectory(Path.Combine(TempRoot, "step-" + step.ToString(CultureInfo.InvariantCulture))).FullName;
        var runnerTemp = Directory.CreateDirectory(Path.Combine(stepDirectory, "runner-temp")).FullName;
        var eventPath = Path.Combine(stepDirectory, "event.json");
        var outputPath = Path.Combine(stepDirectory, "github_output");
        var summaryPath = Path.Combine(stepDirectory, "step_summary.md");
        await File.WriteAllTextAsync(eventPath, RawPayload ?? Payload.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), Utf8NoBom);
        await File.WriteAllTextAsync(outputPath, string.Empty); // the runner creates both files empty
        await File.WriteAllTextAsync(summaryPath, string.Empty);

        var start = new ProcessStartInfo(TestPaths.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = stepDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(TestPaths.AppDll);
        var environment = BuildEnvironment(eventPath, outputPath, summaryPath, runnerTemp, stepDirectory);
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (ConfigSource == "repository" && PublishPolicy)
        {
            foreach (var branch in PolicyBranches)
            {
                CommitPolicy(branch, ConfigDirectory);
            }
        }

        var requestsBefore = _server.Requests.Count;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        ProcessId = process.Id;
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(ProcessTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                _log?.WriteLine($"stdout so far:\n{await stdoutTask}\nstderr so far:\n{await stderrTask}");
                Assert.Fail($"the action did not finish within {ProcessTimeout.TotalSeconds:0}s and was killed");
            }
        }

        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        clock.Stop();
        var requests = await SettledRequestsAsync(requestsBefore);

        var outputsText = await File.ReadAllTextAsync(outputPath);
        var summary = await File.ReadAllTextAsync(summaryPath);
        var outputs = ParseOutputs(outputsText);
        // The report output is relative to the workspace (it must mean the same on the host and in a container).
        var reportOutput = outputs.GetValueOrDefault("report");
        if (reportOutput is not null)
        {
            Assert.False(Path.IsPathRooted(reportOutput), $"the report output must be relative to the workspace: {reportOutput}");
        }

        string? reportPath = reportOutput is null ? null : Path.Combine(stepDirectory, reportOutput);
        JsonNode? report = null;
        if (reportPath is not null && File.Exists(reportPath))
        {
            report = JsonNode.Parse(await File.ReadAllTextAsync(reportPath));
        }

        var result = new ActionResult(process.ExitCode, stdout, stderr, outputs, outputsText, summary, reportPath, report, requests, clock.Elapsed) { Workspace = stepDirectory };
        Log(step, result);
        AssertNoTokenLeak(result, stepDirectory);
        AssertNoControlPlaneLeak(result, stepDirectory);
        AssertConformance(result);
        return result;
    }

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("ODOO_GATES_E2E_KEEP") == "1")
        {
            _log?.WriteLine($"kept {TempRoot}");
            return;
        }

        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>
    /// Parses the runner's output file: <c>name&lt;&lt;DELIMITER</c> heredocs (and <c>name=value</c> lines). An output
    /// written twice, or an unterminated heredoc, fails the test: the runner would take the last or reject the step.
    /// </summary>
    public static Dictionary<string, string> ParseOutputs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            string name;
            string value;
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                Assert.False(string.IsNullOrEmpty(delimiter), $"output '{name}' has an empty heredoc delimiter");
                var end = Array.IndexOf(lines, delimiter, i + 1);
                Assert.True(end > i, $"output '{name}': heredoc delimiter '{delimiter}' is never closed");
                value = string.Join('\n', lines[(i + 1)..end]);
                i = end;
            }
            else if (equals > 0)
            {
                name = line[..equals];
                value = line[(equals + 1)..];
            }
            else
            {
                Assert.Fail($"output file line {i + 1} is neither name<<DELIMITER nor name=value: '{line}'");
                continue;
            }

            Assert.False(outputs.ContainsKey(name), $"output '{name}' is written twice");
            outputs[name] = value;
        }

        return outputs;
    }

    private Dictionary<string, string> BuildEnvironment(string eventPath, string outputPath, string summaryPath, string runnerTemp, string workspace)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        environment["GITHUB_ACTIONS"] = "true";
        environment["CI"] = "true";
        environment["GITHUB_EVENT_NAME"] = EventName;
        environment["GITHUB_EVENT_PATH"] = eventPath;
        environment["GITHUB_REPOSITORY"] = Repository;
        environment["GITHUB_SHA"] = GitHubSha;
        environment["GITHUB_API_URL"] = _server.GitHubApiUrl;
        environment["GITHUB_SERVER_URL"] = "https://github.com";
        environment["GITHUB_OUTPUT"] = outputPath;
        environment["GITHUB_STEP_SUMMARY"] = summaryPath;
        environment["GITHUB_WORKSPACE"] = workspace;
        environment["RUNNER_TEMP"] = runnerTemp;
        environment["GITHUB_RUN_ID"] = "6102439577";
        environment["GITHUB_RUN_ATTEMPT"] = "1";
        environment["INPUT_GITHUB-TOKEN"] = EffectiveToken;
        environment["INPUT_CONFIG"] = ConfigSource == "repository" ? ConfigPath : ConfigDirectory;
        environment["INPUT_CONFIG-SOURCE"] = ConfigSource;
        environment["ODOO_GATES_RETRY_DELAY"] = "10ms";
        if (ControlPlane is not null)
        {
            environment["INPUT_CONTROL-PLANE"] = ControlPlane;
        }

        foreach (var (name, value) in Inputs)
        {
            environment["INPUT_" + name.Replace(' ', '_').ToUpperInvariant()] = value;
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    /// <summary>The requests of this step, once the server has recorded how it answered each (it may lag the process's exit).</summary>
    private async Task<IReadOnlyList<RecordedRequest>> SettledRequestsAsync(int before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var requests = _server.Requests.Skip(before).ToList();
            if (requests.TrueForAll(r => r.Status != 0) || DateTime.UtcNow > deadline)
            {
                return requests;
            }

            await Task.Delay(20);
        }
    }

    private void Log(int step, ActionResult result)
    {
        if (_log is null)
        {
            return;
        }

        _log.WriteLine($"--- step {step}: {EventName} on {Repository}: exit {result.ExitCode} in {result.Elapsed.TotalMilliseconds:0} ms, {result.Requests.Count} requests");
        foreach (var request in result.Requests)
        {
            _log.WriteLine($"  {request.Status} {request.Method} {request.PathAndQuery}");
        }

        _log.WriteLine("--- stdout\n" + result.Stdout);
        if (result.Stderr.Length > 0)
        {
            _log.WriteLine("--- stderr\n" + result.Stderr);
        }

        _log.WriteLine("--- outputs\n" + string.Join('\n', result.Outputs.Select(o => $"{o.Key}={o.Value}")));
    }

    /// <summary>
    /// The token is masked first (<c>::add-mask::</c> on the first line, before anything else is printed) and never
    /// appears anywhere else: stdout, stderr, outputs, summary, report, any file the step wrote, any request the server saw.
    /// </summary>
    private void AssertNoTokenLeak(ActionResult result, string stepDirectory)
    {
        var token = EffectiveToken;
        var maskLine = "::add-mask::" + token.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        var lines = result.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Assert.True(lines[0] == maskLine, $"the first line of stdout must mask the token; it is: '{Redact(lines[0], token)}'");
        foreach (var line in lines.Skip(1))
        {
            Assert.False(line.Contains(token, StringComparison.Ordinal), $"the token leaked on stdout: '{Redact(line, token)}'");
        }

        Assert.False(result.Stderr.Contains(token, StringComparison.Ordinal), "the token leaked on stderr");
        Assert.False(result.OutputsText.Contains(token, StringComparison.Ordinal), "the token leaked into GITHUB_OUTPUT");
        Assert.False(result.Summary.Contains(token, StringComparison.Ordinal), "the token leaked into the step summary");
        if (result.ReportPath is not null && File.Exists(result.ReportPath))
        {
            Assert.False(File.ReadAllText(result.ReportPath).Contains(token, StringComparison.Ordinal), "the token leaked into the JSON report");
        }

        foreach (var file in Directory.EnumerateFiles(stepDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.False(File.ReadAllText(file).Contains(token, StringComparison.Ordinal), $"the token leaked into {file}");
        }

        foreach (var request in result.Requests)
        {
            Assert.False(request.PathAndQuery.Contains(token, StringComparison.Ordinal) || request.Body.Contains(token, StringComparison.Ordinal),
                $"the token leaked into the request {request.Method} {request.PathAndQuery}");
            Assert.False(request.Headers.Values.Any(v => v.Contains(token, StringComparison.Ordinal)), "the token leaked into a request header");
        }
    }

    /// <summary>The control plane's password is masked (<c>::add-mask::</c>) and appears nowhere else the step wrote.</summary>
    private void AssertNoControlPlaneLeak(ActionResult result, string stepDirectory)
    {
        var password = ControlPlane is null ? null : OdooGateAction.ControlPlane.ControlPlaneConnection.Parse(ControlPlane, "the control plane").Password;
        if (string.IsNullOrEmpty(password))
        {
            return;
        }

        var lines = result.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Assert.Contains("::add-mask::" + password, lines);
        var leaks = lines.Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal) && l.Contains(password, StringComparison.Ordinal))
            .Concat(result.Stderr.Contains(password, StringComparison.Ordinal) ? ["stderr"] : [])
            .Concat(Directory.EnumerateFiles(stepDirectory, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(password, StringComparison.Ordinal)))
            .Concat(result.Requests.Where(r => r.Body.Contains(password, StringComparison.Ordinal)).Select(r => r.PathAndQuery));
        Assert.Empty(leaks);
    }

    /// <summary>
    /// Every request of the step conforms to GitHub's OpenAPI description (github.com and GHES 3.17), and so does every
    /// answer the fake GitHub gave on its own (see <see cref="ConformanceChecker"/>).
    /// </summary>
    private void AssertConformance(ActionResult result) =>
        ConformanceChecker.Default.AssertConforms(
            HostileAnswers
                ? result.Requests.Select(r => r.Response is { } answer ? r with { Response = answer with { Injected = true } } : r)
                : result.Requests,
            new Uri(_server.GitHubApiUrl).AbsolutePath.TrimEnd('/'));

    /// <summary>
    /// The test set up data GitHub itself could never hold (an app slug with control characters): the fake's answers
    /// are hostile on purpose, so only the requests are checked against GitHub's description.
    /// </summary>
    public bool HostileAnswers { get; set; }

    private static string Redact(string text, string token) => text.Replace(token, "<TOKEN>", StringComparison.Ordinal);

    /// <summary>Removes every <c>freeze:</c> block (the key and its more-indented lines); fails if there was none.</summary>
    private static string RemoveFreeze(string yaml)
    {
        var kept = new List<string>();
        int? freezeIndent = null;
        var removed = false;
        foreach (var line in yaml.Split('\n'))
        {
            var indent = line.Length - line.TrimStart().Length;
            if (freezeIndent is { } level)
            {
                if (line.Trim().Length == 0 || indent > level)
                {
                    continue;
                }

                freezeIndent = null;
            }

            if (line.TrimStart().StartsWith("freeze:", StringComparison.Ordinal))
            {
                freezeIndent = indent;
                removed = true;
                continue;
            }

            kept.Add(line);
        }

        Assert.True(removed, "the shipped environments.yaml has no freeze to remove; update the test helper");
        return string.Join('\n', kept);
    }
}

/// <summary>What one step did: what the runner would see, and the requests the fake GitHub received meanwhile.</summary>
internal sealed record ActionResult(
    int ExitCode,
    string Stdout,
    string Stderr,
    IReadOnlyDictionary<string, string> Outputs,
    string OutputsText,
    string Summary,
    string? ReportPath,
    JsonNode? Report,
    IReadOnlyList<RecordedRequest> Requests,
    TimeSpan Elapsed)
{
    /// <summary>The step's workspace (<c>GITHUB_WORKSPACE</c>, also its working directory).</summary>
    public string Workspace { get; init; } = string.Empty;

    /// <summary>The default audit log, <c>.odoo-gates/audit.jsonl</c> under the workspace.</summary>
    public string AuditLogPath => Path.Combine(Workspace, ".odoo-gates", "audit.jsonl");

    /// <summary>Every request that writes (anything but GET/HEAD).</summary>
    public IReadOnlyList<RecordedRequest> Writes => [.. Requests.Where(r => r.Method is not ("GET" or "HEAD"))];

    public string Output(string name) =>
        Outputs.TryGetValue(name, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"no output '{name}'; the outputs are: {string.Join(", ", Outputs.Keys)}");

    /// <summary>The requests to one endpoint (see <see cref="Endpoints.Of"/>), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> To(string endpoint) => [.. Requests.Where(r => Endpoints.Of(r) == endpoint)];

    /// <summary>The workflow-command lines of one kind (<c>error</c>, <c>warning</c>, ...).</summary>
    public IReadOnlyList<string> Commands(string kind) =>
        [.. Stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("::" + kind + " ", StringComparison.Ordinal) || l.StartsWith("::" + kind + "::", StringComparison.Ordinal))];

    /// <summary>The codes of <c>blocking_reasons</c> for one check pattern in the JSON report.</summary>
    public IReadOnlyList<string> BlockingCodes(string check) =>
        [.. (Report?["blocking_reasons"]?.AsArray() ?? []).Where(r => r?["check"]?.GetValue<string>() == check).Select(r => r!["code"]!.GetValue<string>())];
}
