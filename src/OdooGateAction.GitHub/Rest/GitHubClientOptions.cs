namespace OdooGateAction.GitHub.Rest;

/// <summary>How the client reaches GitHub and how hard it tries.</summary>
public sealed record GitHubClientOptions(string ApiUrl, string Token)
{
    public const string DefaultApiUrl = "https://api.github.com";

    public string UserAgent { get; init; } = "OdooGateAction";

    /// <summary>Retries after the first attempt, for 5xx, timeouts, connection faults and rate limits.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff delay; doubles each retry, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt's time limit.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a rate limit's <c>retry-after</c> / reset is waited for; beyond it the run fails closed.</summary>
    public TimeSpan RateLimitWaitBudget { get; init; } = TimeSpan.FromMinutes(2);

    public int PageSize { get; init; } = 100;

    /// <summary>A guard against endless pagination: 100 pages of 100 are 10,000 results.</summary>
    public int MaxPages { get; init; } = 100;
}

/// <summary>What the client sent: for the run's log, the tests, and the benchmark.</summary>
public sealed class GitHubRequestStats
{
    private int _requests;
    private int _notModified;
    private int _retries;

    /// <summary>Requests that went over the wire, retries included.</summary>
    public int Requests => _requests;

    /// <summary>Conditional requests GitHub answered with 304 (no rate-limit cost).</summary>
    public int NotModified => _notModified;

    public int Retries => _retries;

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountNotModified() => Interlocked.Increment(ref _notModified);

    internal void CountRetry() => Interlocked.Increment(ref _retries);
}
