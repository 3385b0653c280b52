using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

public sealed class GlobPatternTests
{
    [Theory]
    // Matrix names: parentheses, commas and dots are literal, only * and ? are wildcards.
    [InlineData("test (16.0, *)", "test (16.0, unit)", true)]
    [InlineData("test (16.0, *)", "test (16.0, )", true)]
    [InlineData("test (16.0, *)", "test (17.0, unit)", false)]
    [InlineData("test (16.0, *)", "test (16.0, unit) retry", false)]
    [InlineData("test (*)", "test (16.0, integration)", true)]
    [InlineData("test (*)", "test ()", true)]
    [InlineData("test (*)", "test", false)]
    // '*' matches any run, including none; several stars backtrack.
    [InlineData("*", "", true)]
    [InlineData("*", "anything at all", true)]
    [InlineData("*-tests", "integration-tests", true)]
    [InlineData("*-tests", "integration-tests-old", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("*ab", "aab", true)]
    [InlineData("*a*", "bab", true)]
    // '?' matches exactly one character.
    [InlineData("test ?", "test 1", true)]
    [InlineData("test ?", "test 12", false)]
    [InlineData("test ?", "test ", false)]
    [InlineData("??", "ab", true)]
    [InlineData("??", "a", false)]
    // Escapes stand for the character itself.
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("why\\?", "why?", true)]
    [InlineData("why\\?", "whyx", false)]
    [InlineData("a\\\\b", "a\\b", true)]
    [InlineData("a\\\\*", "a\\tail", true)]
    [InlineData("\\**", "*star", true)]
    [InlineData("\\**", "star", false)]
    // Exact names: ordinal and case-sensitive, whole name only.
    [InlineData("pre-commit", "pre-commit", true)]
    [InlineData("pre-commit", "Pre-commit", false)]
    [InlineData("pre-commit", "pre-commit-x", false)]
    [InlineData("pre-commit", "pre", false)]
    [InlineData("codecov/project", "codecov/project", true)]
    public void IsMatch_PatternAndName_MatchesAsDocumented(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(name));
    }

    [Theory]
    [InlineData("pre-commit", true, "pre-commit")]
    [InlineData("test (16.0, unit)", true, "test (16.0, unit)")]
    [InlineData("a\\*b", true, "a*b")]
    [InlineData("why\\?", true, "why?")]
    [InlineData("a\\\\b", true, "a\\b")]
    [InlineData("test (*)", false, null)]
    [InlineData("test ?", false, null)]
    public void Parse_Pattern_IsExactOnlyWithoutWildcards(string text, bool exact, string? exactName)
    {
        var pattern = GlobPattern.Parse(text);

        Assert.Equal(exact, pattern.IsExact);
        Assert.Equal(text, pattern.Text);
        Assert.Equal(text, pattern.ToString());
        if (exact)
        {
            Assert.Equal(exactName, pattern.ExactName);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => pattern.ExactName);
        }
    }

    [Theory]
    [InlineData("", "a pattern may not be empty")]
    [InlineData(" pre-commit", "starts or ends with white space")]
    [InlineData("pre-commit ", "starts or ends with white space")]
    [InlineData("\tpre-commit", "starts or ends with white space")]
    [InlineData("test \\x", "has a '\\' at position 6 that escapes nothing; allowed escapes: \\*, \\?, \\\\")]
    [InlineData("test\\", "has a '\\' at position 5 that escapes nothing")]
    [InlineData("test (**)", "has '**' at position 7; one '*' already matches any run of characters")]
    [InlineData("**", "has '**' at position 1")]
    [InlineData("a\u0007b", "holds a control character at position 2")]
    public void TryParse_InvalidPattern_FailsWithReason(string text, string reason)
    {
        var ok = GlobPattern.TryParse(text, out var pattern, out var error);

        Assert.False(ok);
        Assert.Null(pattern);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EscapedStarsAroundWildcard_IsNotDoubleStar()
    {
        var ok = GlobPattern.TryParse("\\**\\*", out var pattern, out var error);

        Assert.True(ok, error);
        Assert.True(pattern!.IsMatch("*middle*"));
        Assert.False(pattern.IsMatch("*middle"));
    }

    [Fact]
    public void Parse_InvalidPattern_ThrowsFormatExceptionWithReason()
    {
        var exception = Assert.Throws<FormatException>(() => GlobPattern.Parse("a**"));

        Assert.Contains("'**'", exception.Message, StringComparison.Ordinal);
    }
}
