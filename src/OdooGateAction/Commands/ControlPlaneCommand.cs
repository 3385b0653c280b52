using System.CommandLine;
using System.Globalization;
using OdooGateAction.ControlPlane;
using OdooGateAction.ControlPlane.Trace;
using OdooGateAction.Core;
using OdooGateAction.Records;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>
/// The control-plane commands (docs/control-plane.md): <c>ingest</c> (backfill an audit log, idempotent),
/// <c>trace</c> (one commit's timeline through its targets, from the control plane or an audit log) and <c>migrate</c>
/// (apply the migrations without the Supabase CLI). The connection string comes from <c>--control-plane</c> or the
/// <c>ODOO_GATES_CONTROL_PLANE</c> environment variable (which keeps it off the command line); its password and the
/// whole string are registered as secrets before anything is printed.
/// </summary>
public sealed class ControlPlaneCommand(OutputSink sink, IActionEnvironment environment)
{
    private const string ControlPlaneOption = "--control-plane";

    /// <summary>The three commands, for the root command.</summary>
    public IEnumerable<Command> Commands()
    {
        var controlPlane = new Option<string>(ControlPlaneOption)
        {
            Description = $"The control plane's PostgreSQL connection string (Supabase: the pooler URI); default: the {ControlPlaneConnection.EnvironmentVariable} environment variable, which keeps it off the command line.",
            HelpName = "CONNECTION",
        };
        var auditLog = new Option<string>("--audit-log") { Description = "An audit log file (JSON Lines, docs/audit-events.md).", HelpName = "FILE" };
        var ingestLog = new Option<string>("--audit-log") { Description = "The audit log file to send (JSON Lines, docs/audit-events.md).", HelpName = "FILE", Required = true };
        var sha = new Option<string>("--sha") { Description = "The commit: its full SHA, or a prefix of at least 7 characters.", HelpName = "SHA", Required = true };
        var repository = new Option<string>("--repository") { Description = "Only this repository's events.", HelpName = "OWNER/NAME" };
        var format = new Option<string>("--format") { Description = "How to print the trace.", DefaultValueFactory = _ => "text", HelpName = "text|markdown|json" };
        format.AcceptOnlyFromAmong([.. TraceRenderer.Formats]);

        var ingest = new Command("ingest", "Send an audit log's events to the control plane (a backfill). Idempotent: events it holds already are counted as duplicates. Exit 0 sent, 2 bad file or connection string, 3 control plane unreachable.")
        {
            ingestLog, controlPlane,
        };
        ingest.SetAction((parse, ct) => IngestAsync(parse.GetValue(ingestLog)!, parse.GetValue(controlPlane), ct));

        var trace = new Command("trace", "The timeline of one commit through its targets (merge → staging → production): each evaluation, gate outcomes, overrides with who and why, and the policy that decided. From the control plane (--control-plane or the environment variable) or an audit log (--audit-log).")
        {
            sha, repository, controlPlane, auditLog, format,
        };
        trace.SetAction((parse, ct) => TraceAsync(parse.GetValue(sha)!, parse.GetValue(repository), parse.GetValue(controlPlane), parse.GetValue(auditLog), parse.GetValue(format)!, ct));

        var migrate = new Command("migrate", "Apply the control plane's migrations (the ops schema) that the database does not have yet, for users without the Supabase CLI. Exit 0 up to date, 2 bad connection string, 3 failed.")
        {
            controlPlane,
        };
        migrate.SetAction((parse, ct) => MigrateAsync(parse.GetValue(controlPlane), ct));
        return [ingest, trace, migrate];
    }

    public async Task<int> IngestAsync(string path, string? connectionText, CancellationToken cancellationToken)
    {
        var connection = Connection(connectionText) ?? throw MissingConnection();
        var lines = ReadEvents(path);
        await using var client = new ControlPlaneClient(connection, ControlPlaneRecord.Options(environment));
        IngestResult result;
        try
        {
            result = await client.IngestAsync([.. lines.Select(l => l.Text)], cancellationToken).ConfigureAwait(false);
        }
        catch (ControlPlaneException ex) when (ex.Rejected)
        {
            var where = ex.EventIndex is int index && index < lines.Count ? $"{path} line {lines[index].Line.ToString(CultureInfo.InvariantCulture)}: " : $"{path}: ";
            throw new InputException(where + ex.Message, ex);
        }

        sink.Out.Line(string.Create(CultureInfo.InvariantCulture,
            $"Ingested {path} into {connection.Describe()}: {result.Received} event(s) read, {result.Inserted} inserted, {result.Duplicates} already there."));
        return ExitCodes.Allowed;
    }

