using System.Text.RegularExpressions;
using CsCheck;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Handbook;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Tests.Handbook;

/// <summary>
/// The handbook over hostile configuration text (built in code, so even what the loader refuses reaches the
/// generator): every string slot of one configuration shape is filled with outside text (Markdown and HTML syntax,
/// <c>|</c>, Mermaid syntax, forged markers, line breaks, control, bidi and zero-width characters, lone surrogates),
/// personas in any order. Each file must keep the shape of the same configuration filled with plain words: the same
/// lines, the same table columns, the same Mermaid quotes, no HTML but our own tags, and persona files at safe paths.
/// </summary>
public sealed partial class HandbookPropertyTests
{
    private const int Cases = 200;

    private static readonly Gen<string> Piece = Gen.Frequency<string>(
        (3, Gen.String),
        (2, Gen.Char['\0', '\u00A0'].Select(c => c.ToString())),
        (1, Gen.Char["\u2028\u2029\u202E\u2066\u200B\uFEFF"].Select(c => c.ToString())),
        (1, Gen.Char['\uD800', '\uDFFF'].Select(c => c.ToString())),
        (6, Gen.OneOf(
            "|", "||", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "```", "~~~", "-->", "<!--", "\"]", "\"", "end",
            "%%{init: {}}%%", "click p0 call x()", "style p0 fill:red", "[x](javascript:alert(1))", "![i](http://x/i.png)", "&#124;", "&lt;",
            "<!-- odoo-gates:override:G1:1 -->", "@acme/odoo-sre", "#", "\n# Heading", "\n| a | b |", "* ", "_", "\\", "`", "[", "]", "(", ")",
            "-->|x|", "---", "{", "}", ";", ":", "\r\n", "\t", "../..", "/")));

    /// <summary>Outside text: one to eight pieces.</summary>
    private static readonly Gen<string> Hostile = Piece.Array[1, 8].Select(pieces => string.Concat(pieces));

    /// <summary>The characters that would change a line's Markdown or Mermaid structure if outside text could write them raw.</summary>
    private static readonly char[] MarkdownStructure = ['|', '"', '`', '<', '>', '[', ']', '*', '_', '~', '@', '\\', '!'];

    private static readonly char[] MermaidStructure = ['|', '"', '`', '<', '>', '@'];

    [Fact]
    public void Generate_HostileConfigurationText_KeepsTheShapeOfThePlainOne()
    {
        Gen.Select(Hostile.Array[Slots], Gen.Int[0, 5]).Sample(sample =>
        {
            var (texts, order) = sample;
            var hostile = HandbookGenerator.Generate(Build(i => $"{texts[i]}{i}", order));
            var plain = HandbookGenerator.Generate(Build(i => $"w{i}", order));

            Assert.Equal(plain.Count, hostile.Count);
            for (var f = 0; f < plain.Count; f++)
            {
                AssertSameShape(plain[f], hostile[f]);
            }
        }, iter: Cases, print: t => string.Join(" · ", t.Item1.Select(LogText.Line)));
    }

    [Fact]
    public void Generate_HostileConfigurationText_Deterministic()
    {
        Gen.Select(Hostile.Array[Slots], Gen.Int[0, 5]).Sample(sample =>
        {
            var (texts, order) = sample;
            var first = HandbookGenerator.Generate(Build(i => texts[i], order));
            var second = HandbookGenerator.Generate(Build(i => texts[i], order));

            Assert.Equal(first.Select(f => (f.Path, f.Text)), second.Select(f => (f.Path, f.Text)));
        }, iter: Cases / 3, print: t => string.Join(" · ", t.Item1.Select(LogText.Line)));
    }

    private static void AssertSameShape(HandbookFile plain, HandbookFile hostile)
    {
        if (plain.Path.StartsWith("personas/", StringComparison.Ordinal))
        {
            Assert.Matches(SafePersonaPath(), hostile.Path);
        }
        else
        {
            Assert.Equal(plain.Path, hostile.Path);
        }

        var plainLines = plain.Text.Split('\n');
        var lines = hostile.Text.Split('\n');
        Assert.True(plainLines.Length == lines.Length, $"{hostile.Path}: {lines.Length} lines, the plain configuration gives {plainLines.Length}");
        Assert.Equal(HandbookGenerator.Marker, lines[0]);
        var mermaid = false;
        for (var i = 1; i < lines.Length; i++)
        {
            // A link to a persona contract holds its file name, checked above: '_' and '-' there are no syntax.
            var line = PersonaLink().Replace(lines[i], "](P)");
            plainLines[i] = PersonaLink().Replace(plainLines[i], "](P)");
            mermaid = mermaid ? plainLines[i] != "```" : plainLines[i] == "```mermaid";
            for (var j = 0; j < line.Length; j++)
            {
                if (char.IsSurrogatePair(line, j))
                {
                    j++;
                    continue;
                }

                Assert.False(char.IsControl(line[j]) || LogText.IsUnsafe(line[j]) || char.IsSurrogate(line[j]), $"{hostile.Path}:{i + 1}: raw U+{(int)line[j]:X4}");
            }

            Assert.False(OurTags().Replace(line, string.Empty).Contains('<', StringComparison.Ordinal), $"{hostile.Path}:{i + 1}: raw HTML: {LogText.Line(line)}");
            foreach (var c in mermaid ? MermaidStructure : MarkdownStructure)
            {
                Assert.True(plainLines[i].Count(x => x == c) == line.Count(x => x == c),
                    $"{hostile.Path}:{i + 1}: '{c}' {line.Count(x => x == c)} times, {plainLines[i].Count(x => x == c)} in the plain line\n  {LogText.Line(line)}\n  {plainLines[i]}");
            }

            if (plainLines[i].StartsWith('#') || plainLines[i].StartsWith("- ", StringComparison.Ordinal) || plainLines[i].StartsWith('|') || plainLines[i].Length == 0)
            {
                Assert.Equal(plainLines[i].Length == 0, line.Length == 0);
                Assert.Equal(plainLines[i].Split(' ')[0], line.Split(' ')[0]);
            }
        }
    }

