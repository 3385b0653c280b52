using System.Runtime.InteropServices;

namespace OdooGateAction;

/// <summary>
/// SIGTERM and SIGINT (a cancelled workflow, <c>docker stop</c>, Ctrl+C) cancel <see cref="Token"/>, which flows into
/// every command: waits, requests and the records pipeline stop, and the run ends with exit 3 (no decision, fail
/// closed) without a half-written record. Should the run not end within <see cref="GracePeriod"/> (a read that
/// ignores cancellation), the process exits 3 anyway; a second signal exits at once.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly LogStream _error;
    private readonly PosixSignalRegistration[] _registrations;
    private Timer? _deadline;

    /// <param name="error">Standard error, through the sink (neutralised and redacted like every other line).</param>
    public ShutdownSignals(LogStream error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _error = error;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal)];
    }

    /// <summary>Cancelled when a termination signal arrives.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _deadline?.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the run ends itself, with exit 3
        if (_stop.IsCancellationRequested)
        {
            Exit($"error: stopped by a second {context.Signal}; no decision was reached (fail closed)");
            return;
        }

        _deadline = new Timer(_ => Exit($"error: the run did not stop within {GracePeriod.TotalSeconds:0}s of {context.Signal}; no decision was reached (fail closed)"), null, GracePeriod, Timeout.InfiniteTimeSpan);
        _stop.Cancel();
    }

    private void Exit(string message)
    {
        try
        {
            _error.Line(message);
        }
        catch (IOException)
        {
            // stderr is gone: the exit code still says it
        }

        Environment.Exit(ExitCodes.Undecidable);
    }
}
