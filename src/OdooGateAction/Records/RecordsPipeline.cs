using System.Runtime.ExceptionServices;

namespace OdooGateAction.Records;

/// <summary>
/// Writes the records of one decision in one documented order (docs/design-decisions.md, "Records and their order"),
/// with the required check run — the record branch protection reads — in its place among them:
/// <list type="bullet">
/// <item>a step before it that fails makes it <c>failure</c> ("records incomplete") and no later step runs;</item>
/// <item>a step after it that fails turns it to <c>failure</c> before the run ends;</item>
/// <item>either way the original failure is rethrown, so the run exits non-zero (3, or 2 for a local file the
/// user named) and the required check never says success on it.</item>
/// </list>
/// A step that only warns (a 403 on a fork PR's read-only token, an unwritable job summary) handles that itself and
/// does not fail.
/// </summary>
public sealed class RecordsPipeline
{
    private readonly List<Step> _steps = [];
    private Func<string?, CancellationToken, Task>? _requiredCheck;

    /// <summary>The steps' names in the order they run (the required check as <c>required check run</c>).</summary>
    public IReadOnlyList<string> Order => [.. _steps.Select(s => s.Name)];

    /// <summary>The step that failed, when one did.</summary>
    public string? FailedStep { get; private set; }

    /// <summary>Adds the next record.</summary>
    public RecordsPipeline Then(string name, Func<CancellationToken, Task> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(write);
        _steps.Add(new Step(name, write, IsRequiredCheck: false));
        return this;
    }

    /// <summary>
    /// Adds the required check run: <paramref name="write"/> gets null to write the decision, or the name of the record
    /// that failed to write <c>failure</c>. At most one.
    /// </summary>
    public RecordsPipeline ThenRequiredCheck(string name, Func<string?, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_requiredCheck is not null)
        {
            throw new InvalidOperationException("the pipeline has a required check run already");
        }

        _requiredCheck = write;
        _steps.Add(new Step(name, ct => write(null, ct), IsRequiredCheck: true));
        return this;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var requiredCheckWritten = false;
        foreach (var step in _steps)
        {
            try
            {
                if (!requiredCheckWritten)
                {
                    // A stop before the required check leaves the records incomplete and the check unwritten; after it,
                    // the few local records left are written, so the check never says success on a run that fails.
                    cancellationToken.ThrowIfCancellationRequested();
                }

                await step.Write(requiredCheckWritten ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
                requiredCheckWritten |= step.IsRequiredCheck;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                FailedStep = step.Name; // stopped: nothing more is written, not even the correction
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                FailedStep = step.Name;
                var failure = ExceptionDispatchInfo.Capture(ex);
                if (_requiredCheck is not null && (!step.IsRequiredCheck || requiredCheckWritten))
                {
                    // Once the check says success, correcting it is not given up for a stop signal (the signal's
                    // grace period still bounds it); before that, a stop ends the correction like any other write.
                    var correction = requiredCheckWritten ? CancellationToken.None : cancellationToken;
                    try
                    {
                        await _requiredCheck(step.Name, correction).ConfigureAwait(false);
                    }
                    catch (Exception) when (!correction.IsCancellationRequested)
                    {
                        // The first failure is the one to report; the run exits non-zero either way.
                    }
                }

                failure.Throw();
            }
        }
    }

    private sealed record Step(string Name, Func<CancellationToken, Task> Write, bool IsRequiredCheck);
}
