namespace OdooGateAction.FakeGitHub;

/// <summary>The kinds of failure the fake can inject.</summary>
public enum FaultKind
{
    /// <summary>Answer with a status code and a body (a 502 HTML page, a 500 JSON error).</summary>
    Status,

    /// <summary>403 with <c>Retry-After</c> and GitHub's "secondary rate limit" message.</summary>
    SecondaryRateLimit,

    /// <summary>403 with <c>X-RateLimit-Remaining: 0</c>, <c>X-RateLimit-Reset</c> and "API rate limit exceeded".</summary>
    PrimaryRateLimit,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    TooManyRequests,

    /// <summary>Answer normally, but only after a delay (the delay ends early when the client aborts).</summary>
    Delay,

    /// <summary>Answer normally with the full <c>Content-Length</c>, write half the body, then abort the connection.</summary>
    TruncatedBody,

    /// <summary>A redirect (301, 302, 307, 308) to <see cref="Fault.Location"/>, with GitHub's "Moved Permanently" body.</summary>
    Redirect,

    /// <summary>Answer normally, but with the JSON body passed through <see cref="Fault.Rewrite"/> first (what something between GitHub and the client might do).</summary>
    RewriteBody,
}

/// <summary>One injected failure. Build it with the static factories.</summary>
public sealed class Fault
{
    private Fault(FaultKind kind) => Kind = kind;

    public FaultKind Kind { get; }

    /// <summary>Status code for <see cref="FaultKind.Status"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>Body for <see cref="FaultKind.Status"/>; null gives a default (HTML for 502/503/504, GitHub's JSON error otherwise).</summary>
    public string? Body { get; private init; }

    /// <summary>Content type for <see cref="FaultKind.Status"/>; null: guessed from the body (JSON, HTML or plain text).</summary>
    public string? ContentType { get; private init; }

    public int RetryAfterSeconds { get; private init; }
    public DateTimeOffset Reset { get; private init; }
    public TimeSpan Duration { get; private init; }

    /// <summary>Where <see cref="FaultKind.Redirect"/> points: absolute (any origin) or relative to the request.</summary>
    public string? Location { get; private init; }

    /// <summary>The edit of <see cref="FaultKind.RewriteBody"/>: the answer's JSON in, the JSON to send out.</summary>
    public Func<System.Text.Json.Nodes.JsonNode, System.Text.Json.Nodes.JsonNode>? Rewrite { get; private init; }

    public static Fault Status(int code, string? body = null, string? contentType = null) =>
        new(FaultKind.Status) { StatusCode = code, Body = body, ContentType = contentType };

    public static Fault SecondaryRateLimit(int retryAfterSeconds) =>
        new(FaultKind.SecondaryRateLimit) { StatusCode = 403, RetryAfterSeconds = retryAfterSeconds };

    public static Fault PrimaryRateLimit(DateTimeOffset reset) =>
        new(FaultKind.PrimaryRateLimit) { StatusCode = 403, Reset = reset };

    public static Fault TooManyRequests(int retryAfterSeconds) =>
        new(FaultKind.TooManyRequests) { StatusCode = 429, RetryAfterSeconds = retryAfterSeconds };

    public static Fault Delay(TimeSpan duration) => new(FaultKind.Delay) { Duration = duration };

    public static Fault TruncatedBody() => new(FaultKind.TruncatedBody) { StatusCode = 200 };

    public static Fault Redirect(string location, int code = 302)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (code is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "a redirect is 301, 302, 303, 307 or 308");
        }

        return new(FaultKind.Redirect) { StatusCode = code, Location = location };
    }

    public static Fault RewriteBody(Func<System.Text.Json.Nodes.JsonNode, System.Text.Json.Nodes.JsonNode> rewrite)
    {
        ArgumentNullException.ThrowIfNull(rewrite);
        return new(FaultKind.RewriteBody) { Rewrite = rewrite };
    }

    public override string ToString() => Kind switch
    {
        FaultKind.Status => $"Status({StatusCode})",
        FaultKind.SecondaryRateLimit or FaultKind.TooManyRequests => $"{Kind}({RetryAfterSeconds}s)",
        FaultKind.PrimaryRateLimit => $"PrimaryRateLimit({Reset:O})",
        FaultKind.Delay => $"Delay({Duration.TotalMilliseconds}ms)",
        FaultKind.Redirect => $"Redirect({StatusCode} {Location})",
        _ => Kind.ToString(),
    };
}

/// <summary>What a fault predicate sees: the method, the path below the path base (e.g. <c>/repos/acme/odoo/commits/abc/check-runs</c>) and the raw query (with <c>?</c>, or empty).</summary>
public sealed record FaultRequest(string Method, string Path, string Query);

/// <summary>
/// Faults to inject, each for the next N matching requests. A request takes the first entry (in the order added)
/// that matches and still has uses left; each request takes at most one fault.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly List<(FaultRequest Request, Fault Fault)> _applied = [];

    /// <summary>Injects <paramref name="fault"/> into the next <paramref name="times"/> requests with this method
    /// (<c>"*"</c>: any) whose path starts with <paramref name="pathPrefix"/> (below the path base, or the full path).</summary>
    public void Add(string method, string pathPrefix, Fault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        Add(
            r => (method == "*" || string.Equals(method, r.Method, StringComparison.OrdinalIgnoreCase))
                && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal),
            fault,
            times);
    }

    /// <summary>Injects <paramref name="fault"/> into the next <paramref name="times"/> requests the predicate accepts.</summary>
    public void Add(Func<FaultRequest, bool> predicate, Fault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _entries.Add(new Entry(predicate, fault, times));
        }
    }

    /// <summary>Uses left over all entries.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Sum(e => e.Remaining);
            }
        }
    }

    /// <summary>The faults injected so far, in order, with the request each hit.</summary>
    public IReadOnlyList<(FaultRequest Request, Fault Fault)> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal Fault? TryTake(FaultRequest request, string fullPath)
    {
        lock (_gate)
        {
            foreach (var entry in _entries)
            {
                if (entry.Remaining > 0
                    && (entry.Predicate(request) || (fullPath != request.Path && entry.Predicate(request with { Path = fullPath }))))
                {
                    entry.Remaining--;
                    if (entry.Remaining == 0)
                    {
                        _entries.Remove(entry);
                    }

                    _applied.Add((request, entry.Fault));
                    return entry.Fault;
                }
            }

            return null;
        }
    }

    private sealed class Entry(Func<FaultRequest, bool> predicate, Fault fault, int remaining)
    {
        public Func<FaultRequest, bool> Predicate { get; } = predicate;
        public Fault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }
}
