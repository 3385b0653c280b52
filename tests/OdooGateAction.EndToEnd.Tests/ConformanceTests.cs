using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OdooGateAction.Conformance;
using OdooGateAction.FakeGitHub;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// The conformance checker that every end-to-end step runs (<see cref="ActionRun"/>) has teeth: requests and answers
/// that depart from GitHub's OpenAPI description are named, in both descriptions the requests are checked against.
/// </summary>
public sealed class ConformanceTests
{
    private const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    private static readonly Dictionary<string, string> JsonHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Accept"] = "application/vnd.github+json",
        ["Content-Type"] = "application/json; charset=utf-8",
    };

    [Fact]
    public void Description_NotInstalled_FailsSayingHowToInstall()
    {
        var empty = Directory.CreateTempSubdirectory("odoo-gates-no-openapi-");
        try
        {
            var ex = Assert.Throws<OpenApiMissingException>(() => OpenApiPackage.File(OpenApiPackage.GitHubCom, empty.FullName, configured: null));

            Assert.Contains("npm ci --prefix tests/openapi", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Description_IsThePinnedPackage_GitHubComAndGhes317()
    {
        var pinned = JsonNode.Parse(File.ReadAllText(RepositoryFile("tests/openapi/package.json")))!["dependencies"]![OpenApiPackage.Name]!.GetValue<string>();

        Assert.Equal(OpenApiPackage.Version, pinned);
        Assert.True(OpenApiDescription.GitHubCom.Operations.Count > 800);
        Assert.Contains(OpenApiDescription.Ghes317.Operations, o => o.OperationId == "checks/update");
    }

    [Theory]
    [InlineData("PATCH", "/repos/acme/odoo/check-runs/40000000001", """{"name":"odoo-gates/merge","head_sha":"ec26c3e57ca3a959ca5aad62de7213c562f8c821","conclusion":"success"}""", "at '/head_sha' (unevaluatedProperties")]
    [InlineData("POST", "/repos/acme/odoo/check-runs", """{"name":"odoo-gates/merge","head_sha":"ec26c3e57ca3a959ca5aad62de7213c562f8c821","conclusion":"success","completed_at":"2026-12-01T04:57:24.8674204+00:00"}""", "at '/completed_at' (pattern")]
    [InlineData("POST", "/repos/acme/odoo/check-runs", """{"name":"odoo-gates/merge","head_sha":"ec26c3e57ca3a959ca5aad62de7213c562f8c821","output":{"title":"t","summary":"s","header":"h"}}""", "at '/output/header' (unevaluatedProperties")]
    [InlineData("POST", "/repos/acme/odoo/issues/2/comments", """{"body":5}""", "at '/body' (type")]
    [InlineData("GET", $"/repos/acme/odoo/commits/{Sha}/check-runs?filter=newest", "", "query parameter 'filter' = 'newest'")]
    [InlineData("GET", $"/repos/acme/odoo/commits/{Sha}/check-runs?per_page=101", "", "query parameter 'per_page' = '101': at '/' (maximum")]
    [InlineData("GET", $"/repos/acme/odoo/commits/{Sha}/statuses?per_page=100&sort=asc", "", "query parameter 'sort' is not defined")]
    [InlineData("GET", "/repos/acme/odoo/issues/two/comments", "", "path parameter 'issue_number' = 'two' is not an integer")]
    [InlineData("GET", "/repos/acme/odoo/check-runs", "", "GET is not an operation of /repos/{owner}/{repo}/check-runs")]
    [InlineData("GET", "/repos/acme/odoo/gates", "", "no operation has this path")]
    [InlineData("DELETE", "/repos/acme/odoo/issues/2/labels/x", """{"labels":["x"]}""", "takes no request body")]
    public void Request_DepartingFromTheDescription_IsNamedForGitHubComAndGhes(string method, string pathAndQuery, string body, string expected)
    {
        var findings = ConformanceChecker.Default.Check(new RecordedRequest(method, pathAndQuery, JsonHeaders, body, 200));

        foreach (var description in new[] { "[api.github.com.json", "[ghes-3.17.json" })
        {
            Assert.True(
                findings.Any(f => f.Contains(description, StringComparison.Ordinal) && f.Contains(expected, StringComparison.Ordinal)),
                $"no finding of {description}] says \"{expected}\"; the findings:\n{string.Join('\n', findings)}");
        }
    }

    [Theory]
    [InlineData("GET", $"/repositories/700000001/commits/{Sha}/check-runs?filter=all&per_page=100&page=2", "", "application/vnd.github+json")]
    [InlineData("GET", $"/api/v3/repos/acme/odoo/commits/{Sha}/statuses?per_page=100", "", "application/vnd.github+json")]
    [InlineData("GET", "/api/v3/repos/acme/odoo/commits/heads%2Fmain", "", "application/vnd.github.sha")]
    [InlineData("GET", "/api/v3/repos/acme/odoo/contents/gates/gates.yaml?ref=main", "", "application/vnd.github.raw+json")]
    [InlineData("PATCH", "/api/v3/repos/acme/odoo/check-runs/40000000001", """{"name":"odoo-gates/merge","status":"completed","conclusion":"success","completed_at":"2026-12-01T04:57:24Z","output":{"title":"t","summary":"s"}}""", "application/vnd.github+json")]
    public void Request_AsTheClientSendsThem_Conform(string method, string pathAndQuery, string body, string accept)
    {
        var headers = new Dictionary<string, string>(JsonHeaders, StringComparer.OrdinalIgnoreCase) { ["Accept"] = accept };
        var pathBase = pathAndQuery.StartsWith("/api/v3/", StringComparison.Ordinal) ? "/api/v3" : string.Empty;

        Assert.Empty(ConformanceChecker.Default.Check(new RecordedRequest(method, pathAndQuery, headers, body, 200), pathBase));
    }

    [Fact]
    public void Request_AcceptingAMediaTypeTheOperationDoesNotName_IsNamed()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Accept"] = "application/vnd.github.sha" };

        var findings = ConformanceChecker.Default.Check(new RecordedRequest("GET", "/repos/acme/odoo/pulls/2", headers, string.Empty, 200));

        Assert.Contains(findings, f => f.Contains("Accept 'application/vnd.github.sha' is not a media type documented for pulls/get", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Response_AsTheFakeAnswers_Conforms()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var repo = github.Repository("acme", "odoo");
        repo.AddPullRequest(2, Sha, "gate-override:G2");
        repo.AddCheckRun(Sha, "tests");
        repo.SetRole("rm-carol", "maintain");

        await GetAsync(github, $"/repos/acme/odoo/commits/{Sha}/check-runs?filter=all&per_page=100");
        await GetAsync(github, "/repos/acme/odoo/collaborators/rm-carol/permission");
        await GetAsync(github, $"/repos/acme/odoo/commits/{Sha}/pulls?per_page=100");

        Assert.Equal(3, github.Requests.Count);
        Assert.All(github.Requests, r => Assert.Empty(ConformanceChecker.Default.Check(r)));
    }

    /// <summary>Every endpoint of the fake, also those the action does not call today, answers as GitHub documents.</summary>
    [Fact]
    public async Task Response_EveryEndpointOfTheFake_Conforms()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.AuthenticatedLogin = "rel-mgr-alice";
        github.OrgToken = "ghs_org_token";
        github.AddTeamMember("acme", "odoo-sre", "rm-carol");
        var repo = github.Repository("acme", "odoo");
        repo.AddPullRequest(2, Sha, "gate-override:G2");
        repo.AddLabelEvent(2, "labeled", "gate-override:G2", "rm-carol", DateTimeOffset.UtcNow.AddHours(-1));
        var run = repo.AddCheckRun(Sha, "tests");
        repo.AddStatus(Sha, "security/scan", "success", creator: "scanner-bot");
        var comment = repo.AddComment(2, "hello", "octocat");
        repo.AddCheckSuite(Sha, DateTimeOffset.UtcNow.AddHours(-2));
        repo.AddReview(2, "rm-carol", "APPROVED", DateTimeOffset.UtcNow.AddMinutes(-30));
        repo.AddReview(2, "octocat", "PENDING", DateTimeOffset.UtcNow);
        repo.SetRole("rm-carol", "maintain");
        var commit = repo.CommitFiles("main", new Dictionary<string, string> { ["gates/gates.yaml"] = "gates: []\n" });
        using var http = Client(github);

        foreach (var path in new[]
        {
            "/user", "/rate_limit", $"/repos/acme/odoo/commits/{Sha}/check-runs", $"/repos/acme/odoo/commits/{Sha}/statuses",
            $"/repos/acme/odoo/commits/{Sha}/pulls", "/repos/acme/odoo/pulls/2", "/repos/acme/odoo/pulls/3", "/repos/acme/odoo/issues/2/comments",
            $"/repos/acme/odoo/issues/comments/{comment.Id}", $"/repos/acme/odoo/check-runs/{run.Id}", "/repos/acme/odoo/issues/2/events",
            "/repos/acme/odoo/pulls/2/reviews", "/repos/acme/odoo/pulls/3/reviews", $"/repos/acme/odoo/commits/{Sha}/check-suites", "/repos/acme/odoo/collaborators/rm-carol/permission",
            "/repos/acme/odoo/contents/gates/gates.yaml?ref=main", "/repos/acme/odoo/contents/gates?ref=main", "/repos/acme/odoo/contents/nothing?ref=main",
            $"/repos/acme/odoo/commits/{commit}", "/repos/acme/odoo/commits/no-such-branch",
        })
        {
            using var answer = await http.GetAsync(new Uri(github.GitHubApiUrl + path));
        }

        using (var member = new HttpRequestMessage(HttpMethod.Get, new Uri(github.GitHubApiUrl + "/orgs/acme/teams/odoo-sre/memberships/rm-carol")))
        {
            member.Headers.Authorization = new AuthenticationHeaderValue("Bearer", github.OrgToken);
            using var answer = await http.SendAsync(member);
        }

        foreach (var (method, path, body) in new[]
        {
            ("POST", "/repos/acme/odoo/check-runs", $$$"""{"name":"odoo-gates/merge","head_sha":"{{{Sha}}}","status":"completed","conclusion":"success","output":{"title":"t","summary":"s"}}"""),
            ("POST", "/repos/acme/odoo/check-runs", $$"""{"name":"odoo-gates/merge","head_sha":"{{Sha}}","status":"completed"}"""),
            ("PATCH", $"/repos/acme/odoo/check-runs/{run.Id}", """{"status":"in_progress"}"""),
            ("POST", "/repos/acme/odoo/issues/2/comments", """{"body":"<!-- odoo-gates:merge -->"}"""),
            ("PATCH", $"/repos/acme/odoo/issues/comments/{comment.Id}", """{"body":"edited"}"""),
            ("DELETE", "/repos/acme/odoo/issues/2/labels/gate-override%3AG2", string.Empty),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(github.GitHubApiUrl + path));
            if (body.Length > 0)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var answer = await http.SendAsync(request);
        }

        var findings = github.Requests.SelectMany(r => ConformanceChecker.Default.Check(r)).ToList();
        Assert.True(findings.Count == 0, string.Join('\n', findings));
        Assert.Contains(github.Requests, r => r.Response is { Status: 422 }); // the invalid check run got GitHub's validation error
        Assert.Equal(27, github.Requests.Count(r => r.Response is { Injected: false }));
    }

    [Theory]
    [InlineData("/check_runs/0/status", "\"done\"", "at '/check_runs/0/status' (enum")]
    [InlineData("/check_runs/0/head_sha", null, "at '/check_runs/0' (required")]
    [InlineData("/check_runs/0/app/owner/id", "\"9919\"", "at '/check_runs/0/app/owner/id' (type")]
    [InlineData("/total_count", null, "at '/' (required")]
    public async Task Response_ThatDepartsFromTheSchema_IsNamed(string location, string? value, string expected)
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.Repository("acme", "odoo").AddCheckRun(Sha, "tests");
        await GetAsync(github, $"/repos/acme/odoo/commits/{Sha}/check-runs?filter=all&per_page=100");
        var exchange = Assert.Single(github.Requests);

        var findings = ConformanceChecker.Default.Check(Edit(exchange, location, value));

        Assert.Contains(findings, f => f.Contains("-> 200 [api.github.com.json checks/list-for-ref]: response body " + expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Response_WithAStatusTheOperationDoesNotDocument_IsNamed_UnlessAFaultInjectedIt()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.Repository("acme", "odoo").AddCheckRun(Sha, "tests");
        await GetAsync(github, $"/repos/acme/odoo/commits/{Sha}/check-runs");
        var exchange = Assert.Single(github.Requests);
        var created = exchange with { Response = exchange.Response! with { Status = 201 } };

        Assert.Contains(ConformanceChecker.Default.Check(created), f => f.Contains("status 201 is not documented for checks/list-for-ref", StringComparison.Ordinal));
        Assert.Empty(ConformanceChecker.Default.Check(created with { Response = created.Response! with { Injected = true } }));
    }

    [Fact]
    public async Task Response_AnErrorOutsideGitHubsErrorShape_IsNamed()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.ReadOnlyToken = true;
        using var http = Client(github);
        using var content = new StringContent("""{"body":"x"}""", Encoding.UTF8, "application/json");
        using var answer = await http.PostAsync(new Uri(github.GitHubApiUrl + "/repos/acme/odoo/issues/2/comments"), content);
        var exchange = Assert.Single(github.Requests);
        Assert.Equal(403, exchange.Response!.Status);
        Assert.Empty(ConformanceChecker.Default.Check(exchange));

        var findings = ConformanceChecker.Default.Check(Edit(exchange, "/message", "404"));

        Assert.Contains(findings, f => f.Contains("-> 403 [api.github.com.json issues/create-comment]: response body at '/message' (type", StringComparison.Ordinal));
    }

    private static RecordedRequest Edit(RecordedRequest exchange, string location, string? value)
    {
        var body = JsonNode.Parse(exchange.Response!.Body.Span)!;
        var tokens = location.Trim('/').Split('/');
        var parent = tokens[..^1].Aggregate(body, (node, token) => int.TryParse(token, out var i) ? node[i]! : node[token]!);
        var last = tokens[^1];
        if (value is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(value);
        }

        return exchange with { Response = exchange.Response with { Body = Encoding.UTF8.GetBytes(body.ToJsonString()) } };
    }

    private static async Task GetAsync(FakeGitHubServer github, string path)
    {
        using var http = Client(github);
        using var answer = await http.GetAsync(new Uri(github.GitHubApiUrl + path));
        answer.EnsureSuccessStatusCode();
    }

    private static HttpClient Client(FakeGitHubServer github)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", github.Token);
        return http;
    }

    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} is not above {AppContext.BaseDirectory}");
    }
}
