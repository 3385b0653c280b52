using System.Security.Cryptography;
using System.Text;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Handbook;

/// <summary>
/// The file names of the handbook. A persona's contract is <c>personas/&lt;id&gt;.md</c> when the id is a safe file
/// name on every system; otherwise (a character other than ASCII letters, digits, <c>-</c> and <c>_</c>, a name that
/// differs from another only in letter case, a name Windows reserves) it is the id with those characters as <c>-</c>
/// and a short hash of the id appended. So a persona id never chooses a path: no separator, no <c>..</c>, no
/// collision, and the same id always gives the same name.
/// </summary>
public static class HandbookPaths
{
    public const string Index = "README.md";
    public const string Registry = "expertise-registry.md";
    public const string Gates = "gates.md";
    public const string PromotionBlocks = "promotion-blocks.md";
    public const string OverridePath = "override-path.md";
    public const string PersonaFolder = "personas";

    private const int MaxStem = 64;

    private static readonly string[] Reserved =
    [
        "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Each persona's contract path (<c>personas/NAME.md</c>, relative, with <c>/</c>), by persona id.</summary>
    public static IReadOnlyDictionary<string, string> PersonaFiles(IReadOnlyList<PersonaDefinition> personas)
    {
        ArgumentNullException.ThrowIfNull(personas);
        var stems = personas.Select(p => (p.Id, Stem: Stem(p.Id))).ToList();
        var clashing = stems.GroupBy(s => s.Stem, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(s => s.Id)).ToHashSet(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, stem) in stems)
        {
            var safe = stem == id && !clashing.Contains(id) && !Reserved.Contains(stem, StringComparer.OrdinalIgnoreCase)
                ? stem
                : $"{stem}-{Hash(id)}";
            files[id] = $"{PersonaFolder}/{safe}.md";
        }

        return files;
    }

    /// <summary>The id with every character but ASCII letters, digits, <c>-</c> and <c>_</c> as <c>-</c>, at most 64 long.</summary>
    private static string Stem(string id)
    {
        var builder = new StringBuilder(Math.Min(id.Length, MaxStem));
        foreach (var c in id.Take(MaxStem))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        return builder.Length == 0 ? "persona" : builder.ToString();
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];
}
