using System.Globalization;
using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Runtime;

/// <summary>
/// Reads the action's inputs the way the runner passes them to a container action: <c>INPUT_&lt;NAME&gt;</c>, the name
/// upper-cased with spaces turned into <c>_</c> and hyphens kept (<c>github-token</c> → <c>INPUT_GITHUB-TOKEN</c>).
/// Values are trimmed; an unset input reads as empty. Every bad value is an <see cref="InputException"/> (exit 2)
/// naming the input.
/// </summary>
public sealed class ActionInputs(IActionEnvironment environment)
{
    /// <summary>The boolean spellings of the YAML 1.2 core schema, the only ones accepted.</summary>
    public const string BooleanSpellings = "true | True | TRUE | false | False | FALSE";

    /// <summary>The environment variable that carries an input.</summary>
    public static string VariableName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return "INPUT_" + name.Replace(' ', '_').ToUpperInvariant();
    }

    /// <summary>
    /// The trimmed value, or an empty string when unset; a required input that is empty is an error, and so is one
    /// longer than <see cref="InputLimits.InputValueChars"/>.
    /// </summary>
    public string GetInput(string name, bool required = false)
    {
        var value = environment.GetVariable(VariableName(name))?.Trim() ?? string.Empty;
        if (value.Length > InputLimits.Default.InputValueChars)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"input '{name}' is {value.Length:N0} characters long; an input may hold at most {InputLimits.Default.InputValueChars:N0} (check what the workflow passes under 'with:')"));
        }

        if (required && value.Length == 0)
        {
            throw new InputException($"input '{name}' is required and was not supplied (set it under 'with:' in the workflow step)");
        }

        return value;
    }

    /// <summary>The value, or <see langword="null"/> when empty.</summary>
    public string? GetOptional(string name)
    {
        var value = GetInput(name);
        return value.Length == 0 ? null : value;
    }

    /// <summary>A YAML 1.2 core-schema boolean; empty means <paramref name="defaultValue"/>.</summary>
    public bool GetBoolean(string name, bool defaultValue)
    {
        var value = GetInput(name);
        switch (value)
        {
            case "":
                return defaultValue;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                throw new InputException($"input '{name}' is {InputText.Quote(value)}, which is not a boolean; use one of: {BooleanSpellings}");
        }
    }

    /// <summary>A duration such as <c>90s</c>, <c>15m</c> or <c>0</c>; empty means <paramref name="defaultValue"/>.</summary>
    public TimeSpan GetDuration(string name, TimeSpan defaultValue)
    {
        var value = GetInput(name);
        if (value.Length == 0)
        {
            return defaultValue;
        }

        return DurationParser.TryParse(value, out var duration, out var error)
            ? duration
            : throw new InputException($"input '{name}': {error}");
    }

    /// <summary>A whole number above zero (a PR number); empty means <see langword="null"/>.</summary>
    public int? GetPositiveInteger(string name)
    {
        var value = GetInput(name);
        if (value.Length == 0)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new InputException($"input '{name}' is {InputText.Quote(value)}; it must be a whole number above zero (a pull request number such as 1347)");
    }

    /// <summary>A full commit SHA (40 hexadecimal characters), lower-cased; empty means <see langword="null"/>.</summary>
    public string? GetSha(string name)
    {
        var value = GetInput(name);
        if (value.Length == 0)
        {
            return null;
        }

        return CommitSha.IsValid(value)
            ? value.ToLowerInvariant()
            : throw new InputException($"input '{name}' is {InputText.Quote(value)}; it must be a full commit SHA of 40 hexadecimal characters");
    }
}

/// <summary>Commit SHAs as GitHub writes them in full.</summary>
public static class CommitSha
{
    public const int Length = 40;

    public static bool IsValid(string? value) =>
        value is { Length: Length } && value.All(char.IsAsciiHexDigit);
}
