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
    /// (no mention), <c>|</c> (no table cell), <c>:</c> (no emoji or autolink) and line breaks.
    /// </summary>
    public static string EscapeHtml(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
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
                '\n' or '\r' => " ",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

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

    /// <summary>Text for a Mermaid node label (inside double quotes).</summary>
    public static string Mermaid(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '&' => "#amp;",
                '@' => "#64;",
                '#' => "#35;",
                '|' => "#124;",
                '`' => "#96;",
                '\n' or '\r' => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
