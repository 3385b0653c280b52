using System.Globalization;
using System.Text;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// Text from outside (GitHub, the event, the inputs, the configuration, error bodies) made safe for a GitHub Actions
/// log, where every line of the step's output is parsed for workflow commands. Nothing is dropped; what could act is
/// written visibly instead (docs/design-decisions.md, "Log neutralisation and redaction"):
/// <list type="bullet">
/// <item>LF and CR as <c>\n</c> and <c>\r</c> (a bare CR ends a line for the runner too);</item>
/// <item>every other C0 control but tab, DEL, every C1 control (ESC, so no ANSI escape), U+2028/U+2029, the bidi
/// controls U+202A–U+202E and U+2066–U+2069, the zero-width and direction marks U+200B–U+200F, U+FEFF, and a lone
/// surrogate as <c>\uXXXX</c> (lower-case hex: also a valid JSON escape, so JSON text keeps its meaning);</item>
/// <item><c>##[</c> anywhere (the runner's older command form, parsed anywhere in a line) as <c>#\u0023[</c>;</item>
/// <item>a whole line whose first non-blank characters are <c>::</c> (a workflow command) gets a leading <c>\</c>.</item>
/// </list>
/// The result is for reading, not for reversing: a backslash in the input is kept as it is.
/// </summary>
public static class LogText
{
    /// <summary>What a line that would start a workflow command is prefixed with.</summary>
    public const string CommandGuard = "\\";

    private const string OldCommandPrefix = "##[";
    private const string OldCommandPrefixEscaped = "#\\u0023[";

    /// <summary>Whether <paramref name="c"/> is never written as it is (tab, and surrogates, are decided elsewhere).</summary>
    public static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c != '\t') // C0, DEL, C1
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' // bidi embeddings and overrides
        || c is >= '\u2066' and <= '\u2069' // bidi isolates
        || c is >= '\u200B' and <= '\u200F' // zero-width space, non-joiner, joiner, LRM, RLM
        || c == '\uFEFF'; // zero-width no-break space (BOM)

    /// <summary>How an unsafe character (or a lone surrogate) is written: <c>\n</c>, <c>\r</c>, or <c>\uXXXX</c>.</summary>
    public static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A fragment of a log line: unsafe characters and lone surrogates escaped, <c>##[</c> broken. With
    /// <paramref name="keepLineBreaks"/>, CR and LF are left for the caller to encode (a workflow command's message).
    /// </summary>
    public static string Inline(string? text, bool keepLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? escaped = null;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (IsUnsafe(c) && !(keepLineBreaks && c is '\n' or '\r')))
            {
                escaped = Escape(c);
            }

            if (escaped is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            builder.Append(escaped);
        }

        var result = builder?.ToString() ?? text;
        return result.Contains(OldCommandPrefix, StringComparison.Ordinal)
            ? result.Replace(OldCommandPrefix, OldCommandPrefixEscaped, StringComparison.Ordinal)
            : result;
    }

    /// <summary>One whole log line: <see cref="Inline"/> (line breaks escaped), and a leading <c>::</c> guarded.</summary>
    public static string Line(string? text) => Guard(Inline(text));

    /// <summary>Several lines, split at LF only (a CR is escaped): each one a <see cref="Line"/>. A final LF is kept.</summary>
    public static string Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return string.Join('\n', text.Split('\n').Select(Line));
    }

    /// <summary>Whether the runner would read <paramref name="line"/> as a workflow command: <c>::</c> after leading white space.</summary>
    public static bool StartsCommand(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.AsSpan().TrimStart().StartsWith("::", StringComparison.Ordinal);
    }

    private static string Guard(string line) => StartsCommand(line) ? CommandGuard + line : line;
}
