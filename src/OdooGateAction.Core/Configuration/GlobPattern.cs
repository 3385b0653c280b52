namespace OdooGateAction.Core.Configuration;

/// <summary>
/// A check-name pattern: <c>*</c> matches any run of characters, <c>?</c> one character, and
/// <c>\*</c>, <c>\?</c>, <c>\\</c> stand for themselves. Everything else is literal (so names like
/// <c>test (16.0, *)</c> need no quoting). Parsed once; an exact name is matched by lookup, not by scanning.
/// </summary>
public sealed class GlobPattern
{
    private readonly string _literals;
    private readonly TokenKind[] _kinds;

    private GlobPattern(string text, string literals, TokenKind[] kinds)
    {
        Text = text;
        _literals = literals;
        _kinds = kinds;
        IsExact = Array.TrueForAll(kinds, k => k == TokenKind.Literal);
    }

    private enum TokenKind : byte
    {
        Literal,
        Any,
        One,
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True when the pattern has no wildcard; <see cref="ExactName"/> is then the name it matches.</summary>
    public bool IsExact { get; }

    /// <summary>The unescaped name an exact pattern matches.</summary>
    public string ExactName => IsExact ? _literals : throw new InvalidOperationException("not an exact pattern");

    public override string ToString() => Text;

    /// <summary>Parses a pattern, or says why it is not one.</summary>
    public static bool TryParse(string text, out GlobPattern? pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        if (text.Length == 0)
        {
            error = "a pattern may not be empty";
            return false;
        }

        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            error = $"pattern {InputText.Quote(text)} starts or ends with white space; CI names never do";
            return false;
        }

        var literals = new System.Text.StringBuilder(text.Length);
        var kinds = new List<TokenKind>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                error = $"pattern {InputText.Quote(text)} holds a control character at position {i + 1}";
                return false;
            }

            switch (c)
            {
                case '*':
                    if (kinds.Count > 0 && kinds[^1] == TokenKind.Any)
                    {
                        error = $"pattern {InputText.Quote(text)} has '**' at position {i}; one '*' already matches any run of characters";
                        return false;
                    }

                    literals.Append(c);
                    kinds.Add(TokenKind.Any);
                    break;
                case '?':
                    literals.Append(c);
                    kinds.Add(TokenKind.One);
                    break;
                case '\\':
                    if (i + 1 >= text.Length || text[i + 1] is not ('*' or '?' or '\\'))
                    {
                        error = $"pattern {InputText.Quote(text)} has a '\\' at position {i + 1} that escapes nothing; allowed escapes: \\*, \\?, \\\\";
                        return false;
                    }

                    literals.Append(text[++i]);
                    kinds.Add(TokenKind.Literal);
                    break;
                default:
                    literals.Append(c);
                    kinds.Add(TokenKind.Literal);
                    break;
            }
        }

        pattern = new GlobPattern(text, literals.ToString(), [.. kinds]);
        error = null;
        return true;
    }

    /// <summary>Parses a pattern known to be valid (tests, code-built configurations).</summary>
    public static GlobPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern! : throw new FormatException(error);

    /// <summary>Whether <paramref name="name"/> matches, ordinal and case-sensitive (as GitHub names are).</summary>
    public bool IsMatch(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsExact)
        {
            return string.Equals(_literals, name, StringComparison.Ordinal);
        }

        // Iterative wildcard match with single-star backtracking: O(n*m) worst case, no allocation.
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < _kinds.Length && (_kinds[p] == TokenKind.One || (_kinds[p] == TokenKind.Literal && _literals[p] == name[n])))
            {
                p++;
                n++;
            }
            else if (p < _kinds.Length && _kinds[p] == TokenKind.Any)
            {
                starP = p++;
                starN = n;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < _kinds.Length && _kinds[p] == TokenKind.Any)
        {
            p++;
        }

        return p == _kinds.Length;
    }
}
