namespace OdooGateAction.Core.Configuration;

/// <summary>
/// The keys each configuration object allows. One table for the loader's "unknown key" errors, the docs
/// and the JSON Schemas in <c>gates/schema/</c> (a test keeps the schemas in step with this table).
/// </summary>
public static class ConfigSchema
{
    public const string GatesFile = "gates.yaml";
    public const string MappingFile = "ci_gate_mapping.yaml";
    public const string EnvironmentsFile = "environments.yaml";
    public const string PersonasFile = "personas.yaml";
    public const string OverridesFile = "overrides.yaml";

    public const int SupportedVersion = 1;

    public static IReadOnlyList<string> Files { get; } = [GatesFile, MappingFile, EnvironmentsFile, PersonasFile, OverridesFile];

    public static IReadOnlyList<string> GatesRoot { get; } = ["version", "gates"];
    public static IReadOnlyList<string> Gate { get; } = ["name", "owner", "description", "evidence", "expertise"];

    public static IReadOnlyList<string> MappingRoot { get; } = ["version", "defaults", "gates"];
    public static IReadOnlyList<string> MappingDefaults { get; } = ["app", "skipped", "neutral"];
    public static IReadOnlyList<string> MappedCheck { get; } = 
        ["check", "status", "review", "app", "evidence", "min", "required", "skipped", "neutral", "exclude_author", "invalidate_on_push"];

    /// <summary>The key of each evidence kind a mapped check is written with (exactly one per item), in the order messages name them.</summary>
    public static IReadOnlyList<(string Key, EvidenceSource Source, string Means)> EvidenceKinds { get; } =
    [
        ("check", EvidenceSource.CheckRun, "a check run name"),
        ("status", EvidenceSource.Status, "a commit status context"),
        ("review", EvidenceSource.Review, "a persona whose approving review counts"),
    ];

    public static IReadOnlyList<string> EnvironmentsRoot { get; } = ["version", "targets", "events"];
    public static IReadOnlyList<string> Target { get; } = ["gates", "not_overridable", "two_person_override", "freeze"];
    public static IReadOnlyList<string> Freeze { get; } = ["from", "to", "reason"];

    public static IReadOnlyList<string> PersonasRoot { get; } = ["version", "domains", "personas"];
    public static IReadOnlyList<string> Persona { get; } = ["name", "github", "expertise", "may_override"];
    public static IReadOnlyList<string> PersonaGitHub { get; } = ["users", "teams", "permission"];

    public static IReadOnlyList<string> OverridesRoot { get; } =
        ["version", "label_prefix", "reason_command", "require_reason", "max_age", "invalidate_on_push", "on_unauthorized"];

    /// <summary>The events the action understands (keys of <c>events:</c> in environments.yaml).</summary>
    public static IReadOnlyList<string> Events { get; } =
        ["pull_request", "pull_request_target", "pull_request_review", "merge_group", "workflow_run", "deployment", "workflow_dispatch", "push"];

    public static IReadOnlyList<string> ConclusionPolicies { get; } = ["pass", "fail"];

    public static IReadOnlyList<string> Permissions { get; } = ["read", "triage", "write", "maintain", "admin"];

    public static IReadOnlyList<string> UnauthorizedActions { get; } = ["comment", "comment-and-remove-label"];
}
