using System.Text.Json.Nodes;
using OdooGateAction.Core;
using OdooGateAction.Runtime;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.Runtime.RuntimeFixtures;

namespace OdooGateAction.Tests.Runtime;

public sealed class WorkflowContextReaderTests : IDisposable
{
    // A merge commit as GITHUB_SHA gives it on pull_request events: never the commit to evaluate.
    private const string MergeSha = "1111111111111111111111111111111111111111";
    private const string RunnerSha = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";
    private const string InputSha = "0123456789abcdef0123456789abcdef01234567";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, string, string, int[], bool, string?> RealPayloads => new()
    {
        // event, fixture, repository, expected sha, PRs, look up PRs, environment
        { "pull_request", "pull_request/opened.payload.json", "Codertocat/Hello-World", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", [2], false, null },
        { "pull_request", "pull_request/synchronize.payload.json", "Codertocat/Hello-World", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", [2], false, null },
        { "pull_request_target", "pull_request/opened.payload.json", "Codertocat/Hello-World", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", [2], false, null },
        { "pull_request_review", "pull_request_review/submitted.payload.json", "Codertocat/Hello-World", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", [2], false, null },
        { "merge_group", "merge_group/checks_requested.payload.json", "octo-org/octo-repo", "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d", [104], false, null },
        { "workflow_run", "workflow_run/completed.payload.json", "octo-org/octo-repo", "3484a3fb816e0859fd6e1cea078d76385ff50625", [], true, null },
        { "workflow_run", "workflow_run/completed.with-pull-requests.payload.json", "octo-org/octo-repo", "3484a3fb816e0859fd6e1cea078d76385ff50625", [2], false, null },
        { "deployment", "deployment/payload.json", "Codertocat/Hello-World", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", [], true, "production" },
        { "deployment", "deployment/gh-pages.payload.json", "Codertocat/Hello-World", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", [], true, "github-pages" },
        { "workflow_dispatch", "workflow_dispatch/payload.json", "octo-org/octo-repo", RunnerSha, [], false, null },
        { "push", "push/payload.json", "Codertocat/Hello-World", RunnerSha, [], false, null },
    };

    [Theory]
    [MemberData(nameof(RealPayloads))]
    public void Read_RealPayload_CommitPullRequestsAndLookupPerContract(string eventName, string fixture, string repository, string sha, int[] pullRequests, bool lookUp, string? environment)
    {
        var context = Read(eventName, Fixture(fixture), settings: Settings(), ("GITHUB_SHA", eventName is "push" or "workflow_dispatch" ? RunnerSha : MergeSha), ("GITHUB_REPOSITORY", repository));

        Assert.Equal(
            (eventName, repository, sha, Join(pullRequests), lookUp, environment),
            (context.EventName, context.FullName, context.Sha, Join(context.PullRequests), context.LookUpPullRequests, context.Environment));
    }

    [Theory]
    [InlineData("pull_request")]
    [InlineData("pull_request_target")]
    [InlineData("pull_request_review")]
    public void Read_PullRequestWithMergeShaInGitHubSha_UsesHeadSha(string eventName)
    {
        var fixture = eventName == "pull_request_review" ? "pull_request_review/submitted.payload.json" : "pull_request/opened.payload.json";
        var context = Read(eventName, Fixture(fixture), Settings(), ("GITHUB_SHA", MergeSha));

        Assert.Equal(("ec26c3e57ca3a959ca5aad62de7213c562f8c821", "pull_request.head.sha"), (context.Sha, context.ShaSource));
        Assert.Equal(("master", "pull_request.base.ref"), (context.PolicyRef, context.PolicyRefSource));
        Assert.NotEqual(MergeSha, context.Sha);
    }

    [Fact]
    public void Read_WorkflowDispatch_ReadsInputsAsText()
    {
        var path = Derived("workflow_dispatch/payload.json", root => root["inputs"] = new JsonObject
        {
            ["target"] = "staging",
            ["force"] = true,
            ["retries"] = 3,
            ["unset"] = null,
        });

        var context = Read("workflow_dispatch", path, Settings(), ("GITHUB_SHA", RunnerSha));

        Assert.Equal(
            new Dictionary<string, string> { ["target"] = "staging", ["force"] = "true", ["retries"] = "3" },
            context.Inputs);
    }

    [Fact]
    public void Read_RealWorkflowDispatchPayload_HasItsInput()
    {
        var context = Read("workflow_dispatch", Fixture("workflow_dispatch/payload.json"), Settings(), ("GITHUB_SHA", RunnerSha));

        Assert.Equal("Mona the Octocat", context.Inputs["name"]);
    }

    [Theory]
    [InlineData("refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64", new[] { 104 })]
    [InlineData("refs/heads/gh-readonly-queue/release/16.0/pr-7-929f8209d40f77f4abc622a499c93a83babdbe64", new[] { 7 })]
    [InlineData("refs/heads/gh-readonly-queue/feature/pr-9-x/pr-12-929f8209d40f77f4abc622a499c93a83babdbe64", new[] { 12 })]
    [InlineData("refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64-pr-105-380387fbc80638b734a49e1be1c4dfec1c01b33c", new[] { 104, 105 })]
    [InlineData("refs/heads/gh-readonly-queue/main/pr-3-pr-4-pr-3-929f8209d40f77f4abc622a499c93a83babdbe64", new[] { 3, 4 })]
    [InlineData("gh-readonly-queue/main/pr-1-929f8209d40f77f4abc622a499c93a83babdbe64", new[] { 1 })]
    [InlineData("refs/heads/main", new int[0])]
    [InlineData("refs/heads/gh-readonly-queue/pr-1-abc", new int[0])]
    [InlineData("refs/heads/gh-readonly-queue/main/xpr-1-abc", new int[0])]
    [InlineData("refs/heads/gh-readonly-queue/main/pr-0-abc", new int[0])]
    public void ParseMergeQueueRef_Ref_NamesItsPullRequests(string headRef, int[] expected) =>
        Assert.Equal(expected, WorkflowContextReader.ParseMergeQueueRef(headRef));

    [Fact]
    public void Read_MergeGroupNamingSeveralPullRequests_ListsEach()
    {
        var path = Derived("merge_group/checks_requested.payload.json", root =>
            root["merge_group"]!["head_ref"] = "refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64-pr-108-380387fbc80638b734a49e1be1c4dfec1c01b33c");

        var context = Read("merge_group", path, Settings());

        Assert.Equal(("104,108", false, "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d"), (Join(context.PullRequests), context.LookUpPullRequests, context.Sha));
    }

    public static TheoryData<string, string, string?, int?, string, int[], bool> Overrides => new()
    {
        // event, fixture, sha input, pull-request input, expected sha, PRs, look up
        { "pull_request", "pull_request/opened.payload.json", InputSha, null, InputSha, [2], false },
        { "pull_request", "pull_request/opened.payload.json", null, 1347, "ec26c3e57ca3a959ca5aad62de7213c562f8c821", [1347], false },
        { "merge_group", "merge_group/checks_requested.payload.json", InputSha, 9, InputSha, [9], false },
        { "workflow_run", "workflow_run/completed.payload.json", null, 5, "3484a3fb816e0859fd6e1cea078d76385ff50625", [5], false },
        { "workflow_run", "workflow_run/completed.with-pull-requests.payload.json", InputSha, null, InputSha, [2], false },
        { "deployment", "deployment/payload.json", InputSha, null, InputSha, [], true },
        { "deployment", "deployment/payload.json", null, 12, "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", [12], false },
        { "workflow_dispatch", "workflow_dispatch/payload.json", InputSha, 1347, InputSha, [1347], false },
        { "push", "push/payload.json", null, 1347, RunnerSha, [1347], false },
    };

    [Theory]
    [MemberData(nameof(Overrides))]
    public void Read_ShaOrPullRequestInput_OverridesEvent(string eventName, string fixture, string? sha, int? pullRequest, string expectedSha, int[] pullRequests, bool lookUp)
    {
        var context = Read(eventName, Fixture(fixture), Settings(sha, pullRequest), ("GITHUB_SHA", RunnerSha));

        Assert.Equal((expectedSha, Join(pullRequests), lookUp), (context.Sha, Join(context.PullRequests), context.LookUpPullRequests));
        if (sha is not null)
        {
            Assert.Equal("input sha", context.ShaSource);
        }
    }

    [Fact]
    public void Read_ShaInputOnPullRequestWithoutHeadSha_NeedsNoPayloadSha()
    {
        var path = Derived("pull_request/opened.payload.json", root => root["pull_request"]!["head"]!.AsObject().Remove("sha"));

        Assert.Equal(InputSha, Read("pull_request", path, Settings(InputSha)).Sha);
    }

    [Fact]
    public void Read_RunnerVariables_ReadIntoContext()
    {
        var context = Read(
            "pull_request",
            Fixture("pull_request/opened.payload.json"),
            Settings(),
            ("GITHUB_API_URL", "https://ghe.example.com/api/v3"),
            ("GITHUB_SERVER_URL", "https://ghe.example.com"),
            ("GITHUB_RUN_ID", "987654321"),
            ("GITHUB_RUN_ATTEMPT", "2"));

        Assert.Equal(
            ("https://ghe.example.com/api/v3/", "https://ghe.example.com/", 987654321L, 2, "https://ghe.example.com/Codertocat/Hello-World/actions/runs/987654321"),
            (context.ApiUrl.AbsoluteUri, context.ServerUrl.AbsoluteUri, context.RunId, context.RunAttempt, context.RunUrl?.AbsoluteUri));
    }

    [Fact]
    public void Read_NoApiUrlOrRepositoryVariable_DefaultsAndPayloadRepository()
    {
        var environment = Environment(("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_EVENT_PATH", Fixture("pull_request/opened.payload.json")));

        var context = WorkflowContextReader.Read(environment, Settings());

        Assert.Equal(
            ("https://api.github.com/", "https://github.com/", "Codertocat", "Hello-World", (long?)null, (int?)null),
            (context.ApiUrl.AbsoluteUri, context.ServerUrl.AbsoluteUri, context.Owner, context.Repository, context.RunId, context.RunAttempt));
    }

    [Theory]
    [InlineData("issues", "event 'issues' is not supported; the action runs on: pull_request, pull_request_target, pull_request_review, merge_group, workflow_run, deployment, workflow_dispatch, push")]
    [InlineData("issue_comment", "event 'issue_comment' is not supported")]
    [InlineData("deployment_status", "event 'deployment_status' is not supported")]
    [InlineData("", "GITHUB_EVENT_NAME is not set")]
    public void Read_UnsupportedOrNoEvent_Throws(string eventName, string message)
    {
        var ex = Assert.Throws<InputException>(() => Read(eventName, Fixture("issue_comment/created.payload.json"), Settings()));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoEventPath_Throws()
    {
        var environment = Environment(("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_REPOSITORY", "o/r"));

        var ex = Assert.Throws<InputException>(() => WorkflowContextReader.Read(environment, Settings()));
        Assert.StartsWith("GITHUB_EVENT_PATH is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EventPathMissingFile_ThrowsNamingFile()
    {
        var missing = _temp.File("no-such-event.json");

        var ex = Assert.Throws<InputException>(() => Read("pull_request", missing, Settings()));
        Assert.Equal($"the event payload file '{missing}' (GITHUB_EVENT_PATH) does not exist", ex.Message);
    }

    [Theory]
    [InlineData("{\"pull_request\": {", "is not valid JSON")]
    [InlineData("", "is not valid JSON")]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("null", "is not a JSON object")]
    public void Read_MalformedPayload_ThrowsNamingFile(string content, string reason)
    {
        var path = _temp.Write("event.json", content);

        var ex = Assert.Throws<InputException>(() => Read("pull_request", path, Settings()));
        Assert.StartsWith($"the event payload file '{path}' (GITHUB_EVENT_PATH) {reason}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fifo", "is a named pipe (FIFO), not a regular file")]
    [InlineData("dev-zero", "is a character device, not a regular file")]
    [InlineData("too-large", "is larger than 25 MiB, the most it may hold")]
    [InlineData("dangling", "is a symbolic link to '")]
    public async Task Read_PayloadThatIsNotASmallRegularFile_RefusedAtOnceNamingTheVariable(string kind, string problem)
    {
        var path = SpecialFiles.Make(_temp.File("event.json"), kind);

        // A blocked or unbounded read would not end within the wait: the test fails with a timeout then.
        var ex = await Task.Run(() => Assert.Throws<InputException>(() => Read("pull_request", path, Settings()))).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.StartsWith($"the event payload file '{path}' (GITHUB_EVENT_PATH) {problem}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidJsonPayload_SaysLineAndColumnInPlainWords()
    {
        var path = _temp.Write("event.json", "{\n  \"pull_request\": ,\n}");

        var ex = Assert.Throws<InputException>(() => Read("pull_request", path, Settings()));

        Assert.Equal($"the event payload file '{path}' (GITHUB_EVENT_PATH) is not valid JSON at line 2, column 19: ',' is an invalid start of a value", ex.Message);
    }

    public static TheoryData<string, string, string, string> MissingFields => new()
    {
        // event, fixture, JSON path to remove (or "*" to replace the payload), expected message
        { "pull_request", "pull_request/opened.payload.json", "pull_request.head.sha", "the pull_request event payload has no 'pull_request.head.sha'" },
        { "pull_request", "pull_request/opened.payload.json", "pull_request.head", "the pull_request event payload has no 'pull_request.head.sha'" },
        { "pull_request_target", "pull_request/opened.payload.json", "pull_request", "the pull_request_target event payload has no 'pull_request.head.sha'" },
        { "pull_request", "pull_request/opened.payload.json", "pull_request.number", "the pull_request event payload has no 'pull_request.number'" },
        { "merge_group", "merge_group/checks_requested.payload.json", "merge_group.head_sha", "the merge_group event payload has no 'merge_group.head_sha'" },
        { "merge_group", "merge_group/checks_requested.payload.json", "merge_group.head_ref", "the merge_group event payload has no 'merge_group.head_ref'" },
        { "workflow_run", "workflow_run/completed.payload.json", "workflow_run.head_sha", "the workflow_run event payload has no 'workflow_run.head_sha'" },
        { "workflow_run", "workflow_run/completed.payload.json", "workflow_run.pull_requests", "the workflow_run event payload has no 'workflow_run.pull_requests'" },
        { "workflow_run", "workflow_run/completed.with-pull-requests.payload.json", "workflow_run.pull_requests[0].number", "the workflow_run event payload has no 'workflow_run.pull_requests[0].number'" },
        { "deployment", "deployment/payload.json", "deployment.sha", "the deployment event payload has no 'deployment.sha'" },
        { "deployment", "deployment/payload.json", "deployment.environment", "the deployment event payload has no 'deployment.environment'" },
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public void Read_RequiredFieldMissing_ThrowsNamingJsonPath(string eventName, string fixture, string remove, string message)
    {
        var path = Derived(fixture, root => Remove(root, remove));

        var ex = Assert.Throws<InputException>(() => Read(eventName, path, Settings()));
        Assert.Equal(message, ex.Message);
    }

    public static TheoryData<string, string, string, JsonNode?, string> BadFields => new()
    {
        // event, fixture, JSON path, bad value, expected message start
        { "pull_request", "pull_request/opened.payload.json", "pull_request.head.sha", "ec26c3e", "'pull_request.head.sha' in the pull_request event payload is 'ec26c3e', which is not a full commit SHA of 40 hexadecimal characters" },
        { "pull_request", "pull_request/opened.payload.json", "pull_request.head.sha", 42, "'pull_request.head.sha' in the pull_request event payload is 42; expected a string" },
        { "pull_request", "pull_request/opened.payload.json", "pull_request.head.sha", null, "the pull_request event payload has no 'pull_request.head.sha'" },
        { "pull_request", "pull_request/opened.payload.json", "pull_request.number", "2", "'pull_request.number' in the pull_request event payload is \"2\"; expected a whole number above zero" },
        { "pull_request", "pull_request/opened.payload.json", "pull_request.number", 0, "'pull_request.number' in the pull_request event payload is 0; expected a whole number above zero" },
        { "merge_group", "merge_group/checks_requested.payload.json", "merge_group.head_sha", "not-a-sha-at-all-not-a-sha-at-all-xxxxxx", "'merge_group.head_sha' in the merge_group event payload is 'not-a-sha-at-all-not-a-sha-at-all-xxxxxx', which is not a full commit SHA" },
        { "merge_group", "merge_group/checks_requested.payload.json", "merge_group.head_ref", "refs/heads/main", "'merge_group.head_ref' in the merge_group event payload is 'refs/heads/main', which names no pull request" },
        { "workflow_run", "workflow_run/completed.payload.json", "workflow_run.pull_requests", "none", "'workflow_run.pull_requests' in the workflow_run event payload is \"none\"; expected an array" },
        { "deployment", "deployment/payload.json", "deployment.environment", " ", "'deployment.environment' in the deployment event payload is empty" },
        { "workflow_dispatch", "workflow_dispatch/payload.json", "inputs", "target=staging", "'inputs' in the workflow_dispatch event payload is \"target=staging\"; expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Read_FieldOfWrongShape_ThrowsNamingJsonPath(string eventName, string fixture, string jsonPath, JsonNode? value, string message)
    {
        var path = Derived(fixture, root => Set(root, jsonPath, value));

        var ex = Assert.Throws<InputException>(() => Read(eventName, path, Settings(), ("GITHUB_SHA", RunnerSha)));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("push", null, "GITHUB_SHA is not set; set the 'sha' input")]
    [InlineData("workflow_dispatch", "", "GITHUB_SHA is not set; set the 'sha' input")]
    [InlineData("push", "HEAD", "GITHUB_SHA is 'HEAD', which is not a full commit SHA of 40 hexadecimal characters")]
    [InlineData("workflow_dispatch", "ec26c3e57ca3a959ca5aad62de7213c562f8c82", "GITHUB_SHA is 'ec26c3e57ca3a959ca5aad62de7213c562f8c82', which is not a full commit SHA")]
    public void Read_PushOrDispatchWithoutUsableGitHubSha_Throws(string eventName, string? gitHubSha, string message)
    {
        var ex = Assert.Throws<InputException>(() => Read(eventName, Fixture($"{eventName}/payload.json"), Settings(), ("GITHUB_SHA", gitHubSha)));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GITHUB_REPOSITORY", "just-a-name", "GITHUB_REPOSITORY is 'just-a-name'; expected owner/repository (letters, digits, '-', '_', '.')")]
    [InlineData("GITHUB_REPOSITORY", "a/b/c", "GITHUB_REPOSITORY is 'a/b/c'; expected owner/repository (letters, digits, '-', '_', '.')")]
    [InlineData("GITHUB_REPOSITORY", "acme/odoo addons", "GITHUB_REPOSITORY is 'acme/odoo addons'; expected owner/repository (letters, digits, '-', '_', '.')")]
    [InlineData("GITHUB_REPOSITORY", "../etc/passwd", "GITHUB_REPOSITORY is '../etc/passwd'; expected owner/repository (letters, digits, '-', '_', '.')")]
    [InlineData("GITHUB_API_URL", "https://api.github.com?per_page=1", "GITHUB_API_URL is 'https://api.github.com/' with a query or fragment; give the base URL only (https://api.github.com, or https://HOST/api/v3 on GHES)")]
    [InlineData("GITHUB_API_URL", "https://ghe.example.com/api/v3#x", "GITHUB_API_URL is 'https://ghe.example.com/api/v3' with a query or fragment; give the base URL only (https://api.github.com, or https://HOST/api/v3 on GHES)")]
    [InlineData("GITHUB_API_URL", "https://x-access-token:ghs_secret123@api.github.com", "GITHUB_API_URL holds credentials (user:password@host); remove them: the token is passed in its own input, never in the URL (not shown)")]
    [InlineData("GITHUB_API_URL", "not a url:ghs_secret123@", "GITHUB_API_URL is not an http(s) URL (not shown: it may hold credentials)")]
    [InlineData("GITHUB_API_URL", "api.github.com", "GITHUB_API_URL is 'api.github.com', which is not an http(s) URL")]
    [InlineData("GITHUB_SERVER_URL", "ftp://github.com", "GITHUB_SERVER_URL is 'ftp://github.com', which is not an http(s) URL")]
    [InlineData("GITHUB_RUN_ID", "12x", "GITHUB_RUN_ID is '12x', which is not a whole number")]
    [InlineData("GITHUB_RUN_ATTEMPT", "-1", "GITHUB_RUN_ATTEMPT is '-1', which is not a whole number")]
    public void Read_MalformedRunnerVariable_ThrowsNamingIt(string variable, string value, string message)
    {
        var ex = Assert.Throws<InputException>(() => Read("pull_request", Fixture("pull_request/opened.payload.json"), Settings(), (variable, value)));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Read_NoRepositoryAnywhere_Throws()
    {
        var path = Derived("pull_request/opened.payload.json", root => root.AsObject().Remove("repository"));
        var environment = Environment(("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_EVENT_PATH", path));

        var ex = Assert.Throws<InputException>(() => WorkflowContextReader.Read(environment, Settings()));
        Assert.Equal("GITHUB_REPOSITORY is not set and the event payload has no 'repository.full_name'", ex.Message);
    }

    private static string Join(IEnumerable<int> numbers) => string.Join(',', numbers);

    private static string Fixture(string relative)
    {
        var parts = relative.Split('/');
        return Webhook(parts[0], parts[1]);
    }

    private static WorkflowContext Read(string eventName, string eventPath, ActionSettings settings, params (string Name, string? Value)[] extra)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_REPOSITORY"] = "Codertocat/Hello-World",
        };
        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }

        return WorkflowContextReader.Read(Environment(variables), settings);
    }

    // A real payload changed in memory and written to the temporary folder (the fixture itself stays unchanged).
    private string Derived(string fixture, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(Fixture(fixture)))!;
        change(root);
        return _temp.Write($"{Guid.NewGuid():N}.json", root.ToJsonString());
    }

    // The parent object of a dotted path (segments may index arrays: pull_requests[0]) and the last property name.
    private static (JsonObject Parent, string Name) Locate(JsonNode root, string path)
    {
        var segments = path.Split('.');
        var node = root;
        foreach (var segment in segments[..^1])
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0
                ? node[segment]!
                : node[segment[..bracket]]![int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return (node.AsObject(), segments[^1]);
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, name) = Locate(root, path);
        parent.Remove(name);
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var (parent, name) = Locate(root, path);
        parent[name] = value;
    }
}
