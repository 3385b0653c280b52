using System.Globalization;
using System.Net;

namespace OdooGateAction.GitHub.Rest;

/// <summary>
/// Follows GitHub's redirects (a renamed or moved repository answers 301, 302 or 307) only on the API's own origin
/// (scheme, host and port), with the token, at most <see cref="MaxHops"/> times. A redirect anywhere else is refused
/// before a byte is sent there: the token stays with the API, and an answer from another origin never becomes
/// evidence. The transport's own redirect following is off (<see cref="SocketsHttpHandler.AllowAutoRedirect"/>).
/// </summary>
/// <remarks>
/// 301, 302 and 303 are followed for reads (GET, HEAD) only: turning a write into a GET, as browsers do, would
/// report a write that never happened. 307 and 308 keep the method and body, so a write may follow them.
/// </remarks>
internal sealed class RedirectHandler(Uri apiOrigin) : DelegatingHandler
{
    public const int MaxHops = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var first = request.RequestUri!;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            if (!IsFollowed(status, request.Method))
            {
                return response;
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw Refused(request, first, $"redirects ({Code(status)}) without a Location");
            }

            var next = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            if (!SameOrigin(next, apiOrigin))
            {
                throw Refused(request, first, $"redirects ({Code(status)}) to another origin than the API's; refusing to follow it with the token");
            }

            if (hop + 1 >= MaxHops)
            {
                throw Refused(request, first, $"redirects more than {MaxHops.ToString(CultureInfo.InvariantCulture)} times; refusing to follow further");
            }

            request.RequestUri = next;
        }
    }

    /// <summary>Scheme, host and port equal (an https API is never followed to http, nor to another port).</summary>
    internal static bool SameOrigin(Uri candidate, Uri origin) =>
        (candidate.Scheme == Uri.UriSchemeHttp || candidate.Scheme == Uri.UriSchemeHttps)
        && Uri.Compare(candidate, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsFollowed(HttpStatusCode status, HttpMethod method) => (int)status switch
    {
        301 or 302 or 303 => method == HttpMethod.Get || method == HttpMethod.Head,
        307 or 308 => true,
        _ => false,
    };

    private static string Code(HttpStatusCode status) => ((int)status).ToString(CultureInfo.InvariantCulture);

    private static GitHubApiException Refused(HttpRequestMessage request, Uri first, string why) =>
        new($"GitHub's answer to {request.Method} {first.PathAndQuery} {why}", null, request.Method.Method, first.PathAndQuery);
}
