namespace OdooGateAction.Runtime;

/// <summary>
/// Where the action reads its environment variables (<c>INPUT_*</c>, <c>GITHUB_*</c>, <c>RUNNER_*</c>). The process
/// implementation reads the real environment; tests pass a dictionary.
/// </summary>
public interface IActionEnvironment
{
    /// <summary>The variable's value, or <see langword="null"/> when it is not set.</summary>
    string? GetVariable(string name);
}

/// <summary>The environment of the running process.</summary>
public sealed class ProcessActionEnvironment : IActionEnvironment
{
    public static ProcessActionEnvironment Instance { get; } = new();

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>A fixed set of variables (tests, local runs). Names are case-sensitive, as on Linux runners.</summary>
public sealed class DictionaryActionEnvironment : IActionEnvironment
{
    private readonly Dictionary<string, string?> _variables;

    public DictionaryActionEnvironment(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = new Dictionary<string, string?>(variables, StringComparer.Ordinal);
    }

    public string? GetVariable(string name) => _variables.GetValueOrDefault(name);
}

public static class ActionEnvironmentExtensions
{
    /// <summary>The variable's value, or <see langword="null"/> when it is unset or only white space.</summary>
    public static string? GetNonEmpty(this IActionEnvironment environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var value = environment.GetVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
