using System.Globalization;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

/// <summary>Dates: 2026-11-19 is a Thursday, 11-20 Friday, 11-21 Saturday, 11-22 Sunday, 11-23 Monday.</summary>
public sealed class FreezeWindowTests
{
    [Theory]
    // The weekend freeze wraps over the end of the week: start inside, end outside.
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-20T16:00Z", true)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-20T15:59Z", false)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-21T10:00Z", true)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-22T23:59Z", true)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-23T00:00Z", true)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-23T05:59Z", true)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-23T06:00Z", false)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-19T12:00Z", false)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-27T17:00Z", true)]
    // Times are UTC: 18:00 at +02:00 is 16:00 UTC, 17:00 at -01:00 is 18:00 UTC.
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-20T18:00+02:00", true)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-20T16:30+02:00", false)]
    [InlineData("Fri 16:00", "Mon 06:00", "2026-11-23T05:00-01:00", false)]
    // Full and case-insensitive day names.
    [InlineData("Friday 16:00", "Monday 06:00", "2026-11-21T10:00Z", true)]
    [InlineData("Friday 16:00", "Monday 06:00", "2026-11-19T12:00Z", false)]
    [InlineData("fri 16:00", "MONDAY 06:00", "2026-11-22T12:00Z", true)]
    // A window inside one day, and one wrapping from Sunday night to Monday.
    [InlineData("Mon 09:00", "Mon 17:00", "2026-11-23T09:00Z", true)]
    [InlineData("Mon 09:00", "Mon 17:00", "2026-11-23T17:00Z", false)]
    [InlineData("Mon 09:00", "Mon 17:00", "2026-11-24T12:00Z", false)]
    [InlineData("Sun 23:00", "Mon 01:00", "2026-11-22T23:30Z", true)]
    [InlineData("Sun 23:00", "Mon 01:00", "2026-11-23T00:30Z", true)]
    [InlineData("Sun 23:00", "Mon 01:00", "2026-11-23T01:00Z", false)]
    [InlineData("Sun 23:00", "Mon 01:00", "2026-11-22T22:59Z", false)]
    // Absolute windows: dates and date-times, start inside, end outside.
    [InlineData("2026-12-24", "2027-01-02", "2026-12-24T00:00Z", true)]
    [InlineData("2026-12-24", "2027-01-02", "2026-12-31T23:59Z", true)]
    [InlineData("2026-12-24", "2027-01-02", "2027-01-02T00:00Z", false)]
    [InlineData("2026-12-24", "2027-01-02", "2026-12-23T23:59Z", false)]
    [InlineData("2026-12-24", "2027-01-02", "2026-12-24T01:00+02:00", false)]
    [InlineData("2026-12-24T18:00Z", "2026-12-26T06:00Z", "2026-12-24T18:00Z", true)]
    [InlineData("2026-12-24T18:00Z", "2026-12-26T06:00Z", "2026-12-24T17:59Z", false)]
    [InlineData("2026-12-24T18:00Z", "2026-12-26T06:00Z", "2026-12-26T05:59:59Z", true)]
    [InlineData("2026-12-24T18:00Z", "2026-12-26T06:00Z", "2026-12-26T06:00Z", false)]
    [InlineData("2026-12-24 18:00", "2026-12-24T20:00:00Z", "2026-12-24T19:00Z", true)]
    public void Contains_Instant_InsideFromToExclusive(string from, string to, string instant, bool expected)
    {
        Assert.Null(FreezeWindow.Check(from, to));
        var window = new FreezeWindow(from, to, Reason: null, new SourceLocation("environments.yaml", 13, 9));

        Assert.Equal(expected, window.Contains(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("Fri 16:00", "Mon 06:00")]
    [InlineData("Friday 16:00", "Monday 06:00")]
    [InlineData("Sun 23:59", "Mon 00:00")]
    [InlineData("2026-12-24", "2027-01-02")]
    [InlineData("2026-12-24T18:00Z", "2026-12-24T18:01Z")]
    [InlineData("2026-12-24T18:00:00Z", "2026-12-25")]
    public void Check_ValidWindow_ReturnsNull(string from, string to)
    {
        Assert.Null(FreezeWindow.Check(from, to));
    }

    [Theory]
    [InlineData("Fry 16:00", "Mon 06:00", "'from: Fry 16:00' is not a time")]
    [InlineData("Fri 16:00", "Mon", "'to: Mon' is not a time")]
    [InlineData("Fri 24:00", "Mon 06:00", "'from: Fri 24:00' is not a time")]
    [InlineData("Fri 4pm", "Mon 06:00", "'from: Fri 4pm' is not a time")]
    [InlineData("Fri 6:00", "Mon 06:00", "'from: Fri 6:00' is not a time")]
    [InlineData("16:00", "Mon 06:00", "'from: 16:00' is not a time")]
    [InlineData("2026-13-01", "2027-01-02", "'from: 2026-13-01' is not a time")]
    [InlineData("Fri 16:00", "2026-12-24", "'from' and 'to' must both be weekly times or both be dates")]
    [InlineData("2026-12-24", "Mon 06:00", "'from' and 'to' must both be weekly times or both be dates")]
    [InlineData("Fri 16:00", "Fri 16:00", "'from' and 'to' are the same weekly time")]
    [InlineData("Fri 16:00", "friday 16:00", "'from' and 'to' are the same weekly time")]
    [InlineData("2026-12-24", "2026-12-20", "'to: 2026-12-20' is not after 'from: 2026-12-24'")]
    [InlineData("2026-12-24T18:00Z", "2026-12-24T18:00Z", "'to: 2026-12-24T18:00Z' is not after 'from: 2026-12-24T18:00Z'")]
    public void Check_InvalidWindow_SaysWhy(string from, string to, string reason)
    {
        var problem = FreezeWindow.Check(from, to);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fry 16:00", "Mon 06:00")]
    [InlineData("Fri 16:00", "Mon 6")]
    public void Check_UnreadableTime_ListsAllowedForms(string from, string to)
    {
        var problem = FreezeWindow.Check(from, to);

        Assert.NotNull(problem);
        Assert.EndsWith(FreezeWindow.AllowedForms, problem, StringComparison.Ordinal);
        Assert.Contains("'Fri 16:00' (Mon..Sun, 24-hour UTC)", FreezeWindow.AllowedForms, StringComparison.Ordinal);
    }
}
