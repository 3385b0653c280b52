namespace OdooGateAction.Testing;

/// <summary>
/// A clock for code that waits: every timer fires at once, the clock moves forward by the timer's due time, and
/// the waits are recorded. A 15-minute wait-timeout loop or a retry-after of 60 s runs in microseconds, and the
/// test can assert exactly how long the code chose to wait. Kept beside <c>FakeTimeProvider</c> (used everywhere a
/// test sets the clock): that one fires a timer only when the test advances it, so a test of code that waits on its
/// own (retries, the poll loop) would have to race the code to advance; this one fires at once and records the wait.
/// </summary>
public sealed class AutoAdvancingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = start;

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FiringTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Fire(TimeSpan dueTime, TimerCallback callback, object? state)
    {
        lock (_lock)
        {
            _waits.Add(dueTime);
            _now += dueTime;
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
    }

    private sealed class FiringTimer(AutoAdvancingTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (!_disposed && dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.Fire(dueTime, callback, state);
            }

            return !_disposed;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
