using CsCheck;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Policy;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>
/// Properties of the neutraliser and of the text and Markdown renderers over arbitrary outside text: control
/// characters, ESC sequences, <c>::</c> and <c>##[</c>, line and paragraph separators, bidi and zero-width characters,
/// surrogates (paired and lone). A fixed number of cases (<see cref="Cases"/>) per property; a failure prints the
/// seed that reproduces it, shrunk.
/// </summary>
public sealed class LogTextPropertyTests
{
    private const int Cases = 2_000;

    private static readonly Gen<string> Piece = Gen.Frequency<string>(
        (4, Gen.String),
        (4, Gen.Char['\0', '\u00A0'].Select(c => c.ToString())), // ASCII, C0, DEL, C1, NBSP
        (2, Gen.Char["\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200B\u200C\u200D\u200E\u200F\uFEFF\u1680\u2000\u3000"].Select(c => c.ToString())),
        (2, Gen.Char['\uD800', '\uDFFF'].Select(c => c.ToString())), // surrogates: lone, or by chance a pair
        (1, Gen.Const("🚀")),
        (3, Gen.OneOf("::", "##[", "::stop-commands::pwned", "::set-output name=decision::allow", "::add-mask::")),
        (2, Gen.OneOf("\n", "\r", "\r\n", "\t", "  ", "\u001b[31m", "\u001b]8;;x\u0007")));

    /// <summary>Outside text: up to a dozen pieces run together.</summary>
    private static readonly Gen<string> Hostile = Piece.Array[0, 12].Select(pieces => string.Concat(pieces));

    [Fact]
    public void Line_AnyText_OneInertLine()
    {
        Hostile.Sample(text =>
        {
            var line = LogText.Line(text);

            Assert.DoesNotContain('\n', line);
            AssertInertLine(line);
            Assert.Equal(line, LogText.Line(line)); // neutralising twice changes nothing
        }, iter: Cases, print: Show);
    }

    [Fact]
    public void Lines_AnyText_EveryLineInert()
    {
        Hostile.Sample(text =>
        {
            foreach (var line in LogText.Lines(text).Split('\n'))
            {
                AssertInertLine(line);
            }
        }, iter: Cases, print: Show);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("markdown")]
    public void Report_AnyOutsideText_NeverThrowsAndEveryLineInert(string format)
    {
        Func<EvaluationReport, string> render = format == "text" ? report => TextReportRenderer.Render(report, verbose: true) : report => MarkdownReportRenderer.Render(report);
        Gen.Select(Hostile.Array[Fields], Gen.Bool).Sample((texts, blocked) =>
        {
            foreach (var line in render(Report(texts, blocked)).Split('\n'))
            {
                AssertInertLine(line);
            }
        }, iter: Cases, print: t => string.Join(" | ", t.Item1.Select(Show)));
    }

    /// <summary>
    /// No workflow command (<c>::</c> after blanks, <c>##[</c> anywhere), no C0 or C1 control but tab, no line or
    /// paragraph separator, no bidi or zero-width character, no lone surrogate.
    /// </summary>
    private static void AssertInertLine(string line)
    {
        // The messages are built only on failure: these run for every character of every line.
        if (LogText.StartsCommand(line) || line.Contains("##[", StringComparison.Ordinal))
        {
            Assert.Fail($"a workflow command: {Show(line)}");
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || Forbidden(c))
            {
                Assert.Fail($"U+{(int)c:X4} at {i}: {Show(line)}");
            }
        }
    }

    /// <summary>The test's own list, independent of <see cref="LogText.IsUnsafe"/>.</summary>
    private static bool Forbidden(char c) =>
        (char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or (>= '\u200B' and <= '\u200F') or '\uFEFF';

    private const int Fields = 26;

    /// <summary>A report whose every string from outside is one of <paramref name="t"/>.</summary>
    private static EvaluationReport Report(string[] t, bool blocked)
    {
        var at = new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);
        MatchedResult Match(string name, string app) => new("check_run", name, app, "failure", CheckOutcome.Failed, "https://github.com/acme/odoo/runs/1", 1);
        var check = new CheckReport("check", t[0], t[1], t[2], 1, Required: true, blocked ? CheckOutcome.Failed : CheckOutcome.Passed, "check_failed", t[3], [Match(t[4], t[5])])
        {
            IgnoredResults = [Match(t[6], t[7])],
        };
        var decision = new OverrideDecision(7, t[8], t[9], 11, t[10], at, blocked ? OverrideOutcome.Refused : OverrideOutcome.Honoured, OverrideCodes.NotAuthorized, new OverrideFindings(t[18], at) { MayOverride = [t[11]] })
        {
            Reason = t[12],
            ActorPersonas = [t[13]],
            Confirmers = [t[14]],
            ExpiresAt = at.AddHours(1),
        };
        var gate = new GateReport(t[15], t[16], t[17], Required: true, blocked ? GateStatus.Failed : GateStatus.Overridden, [check]) { Override = blocked ? null : decision };
        return new EvaluationReport(t[18], blocked ? Decision.Block : Decision.Allow, at, t[19], [gate],
            blocked
                ? [new BlockingReason("check_failed", t[15], t[0]) { GateStatus = GateStatus.Failed, CheckResult = check }, new BlockingReason("frozen", null, null) { Freeze = new FreezeReport(t[20], t[22], t[23]) }]
                : [],
            blocked ? [new FreezeReport(t[21], t[22], t[23])] : [])
        {
            Repository = t[24],
            PullRequest = 7,
            Overrides = [decision],
            Policy = new PolicyReference(PolicyReference.RepositorySource, t[25], t[18], t[19]),
            UnrequiredOverrideLabels = [new UnrequiredOverrideLabel(7, t[9], t[8], [t[18]])],
            Unblocking = new UnblockingRules([new PersonaReport(t[17], t[16], [t[1]], [t[10]], [t[15]])], t[9], t[12], [], [t[17]]),
        };
    }

    /// <summary>The text with every character outside printable ASCII as \uXXXX: a failing case readable in the test output.</summary>
    private static string Show(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
