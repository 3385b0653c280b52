using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>The words every rendering uses for states: one spelling for JSON, outputs, text and Markdown.</summary>
public static class ReportVocabulary
{
    public static string Of(Decision decision) => decision == Decision.Allow ? "allow" : "block";

    public static string Of(GateStatus status) => status switch
    {
        GateStatus.Passed => "passed",
        GateStatus.Failed => "failed",
        GateStatus.Pending => "pending",
        GateStatus.Missing => "missing",
        GateStatus.Overridden => "overridden",
        GateStatus.NotRequired => "not-required",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Of(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "passed",
        CheckOutcome.Failed => "failed",
        CheckOutcome.Pending => "pending",
        CheckOutcome.Missing => "missing",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string Of(OverrideOutcome outcome) => outcome switch
    {
        OverrideOutcome.Honoured => "honoured",
        OverrideOutcome.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string Icon(OverrideOutcome outcome) => outcome == OverrideOutcome.Honoured ? "🔓" : "⛔";

    public static string Icon(GateStatus status) => status switch
    {
        GateStatus.Passed => "✅",
        GateStatus.Failed => "❌",
        GateStatus.Pending => "⏳",
        GateStatus.Missing => "❔",
        GateStatus.Overridden => "🔓",
        _ => "➖",
    };

    public static string Icon(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "✅",
        CheckOutcome.Failed => "❌",
        CheckOutcome.Pending => "⏳",
        _ => "❔",
    };

    /// <summary>A SHA shortened to 7 characters, as GitHub shows it.</summary>
    /// <summary>"G2 is not required for merge; the label gate-override:G2 on PR #7 is considered for staging, production."</summary>
    public static string UnrequiredLabelNotice(UnrequiredOverrideLabel label, string target)
    {
        ArgumentNullException.ThrowIfNull(label);
        var elsewhere = label.ConsideredFor.Count == 0
            ? "no target requires that gate, so it has no effect"
            : $"it is considered for {string.Join(", ", label.ConsideredFor)}";
        return $"{label.Gate} is not required for {target}; the label {label.Label} on PR #{label.PullRequest} is not decided here: {elsewhere}.";
    }

    public static string ShortSha(string sha) => sha.Length > 7 ? sha[..7] : sha;

    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
