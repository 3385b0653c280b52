using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace OdooGateAction.GitHub.Rest;

/// <summary>
/// Conditional GETs: remembers each URL's ETag and body, sends <c>If-None-Match</c>, and turns a 304 back into
/// the remembered 200 (with its <c>Link</c> header), so a poll of unchanged evidence costs no rate-limit quota. The
/// remembered bodies take at most <paramref name="maxCacheBytes"/> together (<see cref="Core.InputLimits.ResponseCacheBytes"/>):
/// beyond it an answer is not remembered, and its URL is simply asked again in full.
/// </summary>
internal sealed class ConditionalRequestHandler(GitHubRequestStats stats, long maxCacheBytes) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, CachedResponse> _cache = new(StringComparer.Ordinal);
    private readonly Lock _size = new();
    private long _cachedBytes;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.RequestUri!.AbsoluteUri;
        var cacheable = request.Method == HttpMethod.Get;
        if (cacheable && _cache.TryGetValue(key, out var cached))
        {
            request.Headers.IfNoneMatch.Clear();
            request.Headers.IfNoneMatch.Add(cached.ETag);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (cacheable && response.StatusCode == HttpStatusCode.NotModified && _cache.TryGetValue(key, out cached))
        {
            stats.CountNotModified();
            response.Dispose();
            var replay = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(cached.Body),
            };
            replay.Content.Headers.ContentType = cached.ContentType;
            if (cached.Link is not null)
            {
                replay.Headers.TryAddWithoutValidation("Link", cached.Link);
            }

            return replay;
        }

        if (cacheable && response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } etag)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var link = response.Headers.TryGetValues("Link", out var values) ? string.Join(", ", values) : null;
            Remember(key, new CachedResponse(etag, body, response.Content.Headers.ContentType, link));
        }

        return response;
    }

    /// <summary>The bytes the remembered bodies take now.</summary>
    internal long CachedBytes
    {
        get
        {
            lock (_size)
            {
                return _cachedBytes;
            }
        }
    }

    private void Remember(string key, CachedResponse entry)
    {
        lock (_size)
        {
            var replaced = _cache.TryGetValue(key, out var old) ? old.Body.LongLength : 0;
            if (_cachedBytes - replaced + entry.Body.LongLength > maxCacheBytes)
            {
                if (replaced > 0)
                {
                    _cache.TryRemove(key, out _); // the remembered answer is stale, and the fresh one does not fit
                    _cachedBytes -= replaced;
                }

                return;
            }

            _cache[key] = entry;
            _cachedBytes += entry.Body.LongLength - replaced;
        }
    }

    private sealed record CachedResponse(EntityTagHeaderValue ETag, byte[] Body, MediaTypeHeaderValue? ContentType, string? Link);
}
