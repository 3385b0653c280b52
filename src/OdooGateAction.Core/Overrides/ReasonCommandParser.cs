namespace OdooGateAction.Core.Overrides;

/// <summary>
/// Reads the reason command of a pull-request comment: a line <c>/gate-override G2: reason text</c> (the command is
/// <c>reason_command</c> of overrides.yaml).
/// </summary>
public static class ReasonCommandParser
{
    /// <summary>
    /// Finds the first line that starts with <paramref name="command"/> (case-insensitive, at most three spaces of
    /// indentation, followed by white space) and a gate name. The gate name ends at <c>:</c> or white space; the
    /// reason is the rest of the line after an optional <c>:</c>, trimmed (empty when none is given). Lines inside
    /// fenced code blocks or indented as code, and quoted lines (<c>&gt; /gate-override …</c>) are not commands.
    /// </summary>
    public static bool TryParse(string commentBody, string command, out string gate, out string reason)
    {
        gate = string.Empty;
        reason = string.Empty;
        if (string.IsNullOrEmpty(commentBody) || string.IsNullOrEmpty(command))
        {
            return false;
        }

        string? fence = null;
        foreach (var line in commentBody.ReplaceLineEndings("\n").Split('\n'))
        {
            var text = line.TrimStart(' ');
            var indent = line.Length - text.Length;
            if (indent <= 3 && (text.StartsWith("```", StringComparison.Ordinal) || text.StartsWith("~~~", StringComparison.Ordinal)))
            {
                if (fence is null)
                {
                    fence = text[..3];
                }
                else if (text.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }

                continue;
            }

            if (fence is not null || indent > 3 || !text.StartsWith(command, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = text[command.Length..];
            if (rest.Length == 0 || !char.IsWhiteSpace(rest[0]))
            {
                continue;
            }

            rest = rest.TrimStart();
            var end = 0;
            while (end < rest.Length && rest[end] != ':' && !char.IsWhiteSpace(rest[end]))
            {
                end++;
            }

            if (end == 0)
            {
                continue;
            }

            gate = rest[..end];
            rest = rest[end..].TrimStart();
            if (rest.StartsWith(':'))
            {
                rest = rest[1..];
            }

            reason = new string(rest.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            return true;
        }

        return false;
    }
}
