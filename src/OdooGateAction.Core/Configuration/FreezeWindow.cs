using System.Globalization;

namespace OdooGateAction.Core.Configuration;

/// <summary>
/// A window (UTC) in which a target may not be promoted to: weekly (<c>Fri 16:00</c> to <c>Mon 06:00</c>,
/// wrapping over the week end) or absolute (<c>2026-12-24T00:00Z</c> to <c>2027-01-02T00:00Z</c>).
/// The start is inside the window, the end is not.
/// </summary>
public sealed record FreezeWindow(string From, string To, string? Reason, SourceLocation Location)
{
    private const int MinutesPerWeek = 7 * 24 * 60;

    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly string[] FullDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] AbsoluteFormats =
    [
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    ];

    public const string AllowedForms = "a weekly time 'Fri 16:00' (Mon..Sun, 24-hour UTC) or a UTC date 'YYYY-MM-DD' / 'YYYY-MM-DDTHH:MMZ'";

    /// <summary>Whether the window covers <paramref name="now"/>. Both ends must be valid (checked at load).</summary>
    public bool Contains(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        if (TryParseWeekly(From, out var from) && TryParseWeekly(To, out var to))
        {
            var minute = MinuteOfWeek(utc);
            return from < to ? minute >= from && minute < to : minute >= from || minute < to;
        }

        return TryParseAbsolute(From, out var start) && TryParseAbsolute(To, out var end) && utc >= start && utc < end;
    }

    /// <summary>Checks the pair: both ends of one form, not equal, and (absolute) in order.</summary>
    public static string? Check(string from, string to)
    {
        var fromWeekly = TryParseWeekly(from, out var fw);
        var toWeekly = TryParseWeekly(to, out var tw);
        var fromAbsolute = TryParseAbsolute(from, out var fa);
        var toAbsolute = TryParseAbsolute(to, out var ta);
        if (!fromWeekly && !fromAbsolute)
        {
            return $"{InputText.Quote("from: " + from)} is not a time; write {AllowedForms}";
        }

        if (!toWeekly && !toAbsolute)
        {
            return $"{InputText.Quote("to: " + to)} is not a time; write {AllowedForms}";
        }

        if (fromWeekly != toWeekly)
        {
            return "'from' and 'to' must both be weekly times or both be dates";
        }

        if (fromWeekly && fw == tw)
        {
            return "'from' and 'to' are the same weekly time: the window would be empty (or the whole week)";
        }

        if (fromAbsolute && fa >= ta)
        {
            return $"{InputText.Quote("to: " + to)} is not after {InputText.Quote("from: " + from)}";
        }

        return null;
    }

    internal static bool TryParseWeekly(string text, out int minuteOfWeek)
    {
        minuteOfWeek = 0;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        var day = Array.FindIndex(DayNames, d => d.Equals(parts[0], StringComparison.OrdinalIgnoreCase));
        if (day < 0)
        {
            day = Array.FindIndex(FullDayNames, d => d.Equals(parts[0], StringComparison.OrdinalIgnoreCase));
        }

        if (day < 0 || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        minuteOfWeek = (day * 24 * 60) + (time.Hour * 60) + time.Minute;
        return true;
    }

    internal static bool TryParseAbsolute(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, AbsoluteFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    private static int MinuteOfWeek(DateTimeOffset utc)
    {
        var day = ((int)utc.DayOfWeek + 6) % 7; // Monday = 0
        return ((day * 24 * 60) + (utc.Hour * 60) + utc.Minute) % MinutesPerWeek;
    }
}
