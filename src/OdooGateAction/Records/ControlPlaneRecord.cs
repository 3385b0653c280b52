using System.Globalization;
using OdooGateAction.ControlPlane;
using OdooGateAction.Runtime;

namespace OdooGateAction.Records;

/// <summary>
/// The control-plane record of a run (docs/control-plane.md): its audit events, all in one call, after the audit log
/// file is written. With <c>control-plane-required: false</c> a failure is a warning (the file keeps the events, for
/// <c>ingest</c> later); with <c>true</c> it fails the step, so the run exits 3 and the required check run says
/// <c>failure</c>. A re-run of the same attempt inserts nothing new (the events' idempotency keys).
/// </summary>
public sealed class ControlPlaneRecord(ControlPlaneConnection connection, bool required, ControlPlaneOptions options)
{
    public async Task SendAsync(IReadOnlyList<string> events, string auditLogPath, WorkflowCommands commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(commands);
        await using var client = new ControlPlaneClient(connection, options);
        try
        {
            var result = await client.IngestAsync(events, cancellationToken).ConfigureAwait(false);
            commands.Info(string.Create(CultureInfo.InvariantCulture,
                $"Control plane: {result.Inserted} event(s) ingested, {result.Duplicates} already there ({connection.Describe()}, {client.Attempts} attempt(s))."));
        }
        catch (ControlPlaneException ex) when (!required)
        {
            commands.Warning(
                $"the audit events were not ingested into the control plane: {ex.Message}. They stay in {auditLogPath}; send them later with `OdooGateAction ingest --audit-log FILE` (control-plane-required is false, so the decision stands).",
                title: "odoo-gates: control plane");
        }
    }

    /// <summary>The retry settings: the defaults, or <c>ODOO_GATES_RETRY_DELAY</c> (as for GitHub) when set.</summary>
    public static ControlPlaneOptions Options(IActionEnvironment environment)
    {
        var defaults = new ControlPlaneOptions();
        return defaults with { BaseDelay = Commands.GitHubClientFactory.Duration(environment, "ODOO_GATES_RETRY_DELAY", defaults.BaseDelay) };
    }
}
