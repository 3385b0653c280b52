using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace OdooGateAction.FakeGitHub;

internal enum IdKind
{
    CheckRun,
    CheckSuite,
    Status,
    Comment,
    PullRequest,
    Repository,
}

/// <summary>
/// A fake GitHub REST API on <c>http://127.0.0.1:{free port}</c>: real HTTP, GitHub's JSON shapes (built from GitHub's
/// own examples), real <c>Link</c> pagination, ETag / 304, rate-limit headers, auth and injected faults.
/// Start one per test (<see cref="StartAsync"/>), point the code under test at <see cref="GitHubApiUrl"/>, dispose it.
/// </summary>
public sealed partial class FakeGitHubServer : IAsyncDisposable
{
    /// <summary>The hourly primary rate limit a GitHub App installation token (GITHUB_TOKEN) starts with.</summary>
    public const int RateLimit = 5000;

    private const string TruncateKey = "fake-github.truncate";
    private const string RequestIdKey = "fake-github.request-id";
    private const string BodyKey = "fake-github.body";
    private const string RewriteKey = "fake-github.rewrite";
    private const string SlotKey = "fake-github.slot";
    private const string InjectedKey = "fake-github.injected";

    private static readonly Dictionary<IdKind, long> IdBases = new()
    {
        // Real GitHub ids are large: check runs, suites and statuses exceed 32 bits, comment ids exceed int.MaxValue.
        [IdKind.CheckRun] = 40_000_000_000,
        [IdKind.CheckSuite] = 25_000_000_000,
        [IdKind.Status] = 30_000_000_000,
        [IdKind.Comment] = 2_500_000_000,
        [IdKind.PullRequest] = 2_100_000_000,
        [IdKind.Repository] = 700_000_000,
    };

    private readonly Lock _gate = new();
    private readonly string _pathBase;
    private readonly Dictionary<string, FakeRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, FakeRepository> _repositoriesById = [];
    private readonly Dictionary<long, (CheckRun Run, FakeRepository Repo)> _checkRunIndex = [];
    private readonly Dictionary<long, (Comment Comment, FakeRepository Repo)> _commentIndex = [];
    private readonly Dictionary<IdKind, long> _nextIds = IdBases.ToDictionary(p => p.Key, p => p.Value + 1);
    private readonly List<RequestSlot> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private GitHubJson? _json;
    private int _remaining = RateLimit;
    private DateTimeOffset? _reset;
    private long _requestSequence;
    private int _disposed;
    private string _apiBase = string.Empty;

    private FakeGitHubServer(string pathBase) => _pathBase = pathBase;

    /// <summary>The API root, e.g. <c>http://127.0.0.1:43123/</c> or <c>http://127.0.0.1:43123/api/v3</c>.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>The API root as text without a trailing slash: the value for <c>GITHUB_API_URL</c>.</summary>
    public string GitHubApiUrl => _apiBase;

    /// <summary>The web root used in <c>html_url</c> fields (never contacted). Default <c>https://github.com</c>.</summary>
    public Uri WebUrl { get; set; } = new("https://github.com");

