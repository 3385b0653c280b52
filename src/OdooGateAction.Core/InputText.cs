using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OdooGateAction.Core;

/// <summary>
/// Outside text as messages show it: a short excerpt, never a whole value (a 200 KB line, or a file a symlink led to,
/// is quoted by its first <see cref="InputLimits.QuotedValueChars"/> characters), with line breaks and other control
/// characters written as escapes so an excerpt stays on its line.
/// </summary>
public static class InputText
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const char Ellipsis = '…';

    /// <summary>
    /// At most <paramref name="maxChars"/> characters of <paramref name="value"/> (default
    /// <see cref="InputLimits.QuotedValueChars"/>), then "…"; control characters as <c>\n</c>, <c>\t</c>,
    /// <c>\u0000</c>. Never cuts a surrogate pair.
    /// </summary>
    public static string Excerpt(string value, int? maxChars = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var max = maxChars ?? InputLimits.Default.QuotedValueChars;
        var text = new StringBuilder(Math.Min(value.Length, max) + 8);
        var shown = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (shown >= max)
            {
                return text.Append(Ellipsis).ToString();
            }

            var c = value[i];
            switch (c)
            {
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') or '\u2028' or '\u2029':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }

            shown++;
        }

        return text.ToString();
    }

    /// <summary>The <see cref="Excerpt"/> in single quotes: <c>'value'</c>.</summary>
    /// <summary>
    /// Text as configuration and snapshots are stored: strict UTF-8 (invalid bytes are refused, never replaced), a byte
    /// order mark dropped; null when the bytes are not UTF-8.
    /// </summary>
    public static string? DecodeUtf8(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    public static string Quote(string value) => "'" + Excerpt(value) + "'";

    /// <summary>The 1-based line and column of the first NUL character of <paramref name="text"/>, or null when it has none.</summary>
    public static (int Line, int Column)? FindNul(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = text.IndexOf('\0', StringComparison.Ordinal);
        return index < 0 ? null : Position(text, index);
    }

    /// <summary>
    /// A JSON error as people read it: the 1-based line and column (null when unknown), the JSONPath of the field
    /// (null at the root), and the reason in plain words (.NET's type names and position suffixes removed).
    /// </summary>
    public static (int? Line, int? Column, string? Field, string Reason) JsonError(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        foreach (var tail in new[] { " Path: ", " LineNumber: " })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        message = message.Trim().TrimEnd('.', '|', ' ');
        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            message = "the value has the wrong type for this field";
        }
        else if (message.Length == 0 || message.Contains('`', StringComparison.Ordinal) || message.Contains("System.", StringComparison.Ordinal))
        {
            message = "the JSON cannot be read here";
        }

        var line = exception.LineNumber is long l ? (int?)(l + 1) : null;
        var column = exception.BytePositionInLine is long c ? (int?)(c + 1) : null;
        var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? null : exception.Path;
        return (line, column, field, message);
    }

    /// <summary>The 1-based line and column of the character at <paramref name="index"/> (lines end at LF).</summary>
    public static (int Line, int Column) Position(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var before = text.AsSpan(0, Math.Clamp(index, 0, text.Length));
        var line = before.Count('\n') + 1;
        return (line, before.Length - (before.LastIndexOf('\n') + 1) + 1);
    }
}
