using System.Globalization;

namespace OdooGateAction.Core;

/// <summary>
/// Every size the action accepts from outside, in one place (docs/limits.md has the table). Whatever is larger is
/// refused, never read to its end: a local file the user named is bad input (exit 2), an answer from GitHub is GitHub
/// failing (exit 3). <see cref="Default"/> is what the action runs with; tests shrink a copy.
/// </summary>
public sealed record InputLimits
{
    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    public static InputLimits Default { get; } = new();

    /// <summary>One configuration file, on disk or read through GitHub: 1 MiB (the shipped files are a few KiB).</summary>
    public int ConfigFileBytes { get; init; } = MiB;

    /// <summary>The event payload (<c>GITHUB_EVENT_PATH</c>): 25 MiB, the most GitHub puts in a webhook payload.</summary>
    public int EventPayloadBytes { get; init; } = 25 * MiB;

    /// <summary>A snapshot file (<c>--snapshot</c>): 32 MiB (a recording of 10,000 check runs is a few MiB).</summary>
    public int SnapshotBytes { get; init; } = 32 * MiB;

    /// <summary>
    /// How much of an existing audit log is read to skip events it already holds: its last 16 MiB (about 16,000
    /// events; a re-run's events are the latest). The file itself may grow larger: only the end is read.
    /// </summary>
    public int AuditLogTailBytes { get; init; } = 16 * MiB;

    /// <summary>
    /// An audit log read whole, by <c>ingest</c> (a backfill) and <c>trace --audit-log</c>: 256 MiB (about 250,000
    /// events; split a larger file).
    /// </summary>
    public int AuditLogBytes { get; init; } = 256 * MiB;

    /// <summary>
    /// One answer from the GitHub API (a page of 100): 128 MiB, above the largest page GitHub can send (100 check
    /// runs whose output summary and text are at their 65,535-character maximum, escaped).
    /// </summary>
    public int ResponseBytes { get; init; } = 128 * MiB;

    /// <summary>What is read of an error answer to explain it: 64 KiB.</summary>
    public int ErrorBodyBytes { get; init; } = 64 * KiB;

    /// <summary>The bodies kept for conditional requests (ETags), all together: 64 MiB; beyond it answers are not kept.</summary>
    public long ResponseCacheBytes { get; init; } = 64L * MiB;

    /// <summary>Pages of one list: 100 (10,000 results at 100 a page).</summary>
    public int MaxPages { get; init; } = 100;

    /// <summary>One action input (<c>INPUT_*</c>): 4,096 characters (a token is about 40 to 100).</summary>
    public int InputValueChars { get; init; } = 4096;

    /// <summary>Nesting of a YAML configuration document: 64 levels.</summary>
    public int YamlDepth { get; init; } = 64;

    /// <summary>A value quoted in a message (a configuration value, an input, a payload field): 80 characters, then "…".</summary>
    public int QuotedValueChars { get; init; } = 80;

    /// <summary>A size as people read it: <c>1 MiB</c>, <c>64 KiB</c>, <c>100 bytes</c>.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= MiB when bytes % MiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB} MiB"),
        >= KiB when bytes % KiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / KiB} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };
}
