using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OdooGateAction.FakeGitHub;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>Where the built app, the linked payloads and the shipped gates are in the test output.</summary>
internal static class TestPaths
{
    /// <summary>The action as built once for the whole project (the app project is referenced, so it lands beside the tests).</summary>
    public static string AppDll { get; } = Path.Combine(AppContext.BaseDirectory, "OdooGateAction.dll");

    public static string ShippedGates { get; } = Path.Combine(AppContext.BaseDirectory, "gates");

    /// <summary>The dotnet host running the tests (set by the SDK), else <c>dotnet</c> on PATH.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string Webhook(string fixture) => Path.Combine(AppContext.BaseDirectory, "webhooks", fixture);
}

/// <summary>Starts a fake GitHub with a token unique to the test, so a leak check can never match by accident.</summary>
internal static class TestServer
{
    public static async Task<FakeGitHubServer> StartAsync(string pathBase = "")
    {
        var server = await FakeGitHubServer.StartAsync(pathBase);
        server.Token = "ghs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
        return server;
    }
}

/// <summary>
/// Requests as endpoints: <c>GET /commits/{sha}/check-runs</c>, <c>PATCH /check-runs/{id}</c>: the path base, the
/// repository part (<c>/repos/o/r</c> or <c>/repositories/{id}</c>, the form GitHub's Link headers use) and the query
/// removed, SHAs and numbers replaced.
/// </summary>
internal static partial class Endpoints
{
    public const string CheckRuns = "GET /commits/{sha}/check-runs";
    public const string Statuses = "GET /commits/{sha}/statuses";
    public const string CommitPulls = "GET /commits/{sha}/pulls";
    public const string ListComments = "GET /issues/{n}/comments";
    public const string CreateComment = "POST /issues/{n}/comments";
    public const string UpdateComment = "PATCH /issues/comments/{n}";
    public const string CreateCheckRun = "POST /check-runs";
    public const string UpdateCheckRun = "PATCH /check-runs/{n}";
    public const string User = "GET /user";

    public static string Of(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = PathOnly(request);
        path = ApiPathBase().Replace(path, string.Empty, 1);
        path = RepositoryPart().Replace(path, string.Empty, 1);
        path = Sha().Replace(path, "{sha}");
        path = Number().Replace(path, "/{n}");
        return request.Method + " " + path;
    }

    public static string PathOnly(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? request.PathAndQuery : request.PathAndQuery[..query];
    }

    /// <summary>Counts per endpoint, most frequent first: for the log and the figures.</summary>
    public static IReadOnlyList<(string Endpoint, int Count)> Breakdown(IEnumerable<RecordedRequest> requests) =>
        [.. requests.GroupBy(Of).Select(g => (g.Key, g.Count())).OrderByDescending(p => p.Item2).ThenBy(p => p.Key, StringComparer.Ordinal)];

    [GeneratedRegex("^/api/v3(?=/)")]
    private static partial Regex ApiPathBase();

    [GeneratedRegex("^/(?:repos/[^/]+/[^/]+|repositories/[0-9]+)(?=/|$)")]
    private static partial Regex RepositoryPart();

    [GeneratedRegex("[0-9a-fA-F]{40}")]
    private static partial Regex Sha();

    [GeneratedRegex("/[0-9]+(?=/|$)")]
    private static partial Regex Number();
}

/// <summary>Waiting, in a test, for a running step to reach a point.</summary>
internal static class Steps
{
    /// <summary>Returns once the server has answered <paramref name="endpoint"/> with 200; fails if the step ends first or 30 s pass.</summary>
    public static async Task AnsweredAsync(FakeGitHubServer server, Task running, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(running);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!server.Requests.Any(r => Endpoints.Of(r) == endpoint && r.Status == 200))
        {
            Assert.False(running.IsCompleted, $"the action ended before its first '{endpoint}' was answered");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no '{endpoint}' within 30s");
            await Task.Delay(10);
        }
    }
}

/// <summary>CI results that satisfy the shipped ci_gate_mapping.yaml, gate by gate (all from the github-actions app).</summary>
internal static class Evidence
{
    public static readonly IReadOnlyDictionary<string, string[]> ChecksByGate = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["G1"] = ["pre-commit", "test (16.0)", "test (17.0)", "install-modules"],
        ["G2"] = ["integration-tests", "upgrade-from-previous"],
        ["G3"] = ["changelog"],
        ["G4"] = ["backup-verified", "rollback-plan", "staging-smoke-test"],
    };

    /// <summary>The gates each shipped target requires.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> GatesByTarget = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["merge"] = ["G1"],
        ["staging"] = ["G1", "G2"],
        ["production"] = ["G1", "G2", "G3", "G4"],
    };

    public static readonly string[] AllGates = ["G1", "G2", "G3", "G4"];

    /// <summary>Successful check runs (and G3's <c>security/scan</c> status) for <paramref name="gates"/>.</summary>
    public static void AddGreen(FakeRepository repo, string sha, params string[] gates)
    {
        ArgumentNullException.ThrowIfNull(repo);
        foreach (var gate in gates)
        {
            foreach (var check in ChecksByGate[gate])
            {
                repo.AddCheckRun(sha, check);
            }

            if (gate == "G3")
            {
                repo.AddStatus(sha, "security/scan", "success", creator: "scanner-bot");
            }
        }
    }

    /// <summary>The g1..g4 outputs of an allowed promotion to <paramref name="target"/>.</summary>
    public static string ExpectedGateOutput(string target, string gate) =>
        GatesByTarget[target].Contains(gate) ? "passed" : "not-required";
}

/// <summary>The common setup: the real <c>pull_request</c> (opened) payload, whose PR #2 exists on the fake GitHub.</summary>
internal static class PullRequestScenario
{
    public const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    public const int Number = 2;
    public const string Marker = "<!-- odoo-gates:merge -->";

    public static ActionRun Create(FakeGitHubServer server, Xunit.Abstractions.ITestOutputHelper log)
    {
        var run = new ActionRun(server, "pull_request", "pull_request/opened.payload.json", log);
        run.Repo.AddPullRequest(Number, Sha);
        return run;
    }
}
