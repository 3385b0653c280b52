using System.Globalization;
using System.Text;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Runtime;

/// <summary>
/// GitHub Actions workflow commands (<c>::name key=value,key=value::message</c>), one per line on the step's standard
/// output, written through the <see cref="OutputSink"/> that creates them: the only lines of the app that start with
/// <c>::</c>. The message and each property value are redacted, neutralised (<see cref="LogText.Inline"/>, line breaks
/// kept) and escaped as data (<c>%</c>, CR, LF), each property value additionally for <c>:</c> and <c>,</c>, so no text
/// we print (check names, PR titles, reasons) can end a command early, start another, or carry a control character.
/// </summary>
public sealed class WorkflowCommands
{
    private readonly OutputSink _sink;

    internal WorkflowCommands(OutputSink sink) => _sink = sink;

    /// <summary>Plain log lines on standard output, beside the commands.</summary>
    public LogStream Log => _sink.Out;

    /// <summary>An annotation shown on the run and, with a file, on the diff. Lines and columns start at 1.</summary>
    public void Error(string message, string? file = null, int? line = null, int? column = null, string? title = null) =>
        Issue("error", AnnotationProperties(file, line, column, title), message);

    /// <inheritdoc cref="Error"/>
    public void Warning(string message, string? file = null, int? line = null, int? column = null, string? title = null) =>
        Issue("warning", AnnotationProperties(file, line, column, title), message);

    /// <inheritdoc cref="Error"/>
    public void Notice(string message, string? file = null, int? line = null, int? column = null, string? title = null) =>
        Issue("notice", AnnotationProperties(file, line, column, title), message);

    /// <summary>Shown only when step debug logging is on (<c>ACTIONS_STEP_DEBUG</c>).</summary>
    public void Debug(string message) => Issue("debug", [], message);

    /// <summary>Starts a foldable group of log lines.</summary>
    public void StartGroup(string name) => Issue("group", [], name);

    public void EndGroup() => Issue("endgroup", [], string.Empty);

    /// <summary>A group that ends when disposed.</summary>
    public IDisposable Group(string name)
    {
        StartGroup(name);
        return new GroupScope(this);
    }

    /// <summary>
    /// Asks the runner to replace the value with <c>***</c> in every later log line, and the sink to redact it from
    /// every later line it writes. Call it for each token before anything else is printed. A multi-line value is also
    /// masked line by line (the runner matches within lines). The value is written as it is (escaped as data only).
    /// </summary>
    public void AddMask(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(secret))
        {
            return; // masking "" or blanks would garble the whole log and hides nothing
        }

        _sink.AddSecret(secret);
        Mask(secret);
        if (secret.Contains('\n', StringComparison.Ordinal) || secret.Contains('\r', StringComparison.Ordinal))
        {
            foreach (var line in secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Mask(line);
            }
        }

        // Neither neutralised nor redacted: the runner must mask the exact value.
        void Mask(string value) => _sink.WriteCommand("::add-mask::" + EscapeData(value));
    }

    /// <summary>Masks each of <paramref name="secrets"/> (see <see cref="AddMask"/>); empty ones are skipped.</summary>
    public void AddMasks(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets)
        {
            AddMask(secret ?? string.Empty);
        }
    }

    /// <summary>A plain log line (<see cref="LogStream.Line"/> on standard output).</summary>
    public void Info(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Log.Line(message);
    }

    /// <summary>Escapes a command's message: <c>%</c> → <c>%25</c>, CR → <c>%0D</c>, LF → <c>%0A</c>.</summary>
    public static string EscapeData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>Escapes a property value: as data, and <c>:</c> → <c>%3A</c>, <c>,</c> → <c>%2C</c>.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>Formats one command line (without its line end); the message and values are neutralised, not redacted.</summary>
    public static string Format(string command, IReadOnlyList<KeyValuePair<string, string>> properties, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(properties);
        var text = new StringBuilder("::").Append(command);
        var first = true;
        foreach (var (key, value) in properties)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            text.Append(first ? ' ' : ',').Append(key).Append('=').Append(EscapeProperty(LogText.Inline(value, keepLineBreaks: true)));
            first = false;
        }

        return text.Append("::").Append(EscapeData(LogText.Inline(message, keepLineBreaks: true))).ToString();
    }

    private void Issue(string command, IReadOnlyList<KeyValuePair<string, string>> properties, string message) =>
        _sink.WriteCommand(Format(command, [.. properties.Select(p => new KeyValuePair<string, string>(p.Key, _sink.Redact(p.Value)))], _sink.Redact(message)));

    // The toolkit's order: title, file, line, col.
    private static List<KeyValuePair<string, string>> AnnotationProperties(string? file, int? line, int? column, string? title)
    {
        var properties = new List<KeyValuePair<string, string>>(4);
        Add("title", title);
        Add("file", file);
        Add("line", line?.ToString(CultureInfo.InvariantCulture));
        Add("col", column?.ToString(CultureInfo.InvariantCulture));
        return properties;

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties.Add(new(key, value));
            }
        }
    }

    private sealed class GroupScope(WorkflowCommands commands) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                commands.EndGroup();
            }
        }
    }
}
