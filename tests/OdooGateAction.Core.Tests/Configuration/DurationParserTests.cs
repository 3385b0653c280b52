using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

public sealed class DurationParserTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("250ms", 250L)]
    [InlineData("90s", 90 * Second)]
    [InlineData("15m", 15 * Minute)]
    [InlineData("72h", 72 * Hour)]
    [InlineData("2d", 2 * Day)]
    [InlineData("1w", 7 * Day)]
    [InlineData("1h30m", 90 * Minute)]
    [InlineData("1d12h", 36 * Hour)]
    [InlineData("1m30s500ms", Minute + (30 * Second) + 500)]
    [InlineData("52w", 364 * Day)]
    public void TryParse_ValidDuration_ReturnsMilliseconds(string text, long milliseconds)
    {
        var ok = DurationParser.TryParse(text, out var value, out var error);

        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("3 days", "'3 days' is not a duration: a number needs a unit right after it")]
    [InlineData("5y", "'5y' has unit 'y'")]
    [InlineData("1H", "'1H' has unit 'H'")]
    [InlineData("3days", "'3days' has unit 'days'")]
    [InlineData("1.5h", "'1.5h' is not a duration: a number needs a unit right after it")]
    [InlineData("72", "'72' is not a duration: a number needs a unit right after it")]
    [InlineData("h", "'h' is not a duration")]
    [InlineData("-5m", "'-5m' is not a duration")]
    [InlineData(" 1h", "' 1h' is not a duration")]
    [InlineData("", "a duration may not be empty")]
    [InlineData("   ", "a duration may not be empty")]
    public void TryParse_InvalidDuration_FailsAndListsAllowedUnits(string text, string reason)
    {
        var ok = DurationParser.TryParse(text, out var value, out var error);

        Assert.False(ok);
        Assert.Equal(TimeSpan.Zero, value);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(DurationParser.AllowedUnits, error, StringComparison.Ordinal);
        Assert.Contains("ms, s, m, h, d, w", DurationParser.AllowedUnits, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("31622400001ms")]
    [InlineData("99999999999999999999h")]
    [InlineData("1000000w")]
    [InlineData("1000000w1000000w")]
    [InlineData("53w")]
    [InlineData("367d")]
    [InlineData("366d1ms")]
    [InlineData("8785h")]
    public void TryParse_LongerThan366Days_FailsWithoutThrowing(string text)
    {
        var ok = DurationParser.TryParse(text, out _, out var error);

        Assert.False(ok);
        Assert.Equal($"'{text}' is too long a duration; the most is 366d", error);
    }

    [Theory]
    [InlineData("366d")]
    [InlineData("52w2d")]
    [InlineData("8784h")]
    public void TryParse_UpTo366Days_Accepted(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out _));
        Assert.Equal(DurationParser.Max, value);
    }

    [Fact]
    public void Max_AddedToAnyLabelTimeGitHubCanSend_NeverOverflows() =>
        Assert.True(DateTimeOffset.Parse("9000-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).Add(DurationParser.Max) < DateTimeOffset.MaxValue);

    [Theory]
    [InlineData(90 * Minute, "1h30m")]
    [InlineData(72 * Hour, "72h")]
    [InlineData(2 * Day, "48h")]
    [InlineData(90 * Second, "1m30s")]
    [InlineData(1500L, "1s500ms")]
    [InlineData(0L, "0")]
    [InlineData(-Hour, "0")]
    public void Format_Duration_WritesItTheWayItIsRead(long milliseconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("72h")]
    [InlineData("2m5s250ms")]
    public void Format_ParsedDuration_RoundTrips(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out _));

        Assert.Equal(text, DurationParser.Format(value));
    }
}
