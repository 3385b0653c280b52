using System.Net;
using OdooGateAction.Core;
using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Testing;

namespace OdooGateAction.GitHub.Tests.Rest;

/// <summary>The REST client against the fake GitHub server over real HTTP on 127.0.0.1. Waits run on a clock that records them.</summary>
public sealed class GitHubRestClientTests : IAsyncLifetime
{
    private const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static readonly RepositoryRef Repo = new("acme", "odoo-addons");
    private static readonly DateTimeOffset Start = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    private readonly AutoAdvancingTimeProvider _time = new(Start);
    private readonly GitHubRequestStats _stats = new();
    private FakeGitHubServer _server = null!;
    private FakeRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGitHubServer.StartAsync();
        _repo = _server.Repository("acme", "odoo-addons");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private GitHubRestClient Client(Func<GitHubClientOptions, GitHubClientOptions>? tune = null, string? apiUrl = null)
    {
        var options = new GitHubClientOptions(apiUrl ?? _server.GitHubApiUrl, _server.Token) { AttemptTimeout = TimeSpan.FromSeconds(10) };
        return GitHubRestClient.Create(tune is null ? options : tune(options), _time, _stats);
    }

    private List<RecordedRequest> Requests(string pathPart) =>
        _server.Requests.Where(r => r.PathAndQuery.Contains(pathPart, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task ListCheckRuns_250RunsOnThreePages_ReadsEveryPageByLinkHeader()
    {
        for (var i = 0; i < 250; i++)
        {
            _repo.AddCheckRun(Sha, $"job {i}");
        }

        using var client = Client();
        var runs = await client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal(250, runs.Count);
        Assert.Equal(250, runs.Select(r => r.Id).Distinct().Count());
        var requests = Requests("/check-runs");
        Assert.Equal(3, requests.Count);
        Assert.Contains("filter=all", requests[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("per_page=100", requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListStatuses_120StatusesOnTwoPages_ReadsAll()
    {
        for (var i = 0; i < 120; i++)
        {
            _repo.AddStatus(Sha, $"ci/{i % 7}", "success");
        }

        using var client = Client();
        var statuses = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal(120, statuses.Count);
        Assert.Equal(2, Requests("/statuses").Count);
    }

    [Fact]
    public async Task Requests_CarryGitHubHeaders_AndNeverTheTokenInTheUrl()
    {
        using var client = Client();
        await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("application/vnd.github+json", request.Headers["Accept"]);
        Assert.Equal(GitHubRestClient.ApiVersion, request.Headers["X-GitHub-Api-Version"]);
        Assert.StartsWith("OdooGateAction/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("Bearer ***", request.Headers["Authorization"]);
        Assert.DoesNotContain(_server.Token, request.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCheckRuns_GhesPathBase_UsesTheApiUrlExactlyAsGiven()
    {
        await using var ghes = await FakeGitHubServer.StartAsync("/api/v3");
        ghes.Repository("acme", "odoo-addons").AddCheckRun(Sha, "pre-commit");
        using var client = GitHubRestClient.Create(new GitHubClientOptions(ghes.GitHubApiUrl, ghes.Token), _time, _stats);

        var runs = await client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal("pre-commit", Assert.Single(runs).Name);
        Assert.StartsWith("/api/v3/repos/acme/odoo-addons/commits/", Assert.Single(ghes.Requests).PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListStatuses_SecondReadUnchanged_Is304FromCacheAndCostsNoQuota()
    {
        _repo.AddStatus(Sha, "ci/lint", "success");
        using var client = Client();
        var first = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);
        var quota = _server.RateLimitRemaining;

        var second = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal(first.Single().Id, second.Single().Id);
        Assert.Equal(304, _server.Requests[^1].Status);
        Assert.True(_server.Requests[^1].Headers.ContainsKey("If-None-Match"));
        Assert.Equal((1, quota), (_stats.NotModified, _server.RateLimitRemaining));
    }

    [Fact]
    public async Task ListCheckRuns_PagedAndUnchanged_EveryPageIs304AndAllRunsReturn()
    {
        for (var i = 0; i < 150; i++)
        {
            _repo.AddCheckRun(Sha, $"job {i}");
        }

        using var client = Client();
        await client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None);
        var again = await client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal(150, again.Count);
        Assert.Equal(2, _stats.NotModified);
    }

    [Fact]
    public async Task ListStatuses_ChangedBetweenReads_Is200WithTheNewState()
    {
        _repo.AddStatus(Sha, "ci/lint", "pending");
        using var client = Client();
        await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);
        _repo.AddStatus(Sha, "ci/lint", "success");

        var second = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal(2, second.Count);
        Assert.Equal(0, _stats.NotModified);
    }

    [Fact]
    public async Task Read_TwoTransient502s_RetriesWithBackoffAndSucceeds()
    {
        _repo.AddCheckRun(Sha, "pre-commit");
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Status(502), times: 2);
        using var client = Client();

        var runs = await client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None);

        Assert.Single(runs);
        Assert.Equal((3, 2), (_stats.Requests, _stats.Retries));
        Assert.Equal(2, _time.Waits.Count);
        Assert.All(_time.Waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Read_Persistent500_FailsAfterAllRetriesWithStatusAndPath()
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Status(500), times: 100);
        using var client = Client(o => o with { MaxRetries = 3 });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Contains("GitHub answered 500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/repos/acme/odoo-addons/commits/", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, _stats.Requests);
    }

    [Fact]
    public async Task Read_SecondaryRateLimit_WaitsExactlyRetryAfterThenSucceeds()
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.SecondaryRateLimit(7));
        using var client = Client();

        await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(7)], _time.Waits);
        Assert.Equal(2, _stats.Requests);
    }

    [Fact]
    public async Task Read_TooManyRequests_WaitsRetryAfter()
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.TooManyRequests(3));
        using var client = Client();

        await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(3)], _time.Waits);
    }

    [Fact]
    public async Task Read_PrimaryRateLimit_WaitsUntilTheResetPlusASecond()
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.PrimaryRateLimit(Start.AddSeconds(30)));
        using var client = Client();

        await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(31)], _time.Waits);
    }

    [Fact]
    public async Task Read_RateLimitLongerThanTheBudget_FailsAtOnceWithoutWaiting()
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.SecondaryRateLimit(600));
        using var client = Client(o => o with { RateLimitWaitBudget = TimeSpan.FromMinutes(2) });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("secondary rate limit", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_time.Waits);
        Assert.Equal(1, _stats.Requests);
    }

    [Theory]
    [InlineData(401, "check the github-token input")]
    [InlineData(404, "does not exist, or the token cannot see it")]
    [InlineData(422, "GitHub answered 422")]
    [InlineData(403, "lacks a permission")]
    public async Task Read_ClientError_IsNotRetried(int status, string message)
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Status(status), times: 10);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Equal(status, (int)ex.StatusCode!);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _stats.Requests);
    }

    [Fact]
    public async Task Read_WrongToken_Is401NotRetried()
    {
        using var client = GitHubRestClient.Create(new GitHubClientOptions(_server.GitHubApiUrl, "ghs_wrong_token"), _time, _stats);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("Bad credentials", ex.Message, StringComparison.Ordinal);
    }

    /// <param name="json">A GitHub error body (its <c>message</c> is shown) or a proxy's page (its start is shown).</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Read_ErrorBodyQuotingSecrets_MessageRedactedWhenMade(bool json)
    {
        _server.Token = "not-shaped-like-a-github-token";
        var quoted = $"token {_server.Token} refused; see https://user:pa55@proxy.example/x?access_token=abc123&page=2 and ghp_0123456789abcdefghijABCDEFGHIJ012345";
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Status(422, json ? $$"""{"message":"{{quoted}}"}""" : quoted, json ? null : "text/html"), times: 10);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Contains("token *** refused; see https://***@proxy.example/x?access_token=***&page=2 and ***", ex.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { _server.Token, "pa55", "abc123", "ghp_0123456789" })
        {
            Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GitHubApiException_CredentialShapesInMessageAndPath_RedactedWhenMade()
    {
        var ex = new GitHubApiException("failed: https://x-access-token:t0k@host/p", null, "GET", "/p?access_token=t0k");

        Assert.Equal("failed: https://***@host/p", ex.Message);
        Assert.Equal("/p?access_token=***", ex.Path);
    }

    [Fact]
    public async Task Read_TruncatedBody_IsRetriedNotMisparsed()
    {
        _repo.AddStatus(Sha, "ci/lint", "success");
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.TruncatedBody());
        using var client = Client();

        var statuses = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Single(statuses);
        Assert.Equal(1, _stats.Retries);
    }

    [Fact]
    public async Task Read_SlowAnswer_TimesOutTheAttemptAndRetries()
    {
        _repo.AddStatus(Sha, "ci/lint", "success");
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Delay(TimeSpan.FromSeconds(10)));
        using var client = Client(o => o with { AttemptTimeout = TimeSpan.FromSeconds(1) });

        var statuses = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Single(statuses);
        Assert.InRange(_stats.Retries, 1, 2); // the slow attempt was abandoned (a loaded machine may time out once more)
    }

    [Fact]
    public async Task Read_ServerGone_FailsWithNoStatusAfterRetries()
    {
        var url = _server.GitHubApiUrl;
        await _server.DisposeAsync();
        using var client = Client(o => o with { MaxRetries = 2 }, url);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Null(ex.StatusCode);
        Assert.Contains("GitHub did not answer", ex.Message, StringComparison.Ordinal);
        _server = await FakeGitHubServer.StartAsync();
    }

    [Fact]
    public async Task Write_CheckRunCreateThenUpdate_RoundTrips()
    {
        using var client = Client();
        var write = new GitHubCheckRunWrite
        {
            Name = "odoo-gates/merge", HeadSha = Sha, Status = "completed", Conclusion = "failure", ExternalId = "odoo-gate-action",
            Output = new GitHubCheckRunOutput { Title = "blocked", Summary = "G1" },
        };

        var created = await client.CreateCheckRunAsync(Repo, write, CancellationToken.None);
        write.Conclusion = "success";
        var updated = await client.UpdateCheckRunAsync(Repo, created.Id!.Value, write, CancellationToken.None);

        Assert.True(created.Id > int.MaxValue);
        Assert.Equal(("github-actions", "odoo-gate-action"), (created.App!.Slug, created.ExternalId));
        Assert.Equal((created.Id, "success"), (updated.Id, updated.Conclusion));
        Assert.Equal("success", Assert.Single(_repo.CheckRuns(Sha)).Conclusion);
    }

    [Fact]
    public async Task Write_CheckRunBodies_SendTimestampsInGitHubsFormAndNoHeadShaOnUpdate()
    {
        using var client = Client();
        var write = new GitHubCheckRunWrite
        {
            Name = "odoo-gates/merge", HeadSha = Sha, Status = "completed", Conclusion = "success",
            CompletedAt = new DateTimeOffset(2026, 12, 1, 5, 57, 24, TimeSpan.FromHours(1)).AddTicks(8674204),
            Output = new GitHubCheckRunOutput { Title = "allowed", Summary = "G1" },
        };

        var created = await client.CreateCheckRunAsync(Repo, write, CancellationToken.None);
        await client.UpdateCheckRunAsync(Repo, created.Id!.Value, write, CancellationToken.None);

        var bodies = _server.Requests.Where(r => r.Method is "POST" or "PATCH").Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, b => Assert.Equal("2026-12-01T04:57:24Z", b["completed_at"]!.GetValue<string>()));
        Assert.Equal(Sha, bodies[0]["head_sha"]!.GetValue<string>());
        Assert.False(bodies[1].ContainsKey("head_sha"), "checks/update defines no head_sha");
        Assert.Equal(Sha, write.HeadSha); // the caller's object is left as it was
    }

    [Fact]
    public async Task Write_ReadOnlyToken_Is403ForbiddenException()
    {
        _server.ReadOnlyToken = true;
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.CreateIssueCommentAsync(Repo, 1, "x", CancellationToken.None));

        Assert.True(ex.IsForbidden);
        Assert.Equal(1, _stats.Requests);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("rel-mgr-alice", "rel-mgr-alice")]
    public async Task GetAuthenticatedLogin_TokenMayOrMayNotReadUser(string? login, string? expected)
    {
        _server.AuthenticatedLogin = login;
        using var client = Client();

        Assert.Equal(expected, await client.GetAuthenticatedLoginAsync(CancellationToken.None));
    }

    [Fact]
    public async Task List_PageLargerThanTheResponseLimit_RefusedWithoutRetryOrReadingItAll()
    {
        for (var i = 0; i < 100; i++)
        {
            _repo.AddCheckRun(Sha, $"job {i}");
        }

        using var client = Client(o => o with { Limits = InputLimits.Default with { ResponseBytes = 4096 } });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None));

        Assert.StartsWith("GitHub's answer to GET /repos/acme/odoo-addons/commits/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is larger than 4 KiB, the most one answer may hold", ex.Message, StringComparison.Ordinal);
        Assert.Equal((1, 0), (_stats.Requests, _stats.Retries));
    }

    [Fact]
    public async Task Error_HugeBody_MessageQuotesAShortExcerpt()
    {
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Status(500, "<html>" + new string('x', 500_000) + "</html>", "text/html"), times: 100);
        using var client = Client(o => o with { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Contains($": <html>{new string('x', 114)}…", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 500, $"{ex.Message.Length} characters");
    }

    [Fact]
    public async Task Cache_BodiesBeyondTheLimit_NotKeptSoAskedAgainInFull()
    {
        _repo.AddStatus(Sha, "ci/lint", "success");
        using var client = Client(o => o with { Limits = InputLimits.Default with { ResponseCacheBytes = 16 } });

        await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);
        var second = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Single(second);
        Assert.Equal((0, 200), (_stats.NotModified, _server.Requests[^1].Status));
        Assert.False(_server.Requests[^1].Headers.ContainsKey("If-None-Match"));
    }

    [Theory]
    [InlineData("ghs_abc\ndef")]
    [InlineData("ghs_abc\u00e9def")]
    public void Create_TokenThatCannotBeSent_RefusedBeforeAnyRequest(string escaped)
    {
        var token = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var ex = Assert.Throws<ArgumentException>(() => GitHubRestClient.Create(new GitHubClientOptions(_server.GitHubApiUrl, token), _time, _stats));

        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
