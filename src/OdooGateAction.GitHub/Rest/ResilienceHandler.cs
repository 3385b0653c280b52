using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace OdooGateAction.GitHub.Rest;

/// <summary>
/// Retries what is worth retrying, with Polly.Core (its clock is the injected <see cref="TimeProvider"/>): 5xx, timeouts, connection faults and bodies cut short, with
/// jittered exponential backoff; 429 and 403 rate limits after <c>retry-after</c> or <c>x-ratelimit-reset</c>,
/// when that is within the wait budget. Never 401, 404, 422 or a plain 403. Bodies are buffered inside the
/// pipeline, so a truncated body is a retried failure, not a parse error later.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _budgetEnd;
    private readonly TimeSpan _attemptTimeout;
    private readonly int _maxResponseBytes;

    public ResilienceHandler(GitHubClientOptions options, TimeProvider time, GitHubRequestStats stats)
    {
        _time = time;
        _budgetEnd = time.GetUtcNow() + options.RateLimitWaitBudget;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RateLimitDelay(response) : null),
                OnRetry = args =>
                {
                    stats.CountRetry();
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
        _attemptTimeout = options.AttemptTimeout;
        _maxResponseBytes = options.Limits.ResponseBytes;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async token =>
            {
                // The attempt timeout runs on real time: it guards against a hung connection, whatever clock drives the waits.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
                attempt.CancelAfter(_attemptTimeout);
                HttpResponseMessage? response = null;
                try
                {
                    response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
                    await BufferAsync(request, response, _maxResponseBytes, attempt.Token).ConfigureAwait(false);
                    return response;
                }
                catch (OperationCanceledException ex) when (!token.IsCancellationRequested)
                {
                    response?.Dispose();
                    throw new TimeoutException($"no complete answer within {_attemptTimeout.TotalSeconds:0.#}s", ex);
                }
                catch
                {
                    response?.Dispose();
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads the whole body into memory, at most <paramref name="maxBytes"/> of it (<see cref="Core.InputLimits.ResponseBytes"/>):
    /// a larger answer is refused, not retried, and never read to its end.
    /// </summary>
    private static async Task BufferAsync(HttpRequestMessage request, HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(request, maxBytes);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] body;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(request, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        var buffered = new ByteArrayContent(body);
        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(name, values);
            }
        }

        response.Content.Dispose();
        response.Content = buffered;
    }

    private static GitHubApiException TooLarge(HttpRequestMessage request, int maxBytes)
    {
        var path = request.RequestUri?.PathAndQuery ?? "/";
        return new GitHubApiException(
            $"GitHub's answer to {request.Method} {path} is larger than {Core.InputLimits.Size(maxBytes)}, the most one answer may hold; it was not read (a proxy or server fault?)",
            null, request.Method.Method, path);
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or IOException or TimeoutException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status is 500 or 502 or 503 or 504)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || (response.StatusCode == HttpStatusCode.Forbidden && IsRateLimited(response)))
        {
            var wait = RateLimitDelay(response) ?? TimeSpan.Zero;
            return _time.GetUtcNow() + wait <= _budgetEnd;
        }

        return false;
    }

    private static bool IsRateLimited(HttpResponseMessage response) =>
        response.Headers.RetryAfter is not null || Header(response, "x-ratelimit-remaining") == "0";

    /// <summary>The wait GitHub asks for: <c>retry-after</c>, else until <c>x-ratelimit-reset</c>; null for plain backoff.</summary>
    private TimeSpan? RateLimitDelay(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden))
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return Max(date - _time.GetUtcNow());
            }
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - _time.GetUtcNow() + TimeSpan.FromSeconds(1));
        }

        // A secondary rate limit without a hint: GitHub's advice is to wait at least a minute.
        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromMinutes(1) : null;
    }

    private static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>Counts what goes over the wire (the innermost handler).</summary>
internal sealed class CountingHandler(GitHubRequestStats stats) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        stats.CountRequest();
        return base.SendAsync(request, cancellationToken);
    }
}