    public async Task<int> TraceAsync(string sha, string? repository, string? connectionText, string? auditLog, string format, CancellationToken cancellationToken)
    {
        sha = sha.Trim().ToLowerInvariant();
        if (sha.Length is < 7 or > 64 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new InputException($"--sha is {InputText.Quote(sha)}; give a commit SHA (40 hexadecimal characters) or a prefix of at least 7");
        }

        if (repository is not null && !Core.Configuration.GitHubNames.IsRepository(repository))
        {
            throw new InputException($"--repository is {InputText.Quote(repository)}; it must be OWNER/NAME");
        }

        if (auditLog is not null && connectionText is not null)
        {
            throw new InputException($"give either --audit-log or {ControlPlaneOption}, not both");
        }

        IEnumerable<string> texts;
        if (auditLog is not null)
        {
            texts = ReadEvents(auditLog).Select(l => l.Text);
        }
        else
        {
            var connection = Connection(connectionText)
                ?? throw new InputException($"trace needs --audit-log FILE, {ControlPlaneOption} CONNECTION or the {ControlPlaneConnection.EnvironmentVariable} environment variable");
            await using var client = new ControlPlaneClient(connection, ControlPlaneRecord.Options(environment));
            texts = await client.ReadCommitEventsAsync(sha, repository, cancellationToken).ConfigureAwait(false);
        }

        var events = texts.Select(t => TraceEvent.Parse(t, out _)).OfType<TraceEvent>();
        var trace = ReleaseTrace.Build(sha, repository, events);
        if (trace.Evaluations.Count == 0)
        {
            throw new InputException($"no audit events of commit {sha}{(repository is null ? string.Empty : " in " + repository)} in {auditLog ?? "the control plane"}");
        }

        sink.Out.Text(TraceRenderer.Render(trace, format));
        return ExitCodes.Allowed;
    }

    public async Task<int> MigrateAsync(string? connectionText, CancellationToken cancellationToken)
    {
        var connection = Connection(connectionText) ?? throw MissingConnection();
        await using var client = new ControlPlaneClient(connection, ControlPlaneRecord.Options(environment));
        var applied = await client.MigrateAsync(cancellationToken).ConfigureAwait(false);
        sink.Out.Line(applied.Count == 0
            ? $"{connection.Describe()} is up to date ({Migrations.All.Count} migration(s))."
            : $"Applied to {connection.Describe()}: {string.Join(", ", applied)}.");
        return ExitCodes.Allowed;
    }

    /// <summary>The connection from the option or the environment variable, registered as a secret first; null when neither is set.</summary>
    private ControlPlaneConnection? Connection(string? option)
    {
        var (text, source) = option is { Length: > 0 }
            ? (option, $"{ControlPlaneOption}")
            : (environment.GetNonEmpty(ControlPlaneConnection.EnvironmentVariable), ControlPlaneConnection.EnvironmentVariable);
        if (text is null)
        {
            return null;
        }

        var secrets = ControlPlaneConnection.SecretsOf(text);
        if (environment.GetVariable("GITHUB_ACTIONS") == "true")
        {
            sink.Commands.AddMasks(secrets);
        }
        else
        {
            foreach (var secret in secrets)
            {
                sink.AddSecret(secret);
            }
        }

        var connection = ControlPlaneConnection.Parse(text, source);
        sink.AddSecret(connection.ConnectionString);
        return connection;
    }

    private static InputException MissingConnection() =>
        new($"no control plane: pass {ControlPlaneOption} CONNECTION or set the {ControlPlaneConnection.EnvironmentVariable} environment variable (a PostgreSQL URI or keyword connection string)");

    /// <summary>The file's events with their line numbers: blank lines skipped, every other line must be a JSON object.</summary>
    private static List<(int Line, string Text)> ReadEvents(string path)
    {
        string text;
        try
        {
            text = LocalFiles.ReadText(path, AuditLogFile.What, InputLimits.Default.AuditLogBytes);
        }
        catch (LocalFileException ex)
        {
            throw new InputException($"{path}: audit log {ex.Problem}", ex);
        }

        var events = new List<(int, string)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!line.TrimStart().StartsWith('{'))
            {
                throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{path} line {i + 1}: not an audit event (a JSON object per line, docs/audit-events.md)"));
            }

            events.Add((i + 1, line));
        }

        return events;
    }
}
