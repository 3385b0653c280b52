using System.Text;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// Escaping for text that users control (check names, reasons, logins) in GitHub-flavoured Markdown: it cannot
/// open HTML (so no forged <c>&lt;!-- odoo-gates:... --&gt;</c> marker), break a table row, format, link or @-mention.
/// </summary>
public static class MarkdownText
{
    /// <summary>
    /// Escapes inline text with numeric character references, safe both in Markdown and inside HTML elements
    /// (GitHub parses Markdown inside inline HTML, so a backslash escape is not enough there).
    /// </summary>
    public static string Escape(string? text) => EscapeHtml(text);

    /// <summary>User text as inline code, without the backtick pitfalls: <c>&lt;code&gt;escaped&lt;/code&gt;</c>.</summary>
    public static string Code(string? text) => $"<code>{EscapeHtml(text)}</code>";

    /// <summary>
    /// Escapes text for HTML and Markdown at once: <c>&lt; &gt; &amp; "</c>, the Markdown punctuation, <c>@</c>
    /// (no mention), <c>|</c> (no table cell), <c>:</c> (no emoji or autolink); control characters (line breaks
    /// included) become spaces, and the invisible ones that could disguise text (bidi controls, zero-width characters,
    /// U+2028/U+2029, lone surrogates; see <see cref="LogText.IsUnsafe"/>) are shown as <c>\uXXXX</c>.
    /// </summary>
    public static string EscapeHtml(string? text) => Map(text, "&#92;", c => c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '@' => "&#64;",
        '|' => "&#124;",
        '`' => "&#96;",
        '[' => "&#91;",
        ']' => "&#93;",
        '*' => "&#42;",
        '_' => "&#95;",
        '~' => "&#126;",
        '\\' => "&#92;",
        '!' => "&#33;",
        '#' => "&#35;",
        ':' => "&#58;",
        _ => null,
    });

    /// <summary>A link whose text is escaped and whose URL is kept only when it is http(s).</summary>
    public static string Link(string text, string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? $"<a href=\"{EscapeAttribute(uri.AbsoluteUri)}\">{EscapeHtml(text)}</a>"
            : EscapeHtml(text);

    private static string EscapeAttribute(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Text for a Mermaid node label (inside double quotes); control and invisible characters as in <see cref="EscapeHtml"/>.</summary>
    public static string Mermaid(string text) => Map(text, "#92;", c => c switch
    {
        '"' => "#quot;",
        '<' => "#lt;",
        '>' => "#gt;",
        '&' => "#amp;",
        '@' => "#64;",
        '#' => "#35;",
        '|' => "#124;",
        '`' => "#96;",
        _ => null,
    });

    /// <summary>
    /// Writes each character as <paramref name="special"/> maps it, or as it is; a control character becomes a space,
    /// and an invisible one (or a lone surrogate) <c>\uXXXX</c> with <paramref name="backslash"/> for the backslash.
    /// </summary>
    private static string Map(string? text, string backslash, Func<char, string?> special)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c))
            {
                builder.Append(' ');
            }
            else if (char.IsSurrogate(c) || LogText.IsUnsafe(c))
            {
                builder.Append(backslash).Append(LogText.Escape(c).AsSpan(1));
            }
            else if (special(c) is { } replacement)
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
