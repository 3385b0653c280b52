using System.Globalization;
using OdooGateAction.Core;

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

    /// <summary>
    /// The sizes GitHub's answers may have (<see cref="InputLimits.ResponseBytes"/>, <see cref="InputLimits.ErrorBodyBytes"/>,
    /// <see cref="InputLimits.ResponseCacheBytes"/>, <see cref="InputLimits.MaxPages"/>): a larger answer is GitHub failing (exit 3).
    /// </summary>
    public InputLimits Limits { get; init; } = InputLimits.Default;

    /// <summary>
    /// Why <paramref name="token"/> cannot be sent as a token, or null when it can: a token is one word of printable
    /// ASCII (no line break, space or other character), so a pasted newline or a smart quote is refused before any
    /// request rather than failing every retry. The token itself is never part of the answer.
    /// </summary>
    public static string? TokenProblem(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c is '\r' or '\n')
            {
                return "holds a line break inside the token";
            }

            if (c is <= ' ' or > '~')
            {
                return string.Create(CultureInfo.InvariantCulture, $"holds a character that is not printable ASCII (position {i + 1})");
            }
        }

        return null;
    }
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
