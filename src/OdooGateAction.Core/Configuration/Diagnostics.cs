using OdooGateAction.Core.Yaml;

namespace OdooGateAction.Core.Configuration;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>One finding about the configuration, located at <c>file:line:column</c> (line 0: the whole file).</summary>
public sealed record ConfigDiagnostic(DiagnosticSeverity Severity, string File, int Line, int Column, string Message)
{
    public string Location => Line > 0 ? $"{File}:{Line}:{Column}" : File;

    public override string ToString() =>
        $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {Message}";
}

/// <summary>Collects every diagnostic of a run, so a user sees all problems at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(string file, SourcePosition position, string message) =>
        _items.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, file, position.Line, position.Column, message));

    public void Error(SourceLocation location, string message) =>
        _items.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, location.File, location.Line, location.Column, message));

    public void Warning(SourceLocation location, string message) =>
        _items.Add(new ConfigDiagnostic(DiagnosticSeverity.Warning, location.File, location.Line, location.Column, message));

    public void FileError(string file, string message) =>
        _items.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, file, 0, 0, message));
}

/// <summary>Where a configuration element was written.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation At(string file, SourcePosition position) => new(file, position.Line, position.Column);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
