using System.Globalization;
using System.Net;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class HeadersAndRateLimitTests
{
    [Fact]
    public async Task Get_IfNoneMatchWithETag_Returns304AndKeepsRateLimit()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddCheckRun(Sha, "build");
        using var api = new Api(server);
        var path = $"/repos/acme/odoo/commits/{Sha}/check-runs";

        var first = await api.GetAsync(path);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("4999", Header(first, "X-RateLimit-Remaining"));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, api.Url(path));
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await api.Http.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal("4999", Header(second, "X-RateLimit-Remaining"));
        Assert.Equal(4999, server.RateLimitRemaining);
        Assert.Equal(304, server.Requests[^1].Status);

        repo.AddCheckRun(Sha, "lint");
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, api.Url(path));
        afterChange.Headers.IfNoneMatch.Add(etag);
        var third = await api.Http.SendAsync(afterChange);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.NotEqual(etag, third.Headers.ETag);
        Assert.Equal(4998, server.RateLimitRemaining);
    }

    [Fact]
    public async Task AnyResponse_CarriesGitHubHeaders()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server);

        var ok = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/statuses");
        var notFound = await api.GetAsync("/repos/acme/odoo/pulls/99");

        foreach (var (response, remaining) in new[] { (ok, 4999), (notFound, 4998) })
        {
            Assert.Equal("application/json; charset=utf-8", Header(response, "Content-Type"));
            Assert.Equal("5000", Header(response, "X-RateLimit-Limit"));
            Assert.Equal(remaining.ToString(CultureInfo.InvariantCulture), Header(response, "X-RateLimit-Remaining"));
            Assert.Equal((5000 - remaining).ToString(CultureInfo.InvariantCulture), Header(response, "X-RateLimit-Used"));
            Assert.Equal("core", Header(response, "X-RateLimit-Resource"));
            var reset = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Header(response, "X-RateLimit-Reset"), CultureInfo.InvariantCulture));
            Assert.InRange(reset, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
            Assert.Matches("^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{7}:[0-9A-F]{7}:[0-9A-F]{8}$", Header(response, "X-GitHub-Request-Id"));
            Assert.Equal("2022-11-28", Header(response, "X-GitHub-Api-Version-Selected"));
        }

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        var error = await JsonAsync(notFound);
        Assert.Equal("Not Found", error.GetProperty("message").GetString());
        Assert.StartsWith("https://docs.github.com/rest", error.GetProperty("documentation_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_Exhausted_Returns403PrimaryRateLimit()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        server.SetRateLimit(1);
        using var api = new Api(server);

        var last = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/statuses");
        var refused = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/statuses");

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal("0", Header(last, "X-RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("0", Header(refused, "X-RateLimit-Remaining"));
        Assert.StartsWith("API rate limit exceeded", (await JsonAsync(refused)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRateLimit_DoesNotCount()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var api = new Api(server);

        var json = await JsonAsync(await api.GetAsync("/rate_limit"));

        Assert.Equal(5000, json.GetProperty("resources").GetProperty("core").GetProperty("remaining").GetInt32());
        Assert.Equal(5000, server.RateLimitRemaining);
    }
}
