using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace OdooGateAction.GitHub.Rest;

/// <summary>
/// Conditional GETs: remembers each URL's ETag and body, sends <c>If-None-Match</c>, and turns a 304 back into
/// the remembered 200 (with its <c>Link</c> header), so a poll of unchanged evidence costs no rate-limit quota.
/// </summary>
internal sealed class ConditionalRequestHandler(GitHubRequestStats stats) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, CachedResponse> _cache = new(StringComparer.Ordinal);

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
            _cache[key] = new CachedResponse(etag, body, response.Content.Headers.ContentType, link);
        }

        return response;
    }

    private sealed record CachedResponse(EntityTagHeaderValue ETag, byte[] Body, MediaTypeHeaderValue? ContentType, string? Link);
}
