using System.Globalization;

namespace OdooGateAction.Core.Configuration;

/// <summary>Durations written as <c>90s</c>, <c>15m</c>, <c>72h</c>, <c>2d</c>, <c>1w</c> or combined (<c>1h30m</c>).</summary>
public static class DurationParser
{
    public const string AllowedUnits = "ms, s, m, h, d, w (e.g. 90s, 15m, 72h, 1h30m)";

    /// <summary>The longest duration accepted: 366 days. Longer ones are refused where they are written, so no time arithmetic can overflow later.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(366);

    private static readonly long MaxMilliseconds = (long)Max.TotalMilliseconds;

    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"a duration may not be empty; use a number and a unit: {AllowedUnits}";
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var i = 0;
        long totalMs = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                error = $"{InputText.Quote(text)} is not a duration; use a number and a unit: {AllowedUnits}";
                return false;
            }

            if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > MaxMilliseconds)
            {
                error = TooLarge(text);
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            long unitMs = text[unitStart..i] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                "w" => 604_800_000,
                _ => -1,
            };
            if (unitMs < 0)
            {
                error = unitStart == i
                    ? $"{InputText.Quote(text)} is not a duration: a number needs a unit right after it, with no space; allowed units: {AllowedUnits}"
                    : $"{InputText.Quote(text)} has unit {InputText.Quote(text[unitStart..i])}; allowed units: {AllowedUnits}";
                return false;
            }

            if (amount > (MaxMilliseconds - totalMs) / unitMs)
            {
                error = TooLarge(text);
                return false;
            }

            totalMs += amount * unitMs;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    private static string TooLarge(string text) => $"{InputText.Quote(text)} is too long a duration; the most is 366d";

    /// <summary>Writes a duration the way it is read: <c>72h</c>, <c>1h30m</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0";
        }

        var parts = new System.Text.StringBuilder();
        void Add(long amount, string unit)
        {
            if (amount > 0)
            {
                parts.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }

        Add((long)value.TotalHours, "h");
        Add(value.Minutes, "m");
        Add(value.Seconds, "s");
        Add(value.Milliseconds, "ms");
        return parts.ToString();
    }
}
