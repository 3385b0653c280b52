using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Tests.Rendering;

/// <summary>What text from outside looks like in a log line: every character that could act written visibly.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("tab\tkept", "tab\tkept")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\rb", "a\\rb")]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m")]
    [InlineData("nul\0bell\a", "nul\\u0000bell\\u0007")]
    [InlineData("del\u007f", "del\\u007f")]
    [InlineData("c1 \u0085 \u009b", "c1 \\u0085 \\u009b")]
    [InlineData("a\u2028b\u2029c", "a\\u2028b\\u2029c")]
    [InlineData("bidi \u202Eevil\u202C", "bidi \\u202eevil\\u202c")]
    [InlineData("isolate \u2066x\u2069", "isolate \\u2066x\\u2069")]
    [InlineData("zero\u200Bwidth\u200D\uFEFF", "zero\\u200bwidth\\u200d\\ufeff")]
    [InlineData("emoji 🚀 kept", "emoji 🚀 kept")]
    [InlineData("x ##[set-output name=decision]allow", "x #\\u0023[set-output name=decision]allow")]
    [InlineData("###[", "##\\u0023[")]
    [InlineData("not :: at start", "not :: at start")]
    public void Inline_EachClass_WrittenVisibly(string input, string expected) =>
        Assert.Equal(expected, LogText.Inline(input));

    [Fact]
    public void Inline_LoneSurrogates_WrittenVisiblyAndPairsKept()
    {
        // Not theory data: xunit's serialisation of test cases replaces a lone surrogate.
        Assert.Equal("lone \\ud800 high", LogText.Inline("lone \uD800 high"));
        Assert.Equal("lone \\udc00 low", LogText.Inline("lone \uDC00 low"));
        Assert.Equal("ends high \\ud83d", LogText.Inline("ends high \uD83D"));
        Assert.Equal("swapped \\ude80\\ud83d", LogText.Inline("swapped \uDE80\uD83D"));
        Assert.Equal("pair \uD83D\uDE80", LogText.Inline("pair \uD83D\uDE80"));
    }

    [Theory]
    [InlineData("::stop-commands::pwned", "\\::stop-commands::pwned")]
    [InlineData("  ::set-output name=decision::allow", "\\  ::set-output name=decision::allow")]
    [InlineData("\t::error::x", "\\\t::error::x")]
    [InlineData("\u00a0::warning::nbsp is white space to the runner", "\\\u00a0::warning::nbsp is white space to the runner")]
    [InlineData(":: leading", "\\:: leading")]
    [InlineData(": single colon", ": single colon")]
    [InlineData("test (x\n::stop-commands::pwned\n::set-output name=decision::allow)", "test (x\\n::stop-commands::pwned\\n::set-output name=decision::allow)")]
    [InlineData("\n::set-output name=decision::allow", "\\n::set-output name=decision::allow")]
    [InlineData("\r::add-mask::x", "\\r::add-mask::x")]
    public void Line_LeadingCommand_Guarded(string input, string expected)
    {
        var line = LogText.Line(input);

        Assert.Equal(expected, line);
        Assert.False(LogText.StartsCommand(line));
    }

    [Fact]
    public void Line_AlreadyNeutral_Unchanged()
    {
        var once = LogText.Line("::x\n\u001b##[y\u2028");

        Assert.Equal(once, LogText.Line(once));
    }

    [Fact]
    public void Inline_KeepLineBreaks_LeavesCrAndLfForTheCommandEscaping()
    {
        Assert.Equal("a\nb\r\\u001b", LogText.Inline("a\nb\r\u001b", keepLineBreaks: true));
    }

    [Fact]
    public void Lines_SplitAtLfOnly_EachGuardedAndFinalBreakKept()
    {
        Assert.Equal("ok\n\\::set-output::x\nend\\r::y\n", LogText.Lines("ok\n::set-output::x\nend\r::y\n"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void Inline_NullOrEmpty_Empty(string? input, string expected) =>
        Assert.Equal(expected, LogText.Inline(input));

    [Fact]
    public void Inline_EscapedTextInAJsonString_MeansTheSameCharacters()
    {
        // \uXXXX is a JSON escape too: a JSON report printed through the sink keeps its meaning.
        var json = "\"" + LogText.Inline("a\u2028\u001b\u0085z") + "\"";

        Assert.Equal("a\u2028\u001b\u0085z", System.Text.Json.JsonSerializer.Deserialize<string>(json));
    }
}
