using System.Text;
using OdooGateAction.Core;
using OdooGateAction.Core.Rendering;
using OdooGateAction.Runtime;

namespace OdooGateAction;

/// <summary>
/// The one way the app prints (docs/design-decisions.md, "Log neutralisation and redaction"). It owns standard output
/// (results, the action's log and its workflow commands: <see cref="Out"/>, <see cref="Commands"/>) and standard error
/// (diagnostics: <see cref="Error"/>), and writes them a whole line at a time: every registered secret and every
/// credential shape redacted (<see cref="Redaction"/>), then the line neutralised (<see cref="LogText.Line"/>), so no
/// text from GitHub, the event, the inputs or the configuration can start a workflow command, end a line early, or
/// colour the log. Only <see cref="WorkflowCommands"/>, which the sink creates, writes a line that starts with <c>::</c>.
/// </summary>
public sealed class OutputSink
{
    private readonly Lock _lock = new();
    private readonly List<string> _secrets = [];

    public OutputSink(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Out = new LogStream(this, stdout);
        Error = new LogStream(this, stderr);
        Commands = new WorkflowCommands(this);
    }

    /// <summary>The process's own standard output and error.</summary>
    public static OutputSink ForConsole() => new(Console.Out, Console.Error);

    /// <summary>A sink that prints nothing (tests, and callers that only need a configuration loaded).</summary>
    public static OutputSink Discard() => new(TextWriter.Null, TextWriter.Null);

    /// <summary>Standard output: the report, the action's log lines.</summary>
    public LogStream Out { get; }

    /// <summary>Standard error: diagnostics, progress of a local run, errors.</summary>
    public LogStream Error { get; }

    /// <summary>Workflow commands (annotations, groups, masks), on standard output.</summary>
    public WorkflowCommands Commands { get; }

    /// <summary>
    /// Redacts <paramref name="secret"/> from every later line (and its lines, when it has several). Blank ones are
    /// ignored. On a runner, mask it too (<see cref="WorkflowCommands.AddMask"/> does both).
    /// </summary>
    public void AddSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        lock (_lock)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                _secrets.Add(secret);
            }
        }
    }

    /// <summary><paramref name="text"/> with every registered secret and every credential shape replaced by <c>***</c>.</summary>
    public string Redact(string? text)
    {
        string[] secrets;
        lock (_lock)
        {
            secrets = [.. _secrets];
        }

        return Redaction.Redact(text, secrets);
    }

    /// <summary>One log line, redacted and neutralised; before and after, so an escaped form cannot carry a secret either.</summary>
    internal void WriteLine(TextWriter writer, string? message) => WriteVerbatim(writer, Redact(LogText.Line(Redact(message))));

    /// <summary>A workflow command line that <see cref="WorkflowCommands"/> formatted (its values neutralised and redacted).</summary>
    internal void WriteCommand(string line) => WriteVerbatim(Out.Writer, line);

    private void WriteVerbatim(TextWriter writer, string line)
    {
        lock (_lock)
        {
            writer.Write(line);
            writer.Write('\n');
            writer.Flush();
        }
    }
}

/// <summary>
/// One of the <see cref="OutputSink"/>'s two streams. It writes whole lines only, each redacted and neutralised; only
/// the sink creates one.
/// </summary>
public sealed class LogStream
{
    private readonly OutputSink _sink;

    internal LogStream(OutputSink sink, TextWriter writer)
    {
        _sink = sink;
        Writer = writer;
    }

    internal TextWriter Writer { get; }

    /// <summary>One line: a line break inside <paramref name="message"/> is shown as <c>\n</c>, never written.</summary>
    public void Line(string? message) => _sink.WriteLine(Writer, message);

    /// <summary>Several lines (a rendered report): split at LF, each written as a <see cref="Line"/>; a final LF ends the last.</summary>
    public void Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            Line(lines[i]);
        }
    }

    /// <summary>
    /// A <see cref="TextWriter"/> for a library that prints by itself (System.CommandLine's help and parse errors): it
    /// collects what is written up to each line break and writes it as a <see cref="Line"/>, so a secret written in
    /// pieces is still redacted whole. A last unfinished line is written when the writer is disposed, not on Flush.
    /// </summary>
    public TextWriter OpenWriter() => new LineWriter(this);

    private sealed class LineWriter(LogStream stream) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                EmitLine();
            }
            else
            {
                _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            for (var i = index; i < index + count; i++)
            {
                Write(buffer[i]);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _line.Length > 0)
            {
                EmitLine();
            }

            base.Dispose(disposing);
        }

        private void EmitLine()
        {
            // CRLF ends a line as LF does; a CR elsewhere is text, and the sink escapes it.
            var length = _line.Length > 0 && _line[^1] == '\r' ? _line.Length - 1 : _line.Length;
            var line = _line.ToString(0, length);
            _line.Clear();
            stream.Line(line);
        }
    }
}
