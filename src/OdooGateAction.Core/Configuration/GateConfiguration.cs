namespace OdooGateAction.Core.Configuration;

/// <summary>The whole, validated gate configuration: the five files of a <c>gates/</c> folder.</summary>
public sealed class GateConfiguration
{
    public GateConfiguration(
        IReadOnlyList<GateDefinition> gates,
        MappingDefaults mappingDefaults,
        IReadOnlyList<MappedCheck> mappedChecks,
        IReadOnlyList<TargetDefinition> targets,
        IReadOnlyList<EventTargetRule> events,
        IReadOnlyList<string> domains,
        IReadOnlyList<PersonaDefinition> personas,
        OverridePolicy overrides)
    {
        Gates = gates;
        MappingDefaults = mappingDefaults;
        MappedChecks = mappedChecks;
        Targets = targets;
        Events = events;
        Domains = domains;
        Personas = personas;
        Overrides = overrides;
    }

    public IReadOnlyList<GateDefinition> Gates { get; }

    public MappingDefaults MappingDefaults { get; }

    public IReadOnlyList<MappedCheck> MappedChecks { get; }

    public IReadOnlyList<TargetDefinition> Targets { get; }

    public IReadOnlyList<EventTargetRule> Events { get; }

    public IReadOnlyList<string> Domains { get; }

    public IReadOnlyList<PersonaDefinition> Personas { get; }

    public OverridePolicy Overrides { get; }

    /// <summary>Where each declared domain was written (<c>domains[i]</c>), for messages.</summary>
    public FieldPositions? DomainPositions { get; init; }

    public GateDefinition? FindGate(string id) => Gates.FirstOrDefault(g => string.Equals(g.Id, id, StringComparison.Ordinal));

    public TargetDefinition? FindTarget(string name) => Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    public PersonaDefinition? FindPersona(string id) => Personas.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));
}

/// <summary>A release gate (gates.yaml).</summary>
public sealed record GateDefinition(
    string Id,
    string Name,
    string Owner,
    string? Description,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> Expertise,
    SourceLocation Location,
    FieldPositions? Positions = null) : ILocatedElement;

/// <summary>How a skipped or neutral conclusion counts.</summary>
public enum ConclusionPolicy
{
    Pass,
    Fail,
}

/// <summary>The <c>defaults</c> block of ci_gate_mapping.yaml.</summary>
public sealed record MappingDefaults(string App, ConclusionPolicy Skipped, ConclusionPolicy Neutral)
{
    public const string AnyApp = "any";

    public static MappingDefaults Standard { get; } = new("github-actions", ConclusionPolicy.Pass, ConclusionPolicy.Pass);
}

/// <summary>What a mapped check reads: check runs, commit statuses, or the approving reviews of a persona.</summary>
public enum EvidenceSource
{
    CheckRun,
    Status,
    Review,
}

/// <summary>
/// One piece of evidence mapped to a gate (ci_gate_mapping.yaml): a CI result pattern, or for <see cref="EvidenceSource.Review"/>
/// a persona whose approvals count (<see cref="Pattern"/> is the persona id, <see cref="Min"/> the distinct approvers needed).
/// </summary>
public sealed record MappedCheck(
    string Gate,
    EvidenceSource Source,
    GlobPattern Pattern,
    string? App,
    string? Evidence,
    int Min,
    bool Required,
    ConclusionPolicy Skipped,
    ConclusionPolicy Neutral,
    SourceLocation Location,
    FieldPositions? Positions = null) : ILocatedElement
{
    /// <summary>The key it was written with (<see cref="ConfigSchema.EvidenceKinds"/>): <c>check</c> or <c>status</c>.</summary>
    public string Kind => ConfigSchema.EvidenceKinds.First(k => k.Source == Source).Key;

    /// <summary>Reviews only: the pull request's author never approves their own change (default true).</summary>
    public bool ExcludeAuthor { get; init; } = true;

    /// <summary>
    /// Reviews only: approvals submitted at or before the latest push of the head commit (or on another commit) are
    /// stale. Null when the entry does not say: the loader fills in <c>invalidate_on_push</c> of overrides.yaml, and
    /// the rules read null as true (fail closed).
    /// </summary>
    public bool? InvalidateOnPush { get; init; }
}

/// <summary>A promotion target (environments.yaml).</summary>
public sealed record TargetDefinition(
    string Name,
    IReadOnlyList<string> Gates,
    IReadOnlyList<string> NotOverridable,
    IReadOnlyList<string> TwoPersonOverride,
    IReadOnlyList<FreezeWindow> Freeze,
    SourceLocation Location,
    FieldPositions? Positions = null) : ILocatedElement
{
    public bool Requires(string gate) => Gates.Contains(gate, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="gate"/> is in the target's <c>not_overridable</c>: only its own evidence can pass it here.</summary>
    public bool OverrideForbidden(string gate) => NotOverridable.Contains(gate, StringComparer.Ordinal);
}

/// <summary>Which target an event evaluates when the <c>target</c> input is empty.</summary>
public sealed record EventTargetRule(string EventName, string Target, SourceLocation Location)
{
    public const string EnvironmentPlaceholder = "{environment}";
    public const string InputPlaceholderPrefix = "{input:";

    /// <summary>The workflow_dispatch input named by a <c>{input:NAME}</c> template, if it is one.</summary>
    public string? InputName => Target.StartsWith(InputPlaceholderPrefix, StringComparison.Ordinal) && Target.EndsWith('}')
        ? Target[InputPlaceholderPrefix.Length..^1]
        : null;

    public bool IsEnvironmentPlaceholder => string.Equals(Target, EnvironmentPlaceholder, StringComparison.Ordinal);
}

/// <summary>A minimum repository permission a persona may be matched by.</summary>
public enum RepositoryPermission
{
    Read,
    Triage,
    Write,
    Maintain,
    Admin,
}

/// <summary>A persona of the expertise registry (personas.yaml).</summary>
public sealed record PersonaDefinition(
    string Id,
    string Name,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Teams,
    RepositoryPermission? Permission,
    IReadOnlyList<string> Expertise,
    IReadOnlyList<string> MayOverride,
    SourceLocation Location,
    FieldPositions? Positions = null) : ILocatedElement
{
    public bool MayOverrideGate(string gate) => MayOverride.Contains(gate, StringComparer.Ordinal);
}

/// <summary>What happens to an override label applied by someone not allowed to.</summary>
public enum UnauthorizedOverrideAction
{
    Comment,
    CommentAndRemoveLabel,
}

/// <summary>overrides.yaml.</summary>
public sealed record OverridePolicy(
    string LabelPrefix,
    string ReasonCommand,
    bool RequireReason,
    TimeSpan MaxAge,
    bool InvalidateOnPush,
    UnauthorizedOverrideAction OnUnauthorized)
{
    public static OverridePolicy Default { get; } = new("gate-override:", "/gate-override", true, TimeSpan.FromHours(72), true, UnauthorizedOverrideAction.Comment);
}