    /// <summary>Every request received, in arrival order (a snapshot; thread-safe).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.Select(slot => slot.Value)];
            }
        }
    }

    public FaultPlan Faults { get; } = new();

    /// <summary>Requests must send <c>Authorization: Bearer {Token}</c> or <c>token {Token}</c>; otherwise 401 "Bad credentials".</summary>
    public string Token { get; set; } = "ghs_test_token";

    /// <summary>True: every POST/PATCH/PUT/DELETE gets 403 "Resource not accessible by integration" (a fork PR's token).</summary>
    public bool ReadOnlyToken { get; set; }

    /// <summary>
    /// A second token that may read org team memberships (<c>GET /orgs/{org}/teams/{slug}/memberships/{user}</c>); the
    /// main <see cref="Token"/> gets 403 there, as GITHUB_TOKEN does. Null: no such token exists.
    /// </summary>
    public string? OrgToken { get; set; }

    /// <summary><c>GET /user</c> answers this login; null: 403 "Resource not accessible by integration" (what GITHUB_TOKEN gets).</summary>
    public string? AuthenticatedLogin { get; set; }

    /// <summary><c>user.login</c> of the comments the token writes.</summary>
    public string WriterLogin { get; set; } = "github-actions[bot]";

    /// <summary><c>app.slug</c> of the check runs the token creates (and the only app allowed to update them).</summary>
    public string WriterAppSlug { get; set; } = "github-actions";

    /// <summary>
    /// True (GitHub's behaviour): <c>Link</c> URLs use the <c>/repositories/{id}/...</c> form, which the server also
    /// answers; false: they repeat the requested <c>/repos/{owner}/{repo}/...</c> path.
    /// </summary>
    public bool LinksUseRepositoryId { get; set; } = true;

    /// <summary>The clock for server-set times (created_at of written objects, rate-limit reset).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Starts at 5000; every answered request except a 304 (and <c>GET /rate_limit</c>) uses one.</summary>
    public int RateLimitRemaining
    {
        get
        {
            lock (_gate)
            {
                RefreshWindow();
                return _remaining;
            }
        }
    }

    /// <summary>When the rate-limit window resets (one hour after the first request, then hourly).</summary>
    public DateTimeOffset RateLimitReset
    {
        get
        {
            lock (_gate)
            {
                RefreshWindow();
                return _reset!.Value;
            }
        }
    }

    /// <summary>Sets the remaining calls (0: every request gets the primary-rate-limit 403 until the reset).</summary>
    public void SetRateLimit(int remaining, DateTimeOffset? reset = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(remaining, RateLimit);
        lock (_gate)
        {
            RefreshWindow();
            _remaining = remaining;
            _reset = reset ?? _reset;
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Starts the server on 127.0.0.1 and a free port. <paramref name="pathBase"/> <c>"/api/v3"</c> mimics GitHub Enterprise Server.</summary>
    public static async Task<FakeGitHubServer> StartAsync(string pathBase = "")
    {
        ArgumentNullException.ThrowIfNull(pathBase);
        pathBase = pathBase.TrimEnd('/');
        if (pathBase.Length > 0 && !pathBase.StartsWith('/'))
        {
            throw new ArgumentException("the path base starts with '/', e.g. \"/api/v3\"", nameof(pathBase));
        }

        var server = new FakeGitHubServer(pathBase);
        await server.StartCoreAsync();
        return server;
    }

    /// <summary>Gets or creates the repository <paramref name="owner"/>/<paramref name="name"/> (names compare case-insensitively, as on GitHub).</summary>
    public FakeRepository Repository(string owner, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            var key = owner + "/" + name;
            if (!_repositories.TryGetValue(key, out var repo))
            {
                var id = NextId(IdKind.Repository, null, _ => false);
                repo = new FakeRepository(this, owner, name, id);
                _repositories[key] = repo;
                _repositoriesById[id] = repo;
            }

            return repo;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // In-flight requests were aborted; nothing else to release.
            }

            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    // ---- state shared with FakeRepository ----------------------------------------------------------------------

    internal static long Ordinal(IdKind kind, long id) => id > IdBases[kind] ? id - IdBases[kind] : id;

    internal long NextId(IdKind kind, long? requested, Func<long, bool> exists)
    {
        lock (_gate)
        {
            if (requested is { } id)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(id, 1, nameof(requested));
                if (exists(id))
                {
                    throw new ArgumentException($"{kind} id {id} is already used", nameof(requested));
                }

                _nextIds[kind] = Math.Max(_nextIds[kind], id + 1);
                return id;
            }

            return _nextIds[kind]++;
        }
    }

    internal void Index(CheckRun run, FakeRepository repo)
    {
        lock (_gate)
        {
            _checkRunIndex[run.Id] = (run, repo);
        }
    }

    internal void Index(Comment comment, FakeRepository repo)
    {
        lock (_gate)
        {
            _commentIndex[comment.Id] = (comment, repo);
        }
    }

    internal CheckRun? FindCheckRun(long id)
    {
        lock (_gate)
        {
            return _checkRunIndex.TryGetValue(id, out var hit) ? hit.Run : null;
        }
    }

    internal Comment? FindComment(long id)
    {
        lock (_gate)
        {
            return _commentIndex.TryGetValue(id, out var hit) ? hit.Comment : null;
        }
    }

    private GitHubJson Json => _json ?? throw new InvalidOperationException("the server is not started");

    // ---- hosting -------------------------------------------------------------------------------------------------

    private async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(FakeGitHubServer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();
        if (_pathBase.Length > 0)
        {
            app.UsePathBase(_pathBase);
        }

        app.Use(InvokeAsync);
        app.UseRouting();
        MapRoutes(app);
        await app.StartAsync();
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var uri = new Uri(address);
        _apiBase = $"http://127.0.0.1:{uri.Port.ToString(CultureInfo.InvariantCulture)}{_pathBase}";
        ApiUrl = new Uri(_apiBase);
        _json = new GitHubJson(_apiBase, () => WebUrl.ToString().TrimEnd('/'));
    }

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var sequence = Interlocked.Increment(ref _requestSequence);
        context.Items[RequestIdKey] = RequestId(sequence);
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return;
        }

        context.Items[BodyKey] = body;
        var slot = Record(context, body);
        context.Items[SlotKey] = slot;
        var status = 499;
        try
        {
            await ProcessAsync(context, next);
            status = context.Items.ContainsKey(TruncateKey) || !context.RequestAborted.IsCancellationRequested
                ? context.Response.StatusCode
                : 499;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The client gave up, or the server is stopping: never answer an empty 200, drop the connection.
            context.Abort();
            status = 499;
        }
        finally
        {
            Complete(slot, status);
        }
    }

    private async Task ProcessAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (_pathBase.Length > 0 && !request.PathBase.HasValue)
        {
            await WriteAsync(context, ApiResponse.NotFound());
            return;
        }

        var path = request.Path.Value ?? "/";
        var fault = Faults.TryTake(new FaultRequest(request.Method, path, request.QueryString.Value ?? string.Empty), request.PathBase + path);
        if (fault is { Kind: FaultKind.Status or FaultKind.Redirect or FaultKind.TruncatedBody or FaultKind.RewriteBody })
        {
            // The test's own answer, not the fake's model of GitHub (a delay and the rate-limit answers are GitHub's).
            context.Items[InjectedKey] = true;
        }

        switch (fault?.Kind)
        {
            case null:
                break;
            case FaultKind.Delay:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    await Task.Delay(fault.Duration, linked.Token);
                }

                break;
            case FaultKind.TruncatedBody:
                context.Items[TruncateKey] = true;
                break;
            case FaultKind.RewriteBody:
                context.Items[RewriteKey] = fault;
                break;
            default:
                await WriteAsync(context, FaultResponse(fault, context));
                return;
        }

        if (!IsAuthorized(request.Headers.Authorization))
        {
            await WriteAsync(context, ApiResponse.Error(401, "Bad credentials"));
            return;
        }

        if (!string.Equals(path, "/rate_limit", StringComparison.Ordinal) && Exhausted() is { } reset)
        {
            await WriteAsync(context, PrimaryRateLimitResponse(context, reset));
            return;
        }

        if (ReadOnlyToken && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method))
        {
            await WriteAsync(context, ApiResponse.NotAccessible(Docs.ForWrite(request.Method, path)));
            return;
        }

        await next(context);
    }

    private bool IsAuthorized(StringValues header)
    {
        var value = header.ToString();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var scheme = value[..space];
        var token = value[(space + 1)..].Trim();
        return (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("token", StringComparison.OrdinalIgnoreCase))
            && token.Length > 0
            && (string.Equals(token, Token, StringComparison.Ordinal) || (OrgToken is not null && string.Equals(token, OrgToken, StringComparison.Ordinal)));
    }

    private DateTimeOffset? Exhausted()
    {
        lock (_gate)
        {
            RefreshWindow();
            return _remaining > 0 ? null : _reset;
        }
    }

    private void RefreshWindow()
    {
        var now = Clock.GetUtcNow();
        if (_reset is null)
        {
            _reset = TruncateToSecond(now.AddHours(1));
        }
        else if (now >= _reset)
        {
            _remaining = RateLimit;
            _reset = TruncateToSecond(now.AddHours(1));
        }
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private ApiResponse FaultResponse(Fault fault, HttpContext context)
    {
        var requestId = (string)context.Items[RequestIdKey]!;
        switch (fault.Kind)
        {
            case FaultKind.SecondaryRateLimit or FaultKind.TooManyRequests:
                var limited = ApiResponse.Error(
                    fault.StatusCode,
                    $"You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID {requestId}.",
                    Docs.SecondaryRateLimit);
                limited.Headers["Retry-After"] = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return limited;
            case FaultKind.PrimaryRateLimit:
                return PrimaryRateLimitResponse(context, fault.Reset);
            case FaultKind.Redirect:
                var moved = ApiResponse.Json(fault.StatusCode, new System.Text.Json.Nodes.JsonObject
                {
                    ["message"] = "Moved Permanently",
                    ["url"] = fault.Location,
                    ["documentation_url"] = "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects",
                });
                moved.Headers["Location"] = fault.Location!;
                return moved;
            default:
                if (fault.Body is null)
                {
                    return fault.StatusCode is 502 or 503 or 504
                        ? ApiResponse.Text(fault.StatusCode, UnicornPage(fault.StatusCode), "text/html; charset=utf-8")
                        : ApiResponse.Error(fault.StatusCode, fault.StatusCode == 500 ? "Server Error" : ApiResponse.DefaultReason(fault.StatusCode));
                }

                var trimmed = fault.Body.TrimStart();
                var contentType = fault.ContentType
                    ?? (trimmed.StartsWith('{') || trimmed.StartsWith('[') ? ApiResponse.JsonContentType
                        : trimmed.StartsWith('<') ? "text/html; charset=utf-8"
                        : "text/plain; charset=utf-8");
                return ApiResponse.Text(fault.StatusCode, fault.Body, contentType);
        }
    }

    private ApiResponse PrimaryRateLimitResponse(HttpContext context, DateTimeOffset reset)
    {
        var requestId = (string)context.Items[RequestIdKey]!;
        var now = Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var body = GitHubJson.Error(
            $"API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID {requestId} and timestamp {now} UTC.",
            Docs.PrimaryRateLimit,
            403);
        var response = ApiResponse.Json(403, body);
        return new ApiResponse
        {
            Status = 403,
            Body = response.Body,
            RateLimitShown = (0, reset.ToUnixTimeSeconds()),
        };
    }

    private static string UnicornPage(int status) => $"""
        <!DOCTYPE html>
        <html>
          <head>
            <meta http-equiv="Content-type" content="text/html; charset=utf-8">
            <title>{ApiResponse.DefaultReason(status)} &middot; GitHub</title>
          </head>
          <body>
            <h1>{status.ToString(CultureInfo.InvariantCulture)}: {ApiResponse.DefaultReason(status)}</h1>
            <p>We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request.</p>
          </body>
        </html>

        """;

    private static string RequestId(long sequence) => string.Create(
        CultureInfo.InvariantCulture,
        $"{0x0680 + (sequence % 8):X4}:{(sequence * 7919) % 0xFFFF:X4}:{sequence:X7}:{sequence * 31:X7}:{DateTimeOffset.UtcNow.ToUnixTimeSeconds():X8}");

    // ---- writing ----------------------------------------------------------------------------------------------------

    private async Task WriteAsync(HttpContext context, ApiResponse r)
    {
        if (context.Items[RewriteKey] is Fault { Rewrite: { } rewrite } && r.ContentType == ApiResponse.JsonContentType && r.Status is >= 200 and < 300)
        {
            r = r.WithBody(rewrite(System.Text.Json.Nodes.JsonNode.Parse(r.Body)!));
        }

        var request = context.Request;
        var response = context.Response;
        string? etag = null;
        var notModified = false;
        if (HttpMethods.IsGet(request.Method) && r.Status == 200)
        {
            etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(r.Body)) + "\"";
            notModified = IfNoneMatch(request.Headers.IfNoneMatch, etag);
        }

        int remaining;
        long reset;
        lock (_gate)
        {
            RefreshWindow();
            if (!notModified && r.CountsAgainstRateLimit && _remaining > 0)
            {
                _remaining--;
            }

            remaining = _remaining;
            reset = _reset!.Value.ToUnixTimeSeconds();
        }

        if (r.RateLimitShown is { } shown)
        {
            (remaining, reset) = shown;
        }

        var h = response.Headers;
        response.StatusCode = notModified ? StatusCodes.Status304NotModified : r.Status;
        h["Server"] = "GitHub.com";
        h.ContentType = r.ContentType;
        if (HttpMethods.IsGet(request.Method) && r.Status == 200)
        {
            h.CacheControl = "private, max-age=60, s-maxage=60";
            h.Vary = "Accept, Authorization, Cookie, X-GitHub-OTP";
            h.ETag = etag;
        }

        if (r.Link is not null)
        {
            h.Link = r.Link;
        }

        h["X-GitHub-Media-Type"] = "github.v3; format=json";
        h["X-GitHub-Api-Version-Selected"] = request.Headers["X-GitHub-Api-Version"] is { Count: > 0 } version ? version.ToString() : "2022-11-28";
        h["X-RateLimit-Limit"] = RateLimit.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Used"] = (RateLimit - remaining).ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Resource"] = "core";
        h.AccessControlExposeHeaders = "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";
        h.AccessControlAllowOrigin = "*";
        h["X-GitHub-Request-Id"] = (string)context.Items[RequestIdKey]!;
        foreach (var (name, value) in r.Headers)
        {
            h[name] = value;
        }

        RecordResponse(context, new RecordedResponse(
            response.StatusCode, notModified ? string.Empty : r.ContentType, notModified ? ReadOnlyMemory<byte>.Empty : r.Body, context.Items.ContainsKey(InjectedKey)));
        if (notModified)
        {
            return;
        }

        response.ContentLength = r.Body.Length;
        if (context.Items.ContainsKey(TruncateKey))
        {
            // Ending the response short of its Content-Length makes Kestrel close the connection after the bytes
            // written: the client reads the headers and half the body, then the connection ends.
            await response.Body.WriteAsync(r.Body.AsMemory(0, r.Body.Length / 2), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            return;
        }

        await response.Body.WriteAsync(r.Body, context.RequestAborted);
    }

    private static bool IfNoneMatch(StringValues header, string etag)
    {
        foreach (var value in header)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // ---- recording ----------------------------------------------------------------------------------------------

    private RequestSlot Record(HttpContext context, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) ? Redact(values.ToString()) : values.ToString();
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var pathAndQuery = string.IsNullOrEmpty(target)
            ? context.Request.PathBase + context.Request.Path + context.Request.QueryString
            : target;
        lock (_gate)
        {
            var slot = new RequestSlot(new RecordedRequest(context.Request.Method, pathAndQuery, headers, body, 0));
            _requests.Add(slot);
            return slot;
        }
    }

    /// <summary>Records the answer before it is written, so it is there as soon as the client has it.</summary>
    private void RecordResponse(HttpContext context, RecordedResponse answer)
    {
        if (context.Items[SlotKey] is RequestSlot slot)
        {
            lock (_gate)
            {
                slot.Value = slot.Value with { Response = answer };
            }
        }
    }

    private void Complete(RequestSlot slot, int status)
    {
        lock (_gate)
        {
            slot.Value = slot.Value with { Status = status };
        }
    }

    private sealed class RequestSlot(RecordedRequest value)
    {
        public RecordedRequest Value { get; set; } = value;
    }

    private static string Redact(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? authorization[..space] + " ***" : "***";
    }
}
