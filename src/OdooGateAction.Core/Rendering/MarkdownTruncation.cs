using System.Text;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// The one truncator for Markdown that GitHub stores with a size limit counted in UTF-8 bytes (check-run title,
/// summary and text: 65,535; comment bodies: 65,536; a step summary: 1 MiB). It keeps whole lines, never cuts inside
/// a UTF-8 sequence, closes a code fence and any <c>&lt;details&gt;</c> left open, and appends a note saying where
/// the rest is. The renderers put what matters first (decision, blocking reasons, counts) and cap long lists
/// themselves, so what this cuts is the tail of the evidence.
/// </summary>
public static class MarkdownTruncation
{
    private const string Fence = "```";
    private const string DetailsClose = "</details>";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The UTF-8 size of <paramref name="text"/>.</summary>
    public static int ByteCount(string text) => Utf8.GetByteCount(text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>
    /// <paramref name="markdown"/> unchanged when it fits in <paramref name="limitBytes"/>; otherwise its longest prefix of
    /// whole lines that, with the closers it needs and <paramref name="note"/>, fits. Empty when not even the note fits.
    /// </summary>
    public static string ToBytes(string markdown, int limitBytes, string note)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(note);
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        var bytes = Utf8.GetBytes(markdown);
        if (bytes.Length <= limitBytes)
        {
            return markdown;
        }

        var noteBytes = Utf8.GetByteCount(note);
        var room = limitBytes - noteBytes;
        while (room >= 0)
        {
            // '\n' (0x0A) never occurs inside a multi-byte UTF-8 sequence, so cutting after one keeps the text valid.
            var searchEnd = Math.Min(room, bytes.Length);
            var keep = searchEnd == 0 ? 0 : Array.LastIndexOf(bytes, (byte)'\n', searchEnd - 1) + 1;
            var kept = Utf8.GetString(bytes, 0, keep);
            var closers = Closers(kept);
            if (keep + Utf8.GetByteCount(closers) + noteBytes <= limitBytes)
            {
                return kept + closers + note;
            }

            room = keep - 1; // the closers did not fit: drop one more line
        }

        return string.Empty;
    }

    /// <summary>What closes the constructs <paramref name="text"/> leaves open: a code fence, then each open <c>&lt;details&gt;</c>.</summary>
    private static string Closers(string text)
    {
        var closers = new StringBuilder();
        var fenceOpen = false;
        var details = 0;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith(Fence, StringComparison.Ordinal))
            {
                fenceOpen = !fenceOpen;
                continue;
            }

            if (!fenceOpen)
            {
                details += Occurrences(line, "<details") - Occurrences(line, DetailsClose);
            }
        }

        if (fenceOpen)
        {
            closers.Append(Fence).Append('\n');
        }

        for (var i = 0; i < details; i++)
        {
            closers.Append('\n').Append(DetailsClose).Append('\n');
        }

        return closers.ToString();
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
