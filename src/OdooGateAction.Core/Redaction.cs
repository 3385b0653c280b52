using System.Text.RegularExpressions;

namespace OdooGateAction.Core;

/// <summary>
/// Removes secrets from a message before it is printed or recorded: every known secret (the tokens; any value
/// registered with the output sink), and whatever has the shape of a credential even when nobody registered it — the
/// user part of a URL (<c>https://user:pass@host</c>), a credential parameter in a query or connection string
/// (<c>access_token=</c>, <c>password=</c>, ...), a bearer token, a GitHub token (<c>ghp_</c>, <c>ghs_</c>,
/// <c>github_pat_</c>, ...). Each becomes <see cref="Mask"/>.
/// </summary>
public static partial class Redaction
{
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="text"/> with each of <paramref name="secrets"/> (ordinal, longest first, blank ones ignored, also
    /// in their URL-escaped form) and every credential shape replaced by <see cref="Mask"/>.
    /// </summary>
    public static string Redact(string? text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in Variants(secrets))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return RedactShapes(text);
    }

    /// <summary>Only the credential shapes (see the class summary): for text whose secrets are not known.</summary>
    public static string RedactShapes(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = UrlCredentials().Replace(text, "${scheme}" + Mask + "@");
        text = CredentialParameter().Replace(text, "${name}" + Mask);
        text = PasswordParameter().Replace(text, "${name}" + Mask);
        text = BearerToken().Replace(text, "${scheme}" + Mask);
        return GitHubToken().Replace(text, Mask);
    }

    /// <summary>Each secret, its lines when it has several, and its URL-escaped form, longest first.</summary>
    private static IEnumerable<string> Variants(IEnumerable<string?> secrets) =>
        secrets
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!) }.Concat(s!.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length);

    // scheme://userinfo@ : the whole user part (a token is often the user name: https://x-access-token:TOKEN@host).
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#@'""<>]+@")]
    private static partial Regex UrlCredentials();

    // name=value in a query string; the value ends at &, ;, #, white space or a quote, or is quoted.
    [GeneratedRegex(@"(?<name>\b(?:access_token|refresh_token|id_token|client_secret|token)\s*=\s*)(?:'[^']*'|""[^""]*""|(?!\s*\*\*\*)[^\s&;#'""<>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialParameter();

    // A password in a connection string (or a query): quoted, or up to ; or & or the line's end, spaces included.
    [GeneratedRegex(@"(?<name>\b(?:password|passwd|pwd)\s*=\s*)(?:'[^']*'|""[^""]*""|(?!\s*\*\*\*)[^;&\r\n]+)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordParameter();

    [GeneratedRegex(@"(?<scheme>\bBearer\s+)(?!\s*\*\*\*)[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    // GitHub's token prefixes: ghp_ (classic), gho_ (OAuth), ghu_ (user-to-server), ghs_ (installation: GITHUB_TOKEN), ghr_ (refresh), github_pat_ (fine-grained).
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")]
    private static partial Regex GitHubToken();
}
