using System.Diagnostics;
using System.Globalization;
using System.Net;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class FaultTests
{
    private static readonly string ChecksPath = $"/repos/acme/odoo/commits/{Sha}/check-runs";

    [Fact]
    public async Task StatusFault_502Twice_ThenAnswersNormally()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/acme/odoo/commits/", Fault.Status(502), times: 2);
        using var api = new Api(server);

        var first = await api.GetAsync(ChecksPath);
        var second = await api.GetAsync(ChecksPath);
        var third = await api.GetAsync(ChecksPath);

        Assert.Equal((HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, third.StatusCode));
        Assert.StartsWith("text/html", Header(first, "Content-Type"), StringComparison.Ordinal);
        Assert.Contains("<html>", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, server.Faults.Pending);
        Assert.Equal([502, 502, 200], server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Faults_SeveralEntries_ConsumedInOrderAndOnlyWhenMatching()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/acme/odoo/commits/", Fault.Status(500));
        server.Faults.Add("*", "/repos/acme/odoo/", Fault.Status(503, """{"message":"Service Unavailable"}"""));
        server.Faults.Add(r => r.Query.Contains("per_page=7", StringComparison.Ordinal), Fault.Status(504));
        using var api = new Api(server);

        var other = await api.GetAsync("/user");
        Assert.Equal(3, server.Faults.Pending);
        var first = await api.GetAsync(ChecksPath);
        var second = await api.GetAsync(ChecksPath);
        var third = await api.GetAsync(ChecksPath);
        var byPredicate = await api.GetAsync(ChecksPath + "?per_page=7");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal("Server Error", (await JsonAsync(first)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("application/json; charset=utf-8", Header(second, "Content-Type"));
        Assert.Equal("Service Unavailable", (await JsonAsync(second)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, byPredicate.StatusCode);
        Assert.Equal(0, server.Faults.Pending);
        Assert.Equal(3, server.Faults.Applied.Count);
    }

    [Fact]
    public async Task SecondaryRateLimit_Returns403WithRetryAfter()
    {
        await using var server = await Start();
        server.Faults.Add("POST", "/repos/acme/odoo/check-runs", Fault.SecondaryRateLimit(7));
        using var api = new Api(server);

        var response = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/check-runs", $$"""{"name":"g","head_sha":"{{Sha}}"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("7", Header(response, "Retry-After"));
        Assert.NotEqual("0", Header(response, "X-RateLimit-Remaining"));
        Assert.StartsWith("You have exceeded a secondary rate limit", (await JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Repository("acme", "odoo").CheckRuns(Sha), r => r.CreatedViaApi);
    }

    [Fact]
    public async Task PrimaryRateLimit_Returns403WithZeroRemainingAndReset()
    {
        await using var server = await Start();
        var reset = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        server.Faults.Add("GET", "/repos/", Fault.PrimaryRateLimit(reset));
        using var api = new Api(server);

        var response = await api.GetAsync(ChecksPath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("0", Header(response, "X-RateLimit-Remaining"));
        Assert.Equal(reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Header(response, "X-RateLimit-Reset"));
        Assert.StartsWith("API rate limit exceeded for ", (await JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequests_Returns429WithRetryAfter()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/", Fault.TooManyRequests(3));
        using var api = new Api(server);

        var response = await api.GetAsync(ChecksPath);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Delay_AnswersNormallyAfterTheDelay()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/", Fault.Delay(TimeSpan.FromMilliseconds(100)));
        using var api = new Api(server);

        var watch = Stopwatch.StartNew();
        var response = await api.GetAsync(ChecksPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(90), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Delay_ClientGivesUp_ServerStopsWaitingAndRecords499()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/", Fault.Delay(TimeSpan.FromSeconds(30)));
        // Long enough for the request to reach the server even on a loaded machine; far shorter than the delay.
        using var api = new Api(server, timeout: TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TaskCanceledException>(() => api.GetAsync(ChecksPath));

        var status = 0;
        for (var i = 0; i < 150 && status == 0; i++)
        {
            await Task.Delay(20);
            status = server.Requests.Count > 0 ? server.Requests[0].Status : 0;
        }

        Assert.Equal(499, status);
    }

    [Fact]
    public async Task TruncatedBody_FullContentLengthHalfBody_ClientFailsReading()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/", Fault.TruncatedBody());
        using var api = new Api(server);

        using var response = await api.Http.GetAsync(api.Url(ChecksPath), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var declared = response.Content.Headers.ContentLength;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpRequestError.ResponseEnded, Assert.IsType<HttpIOException>(error.InnerException).HttpRequestError);
        Assert.True(declared > 100);
        Assert.Equal(200, server.Requests[0].Status);
        var retry = await api.GetAsync(ChecksPath);
        Assert.Equal(declared, (await retry.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Redirect_AnswersTheCodeAndLocationWithGitHubsBody()
    {
        await using var server = await Start();
        server.Faults.Add("GET", "/repos/acme/odoo/commits/", Fault.Redirect("https://elsewhere.example/x", 301));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + server.Token);

        using var response = await http.GetAsync(new Uri(server.GitHubApiUrl + ChecksPath));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri("https://elsewhere.example/x"), response.Headers.Location);
        Assert.Equal("Moved Permanently", (await JsonAsync(response)).GetProperty("message").GetString());
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Redirect("/x", 200));
    }

    [Fact]
    public async Task RewriteBody_AnswersTheEditedJsonWithItsOwnETag()
    {
        await using var server = await Start();
        using var api = new Api(server);
        var plain = await api.GetAsync(ChecksPath);
        server.Faults.Add("GET", "/repos/acme/odoo/commits/", Fault.RewriteBody(body =>
        {
            body["check_runs"]![0]!["conclusion"] = "failure";
            return body;
        }));

        var rewritten = await api.GetAsync(ChecksPath);

        Assert.Equal(HttpStatusCode.OK, rewritten.StatusCode);
        Assert.Equal("failure", (await JsonAsync(rewritten)).GetProperty("check_runs")[0].GetProperty("conclusion").GetString());
        Assert.NotEqual(Header(plain, "ETag"), Header(rewritten, "ETag"));
        Assert.Equal("success", (await JsonAsync(await api.GetAsync(ChecksPath))).GetProperty("check_runs")[0].GetProperty("conclusion").GetString());
    }

    private static async Task<FakeGitHubServer> Start()
    {
        var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo").AddCheckRun(Sha, "build");
        return server;
    }
}