    /// <summary>How many text slots <see cref="Build"/> fills.</summary>
    private const int Slots = 40;

    /// <summary>
    /// One configuration shape: three personas (one may override, two in a two-person rule), two gates, three mapped
    /// checks, two targets (a freeze window each), two events. Every name and text is <paramref name="text"/>(slot);
    /// <paramref name="order"/> rotates the personas.
    /// </summary>
    private static GateConfiguration Build(Func<int, string> text, int order)
    {
        var at = new SourceLocation("gates/x.yaml", 1, 1);
        string[] personaIds = [text(0), text(1), text(2)];
        string[] gateIds = [text(3), text(4)];
        string[] domains = [text(5), text(6), text(7)];
        string[] targets = [text(8), text(9)];
        var gates = new List<GateDefinition>
        {
            new(gateIds[0], text(10), personaIds[0], text(11), [text(12), text(13)], [domains[0]], at),
            new(gateIds[1], text(14), personaIds[1], text(15), [text(16)], [], at),
        };
        var checks = new List<MappedCheck>
        {
            new(gateIds[0], EvidenceSource.CheckRun, Pattern(text(17)), text(18), text(12), 2, true, ConclusionPolicy.Pass, ConclusionPolicy.Fail, at),
            new(gateIds[0], EvidenceSource.Status, Pattern(text(19)), null, text(13), 1, false, ConclusionPolicy.Pass, ConclusionPolicy.Pass, at),
            new(gateIds[1], EvidenceSource.CheckRun, Pattern(text(20)), text(21), text(16), 1, true, ConclusionPolicy.Fail, ConclusionPolicy.Pass, at),
        };
        var targetList = new List<TargetDefinition>
        {
            new(targets[0], [gateIds[0]], [], [], [new FreezeWindow("Fri 16:00", "Mon 06:00", text(22), at)], at),
            new(targets[1], [gateIds[0], gateIds[1]], [gateIds[0]], [personaIds[1], personaIds[2]], [new FreezeWindow(text(23), text(24), text(25), at)], at),
        };
        var personas = new List<PersonaDefinition>
        {
            new(personaIds[0], text(26), [text(27)], [text(28)], RepositoryPermission.Write, [domains[0], domains[1]], [], at),
            new(personaIds[1], text(29), [], [text(30)], null, [domains[1]], [gateIds[1]], at),
            new(personaIds[2], text(31), [text(32)], [], null, [domains[2]], [gateIds[0], gateIds[1]], at),
        };
        var rotated = personas.Skip(order % personas.Count).Concat(personas.Take(order % personas.Count)).ToList();
        var events = new List<EventTargetRule> { new("pull_request", targets[0], at), new("deployment", EventTargetRule.EnvironmentPlaceholder, at) };
        var overrides = new OverridePolicy(text(33), text(34), RequireReason: order % 2 == 0, TimeSpan.FromHours(72), InvalidateOnPush: order % 3 != 0, UnauthorizedOverrideAction.Comment);
        return new GateConfiguration(gates, new MappingDefaults(text(35), ConclusionPolicy.Pass, ConclusionPolicy.Pass), checks, targetList, events, domains, rotated, overrides);
    }

    /// <summary>A valid glob made of outside text: what the loader would refuse (controls, backslashes, <c>**</c>, edge spaces) replaced.</summary>
    private static GlobPattern Pattern(string text)
    {
        var cleaned = new string([.. text.Select(c => char.IsControl(c) || c == '\\' ? '_' : c)]).Replace("**", "*", StringComparison.Ordinal).Trim();
        return GlobPattern.TryParse(cleaned, out var pattern, out _) ? pattern! : GlobPattern.Parse("x" + cleaned.Length);
    }

    [GeneratedRegex("^personas/[A-Za-z0-9_-]{1,80}\\.md$")]
    private static partial Regex SafePersonaPath();

    [GeneratedRegex(@"\]\((\.\./)?personas/[A-Za-z0-9_-]+\.md\)")]
    private static partial Regex PersonaLink();

    [GeneratedRegex("</?code>|<br/>")]
    private static partial Regex OurTags();
}
