using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Handbook;

/// <summary>How one mapped check stands in the capability check of the expertise registry.</summary>
public enum Coverage
{
    /// <summary>At least one persona holds a domain the check's gate needs (its <c>expertise</c>).</summary>
    Covered,

    /// <summary>The gate needs domains and no persona holds any of them.</summary>
    Gap,

    /// <summary>The gate declares no <c>expertise</c>, so no domain can be matched: only its owner answers for it.</summary>
    NotChecked,
}

/// <summary>One mapped check: the domains its gate needs, the personas holding one of them, and the verdict.</summary>
public sealed record CheckCoverage(MappedCheck Check, IReadOnlyList<string> Needs, IReadOnlyList<string> CoveredBy, Coverage Coverage);

/// <summary>
/// The seed's capability check, computed from a configuration (docs/handbook.md): every gate has an owner that is a
/// persona; every declared domain is held by a persona; every mapped check is covered by a persona whose domains match
/// the domains its gate needs (the gate's <c>expertise</c>). A gate without <c>expertise</c> cannot be matched: its
/// checks are "not checked", listed apart from gaps. Pure and in declaration order.
/// </summary>
public sealed class CapabilityCheck
{
    private CapabilityCheck(
        IReadOnlyList<GateDefinition> ownerless,
        IReadOnlyList<string> unheldDomains,
        IReadOnlyList<CheckCoverage> checks,
        IReadOnlyList<GateDefinition> ownersWithoutExpertise)
    {
        OwnerlessGates = ownerless;
        UnheldDomains = unheldDomains;
        Checks = checks;
        OwnersWithoutExpertise = ownersWithoutExpertise;
    }

    /// <summary>Gates whose <c>owner</c> is no persona.</summary>
    public IReadOnlyList<GateDefinition> OwnerlessGates { get; }

    /// <summary>Declared domains no persona holds.</summary>
    public IReadOnlyList<string> UnheldDomains { get; }

    /// <summary>Every mapped check, with its coverage.</summary>
    public IReadOnlyList<CheckCoverage> Checks { get; }

    /// <summary>Gates that declare <c>expertise</c> whose owner holds none of it (a warning, not a gap).</summary>
    public IReadOnlyList<GateDefinition> OwnersWithoutExpertise { get; }

    /// <summary>How many gaps there are: ownerless gates, unheld domains, uncovered checks.</summary>
    public int GapCount => OwnerlessGates.Count + UnheldDomains.Count + Checks.Count(c => c.Coverage == Coverage.Gap);

    public static CapabilityCheck Of(GateConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ownerless = config.Gates.Where(g => config.FindPersona(g.Owner) is null).ToList();
        var unheld = config.Domains.Where(d => !config.Personas.Any(p => p.Expertise.Contains(d, StringComparer.Ordinal))).ToList();
        var checks = config.MappedChecks.Select(check =>
        {
            var needs = config.FindGate(check.Gate)?.Expertise ?? [];
            if (needs.Count == 0)
            {
                return new CheckCoverage(check, needs, [], Coverage.NotChecked);
            }

            var by = config.Personas.Where(p => p.Expertise.Any(d => needs.Contains(d, StringComparer.Ordinal))).Select(p => p.Id).ToList();
            return new CheckCoverage(check, needs, by, by.Count > 0 ? Coverage.Covered : Coverage.Gap);
        }).ToList();
        var ownersWithout = config.Gates
            .Where(g => g.Expertise.Count > 0 && config.FindPersona(g.Owner) is { } owner && !owner.Expertise.Any(d => g.Expertise.Contains(d, StringComparer.Ordinal)))
            .ToList();
        return new CapabilityCheck(ownerless, unheld, checks, ownersWithout);
    }
}
