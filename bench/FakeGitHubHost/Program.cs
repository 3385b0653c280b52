// A fake GitHub for bench/compare.sh: tests/OdooGateAction.FakeGitHub on 127.0.0.1, seeded with --runs repositories
// bench/run-1 ... bench/run-N, one per measured run, so every run of the action does the same work (it creates its
// check runs and comment; a re-run on the same PR would update them instead). Each repository holds:
//   - pull request #2 (the payload's number) whose head is the payload's head SHA;
//   - on that SHA, --check-runs completed/success check runs from github-actions (the shipped mapping's G1..G4 checks,
//     the rest "lint (i)", mapped to nothing, as in the end-to-end PaginationTests) and --statuses success statuses
//     (security/scan, the rest "ci/job-i");
//   - the policy (--gates, the *.yaml files) committed under gates/ on the payload's base branch, which is also the
//     default branch: what the action reads through the contents API (config-source: repository).
// It writes --events DIR/{i}.json (the pull_request payload naming bench/run-i), prints key=value lines (url, token,
// runs, repository, sha) then "ready", and serves until SIGTERM or SIGINT; then it prints the requests it answered.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OdooGateAction.FakeGitHub;

var options = ParseArguments(args);
var gates = options.GetValueOrDefault("gates") ?? Fail<string>("--gates DIR is required");
var payloadFile = options.GetValueOrDefault("payload") ?? Fail<string>("--payload FILE is required");
var eventsDirectory = options.GetValueOrDefault("events") ?? Fail<string>("--events DIR is required");
var runs = IntOption("runs", 1);
var checkRuns = IntOption("check-runs", 1000);
var statuses = IntOption("statuses", 300);

string[] mappedChecks = ["pre-commit", "test (16.0)", "test (17.0)", "install-modules", "integration-tests", "upgrade-from-previous", "changelog", "backup-verified", "rollback-plan", "staging-smoke-test"];
if (checkRuns < mappedChecks.Length || statuses < 1)
{
    Fail<int>($"--check-runs must be at least {mappedChecks.Length} and --statuses at least 1 (the all-green evidence)");
}

var template = JsonNode.Parse(File.ReadAllText(payloadFile))!.AsObject();
var number = template["pull_request"]!["number"]!.GetValue<int>();
var sha = template["pull_request"]!["head"]!["sha"]!.GetValue<string>();
var baseBranch = template["pull_request"]!["base"]!["ref"]!.GetValue<string>();
var policy = Directory.GetFiles(gates, "*.yaml").ToDictionary(f => "gates/" + Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
Directory.CreateDirectory(eventsDirectory);

await using var server = await FakeGitHubServer.StartAsync();
for (var run = 1; run <= runs; run++)
{
    var name = "run-" + run.ToString(CultureInfo.InvariantCulture);
    var repo = server.Repository("bench", name);
    repo.DefaultBranch = baseBranch;
    repo.CommitFiles(baseBranch, policy);
    repo.AddPullRequest(number, sha);
    foreach (var check in mappedChecks)
    {
        repo.AddCheckRun(sha, check);
    }

    for (var i = mappedChecks.Length; i < checkRuns; i++)
    {
        repo.AddCheckRun(sha, string.Create(CultureInfo.InvariantCulture, $"lint ({i})"));
    }

    repo.AddStatus(sha, "security/scan", "success", creator: "scanner-bot");
    for (var i = 1; i < statuses; i++)
    {
        repo.AddStatus(sha, string.Create(CultureInfo.InvariantCulture, $"ci/job-{i}"), "success");
    }

    var payload = template.DeepClone().AsObject();
    var repository = payload["repository"]!.AsObject();
    repository["name"] = name;
    repository["full_name"] = "bench/" + name;
    repository["owner"]!["login"] = "bench";
    repository["default_branch"] = baseBranch;
    File.WriteAllText(Path.Combine(eventsDirectory, run.ToString(CultureInfo.InvariantCulture) + ".json"), payload.ToJsonString());
}

Console.WriteLine($"url={server.GitHubApiUrl}");
Console.WriteLine($"token={server.Token}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs={runs}"));
Console.WriteLine("repository=bench/run-{i}");
Console.WriteLine($"sha={sha}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded={checkRuns} check runs + {statuses} statuses per repository"));
Console.WriteLine("ready");

var stop = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
await stop.Task;

var requests = server.Requests;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answered {requests.Count} requests; by status: {string.Join(", ", requests.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))}"));
foreach (var group in requests.GroupBy(Endpoint).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Count(),5}  {group.Key}"));
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

int IntOption(string name, int fallback) =>
    options.TryGetValue(name, out var text)
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : Fail<int>($"--{name} must be a positive whole number")
        : fallback;

static Dictionary<string, string> ParseArguments(string[] arguments)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < arguments.Length; i++)
    {
        if (!arguments[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= arguments.Length)
        {
            Fail<int>($"usage: FakeGitHubHost --gates DIR --payload FILE --events DIR [--runs N] [--check-runs N] [--statuses N]; got '{arguments[i]}'");
        }

        parsed[arguments[i][2..]] = arguments[++i];
    }

    return parsed;
}

static T Fail<T>(string message)
{
    Console.Error.WriteLine(message);
    Environment.Exit(2);
    return default!;
}

// Requests as endpoints: the repository part, SHAs and numbers replaced, the query dropped.
static string Endpoint(RecordedRequest request)
{
    var path = request.PathAndQuery.Split('?')[0];
    path = Regex.Replace(path, "^/(?:repos/[^/]+/[^/]+|repositories/[0-9]+)(?=/|$)", "/repos/{o}/{r}");
    path = Regex.Replace(path, "[0-9a-fA-F]{40}", "{sha}");
    path = Regex.Replace(path, "/[0-9]+(?=/|$)", "/{n}");
    path = Regex.Replace(path, "/contents/.*", "/contents/{path}");
    return request.Method + " " + path;
}
