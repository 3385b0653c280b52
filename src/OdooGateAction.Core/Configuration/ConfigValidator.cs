namespace OdooGateAction.Core.Configuration;

/// <summary>
/// The cross-file consistency rules of the gate model (docs/configuration.md, "Validation rules").
/// Every rule is a row of the tests' rule table (ValidationRuleTests).
/// </summary>
public static class ConfigValidator
{
    /// <param name="soundFiles">
    /// The files without errors of their own (<see cref="ConfigSchema.Files"/> names); <c>null</c>: all of them. A rule
    /// runs only when every file it reads is sound, so an element a broken file lost cannot cause a false error.
    /// </param>
    public static void Validate(GateConfiguration config, DiagnosticBag diagnostics, IReadOnlySet<string>? soundFiles = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(diagnostics);
        bool Sound(params string[] files) => soundFiles is null || files.All(soundFiles.Contains);
        const string Gates = ConfigSchema.GatesFile, Mapping = ConfigSchema.MappingFile, Environments = ConfigSchema.EnvironmentsFile, Personas = ConfigSchema.PersonasFile;
        var gateIds = config.Gates.Select(g => g.Id).ToList();
        var personaIds = config.Personas.Select(p => p.Id).ToList();
        var targetNames = config.Targets.Select(t => t.Name).ToList();

        if (Sound(Gates, Personas))
        {
            // Gates: an owner that exists; declared expertise domains held by some persona.
            foreach (var gate in config.Gates)
            {
                if (config.FindPersona(gate.Owner) is null)
                {
                    diagnostics.Error(gate.At("owner"), $"gate '{gate.Id}' is owned by {InputText.Quote(gate.Owner)}, which is no persona{StrictReader.Suggest(gate.Owner, personaIds)}; personas: {List(personaIds)}");
                }

                for (var i = 0; i < gate.Expertise.Count; i++)
                {
                    var domain = gate.Expertise[i];
                    if (!config.Domains.Contains(domain, StringComparer.Ordinal))
                    {
                        diagnostics.Error(gate.At("expertise", i), $"gate '{gate.Id}' needs expertise {InputText.Quote(domain)}, which personas.yaml does not declare; domains: {List(config.Domains)}");
                    }
                    else if (!config.Personas.Any(p => p.Expertise.Contains(domain, StringComparer.Ordinal)))
                    {
                        diagnostics.Error(gate.At("expertise", i), $"capability gap: gate '{gate.Id}' needs expertise {InputText.Quote(domain)}, which no persona holds");
                    }
                }
            }
        }

        if (Sound(Mapping, Gates))
        {
            // Mapped checks: their gate exists, a review's persona exists, their evidence kind is one the gate declares.
            foreach (var check in config.MappedChecks)
            {
                var gate = config.FindGate(check.Gate);
                if (gate is null)
                {
                    diagnostics.Error(check.At("gate"), $"ci_gate_mapping.yaml maps checks to gate '{check.Gate}', which gates.yaml does not define{StrictReader.Suggest(check.Gate, gateIds)}; gates: {List(gateIds)}");
                    continue;
                }

                if (check.Source == EvidenceSource.Review && Sound(Personas) && config.FindPersona(check.Pattern.Text) is null)
                {
                    diagnostics.Error(check.At("review"), $"{InputText.Quote($"review: {check.Pattern}")} of gate '{check.Gate}' names persona {InputText.Quote(check.Pattern.Text)}, which personas.yaml does not define{StrictReader.Suggest(check.Pattern.Text, personaIds)}; personas: {List(personaIds)}");
                }

                if (check.Evidence is not null && !gate.Evidence.Contains(check.Evidence, StringComparer.Ordinal))
                {
                    diagnostics.Error(check.At("evidence"), $"{InputText.Quote($"{check.Kind}: {check.Pattern}")} is evidence {InputText.Quote(check.Evidence)}, which gate '{gate.Id}' does not list{StrictReader.Suggest(check.Evidence, gate.Evidence)}; its evidence: {List(gate.Evidence)}");
                }
            }
        }

        if (Sound(Gates, Mapping))
        {
            // No capability gap: every evidence kind a gate lists is produced by at least one required mapped check (a review counts).
            foreach (var gate in config.Gates)
            {
                for (var i = 0; i < gate.Evidence.Count; i++)
                {
                    var kind = gate.Evidence[i];
                    if (!config.MappedChecks.Any(c => c.Required && c.Gate == gate.Id && c.Evidence == kind))
                    {
                        diagnostics.Error(gate.At("evidence", i), $"capability gap: gate '{gate.Id}' lists evidence {InputText.Quote(kind)}, but no required check in ci_gate_mapping.yaml provides it (add '- check: NAME' with 'evidence: {InputText.Excerpt(kind)}' under {gate.Id})");
                    }
                }
            }
        }

        if (Sound(Environments, Gates, Mapping, Personas))
        {
            // Targets: existing gates, each with at least one required check; override controls that make sense.
            foreach (var target in config.Targets)
            {
                for (var i = 0; i < target.Gates.Count; i++)
                {
                    var gateId = target.Gates[i];
                    if (config.FindGate(gateId) is null)
                    {
                        diagnostics.Error(target.At("gates", i), $"target '{target.Name}' requires gate {InputText.Quote(gateId)}, which gates.yaml does not define{StrictReader.Suggest(gateId, gateIds)}; gates: {List(gateIds)}");
                    }
                    else if (!config.MappedChecks.Any(c => c.Required && c.Gate == gateId))
                    {
                        diagnostics.Error(target.At("gates", i), $"gate {InputText.Quote(gateId)} blocks target '{target.Name}' but has no required check in ci_gate_mapping.yaml: it could never pass");
                    }
                }

                for (var i = 0; i < target.NotOverridable.Count; i++)
                {
                    var gateId = target.NotOverridable[i];
                    if (config.FindGate(gateId) is null)
                    {
                        diagnostics.Error(target.At("not_overridable", i), $"'not_overridable' of target '{target.Name}' names gate {InputText.Quote(gateId)}, which gates.yaml does not define; gates: {List(gateIds)}");
                    }
                    else if (!target.Requires(gateId))
                    {
                        diagnostics.Warning(target.At("not_overridable", i), $"'not_overridable' of target '{target.Name}' names gate {InputText.Quote(gateId)}, which the target does not require; it has no effect");
                    }
                }

                for (var i = 0; i < target.TwoPersonOverride.Count; i++)
                {
                    var personaId = target.TwoPersonOverride[i];
                    var persona = config.FindPersona(personaId);
                    if (persona is null)
                    {
                        diagnostics.Error(target.At("two_person_override", i), $"'two_person_override' of target '{target.Name}' names persona {InputText.Quote(personaId)}, which personas.yaml does not define{StrictReader.Suggest(personaId, personaIds)}; personas: {List(personaIds)}");
                    }
                    else if (persona.MayOverride.Count == 0)
                    {
                        diagnostics.Error(target.At("two_person_override", i), $"'two_person_override' of target '{target.Name}' names persona {InputText.Quote(personaId)}, which may override no gate (its 'may_override' is empty)");
                    }
                }

                foreach (var gateId in target.Gates)
                {
                    if (config.FindGate(gateId) is not null
                        && !target.OverrideForbidden(gateId)
                        && !config.Personas.Any(p => p.MayOverrideGate(gateId)))
                    {
                        diagnostics.Warning(target.At("gates", target.Gates.ToList().IndexOf(gateId)), $"gate {InputText.Quote(gateId)} blocks target '{target.Name}' but no persona may override it: the exception path is unusable there (add it to a persona's 'may_override', or to the target's 'not_overridable' to say so)");
                    }
                }
            }
        }

        if (Sound(Personas, Gates))
        {
            // Personas: expertise from the declared domains, every domain held by someone, overridable gates that exist.
            foreach (var persona in config.Personas)
            {
                for (var i = 0; i < persona.Expertise.Count; i++)
                {
                    var domain = persona.Expertise[i];
                    if (!config.Domains.Contains(domain, StringComparer.Ordinal))
                    {
                        diagnostics.Error(persona.At("expertise", i), $"persona '{persona.Id}' has expertise {InputText.Quote(domain)}, which is not a declared domain{StrictReader.Suggest(domain, config.Domains)}; domains: {List(config.Domains)}");
                    }
                }

                for (var i = 0; i < persona.MayOverride.Count; i++)
                {
                    var gateId = persona.MayOverride[i];
                    if (config.FindGate(gateId) is null)
                    {
                        diagnostics.Error(persona.At("may_override", i), $"persona '{persona.Id}' may override gate {InputText.Quote(gateId)}, which gates.yaml does not define{StrictReader.Suggest(gateId, gateIds)}; gates: {List(gateIds)}");
                    }
                }
            }

            for (var i = 0; i < config.Domains.Count; i++)
            {
                var domain = config.Domains[i];
                if (!config.Personas.Any(p => p.Expertise.Contains(domain, StringComparer.Ordinal)))
                {
                    diagnostics.Error(config.DomainPositions?.Get("domains", i) ?? new SourceLocation(ConfigSchema.PersonasFile, 0, 0), $"capability gap: domain {InputText.Quote(domain)} is declared but no persona has it as expertise");
                }
            }
        }

        if (Sound(Environments))
        {
            // Events: each names an existing target, or a documented placeholder for its event.
            foreach (var rule in config.Events)
            {
                if (rule.IsEnvironmentPlaceholder)
                {
                    if (rule.EventName != "deployment")
                    {
                        diagnostics.Error(rule.Location, $"event '{rule.EventName}' uses {EventTargetRule.EnvironmentPlaceholder}, which only 'deployment' has");
                    }
                }
                else if (rule.Target.StartsWith('{'))
                {
                    var input = rule.InputName;
                    if (input is null || input.Length == 0 || rule.EventName != "workflow_dispatch")
                    {
                        diagnostics.Error(rule.Location, $"event '{rule.EventName}' maps to {InputText.Quote(rule.Target)}, which is no placeholder it has; placeholders: {{environment}} (deployment), {{input:NAME}} (workflow_dispatch)");
                    }
                }
                else if (!targetNames.Contains(rule.Target, StringComparer.Ordinal))
                {
                    diagnostics.Error(rule.Location, $"event '{rule.EventName}' maps to target {InputText.Quote(rule.Target)}, which environments.yaml does not define{StrictReader.Suggest(rule.Target, targetNames)}; targets: {List(targetNames)}");
                }
            }
        }

        if (Sound(Gates, Mapping, Environments, Personas))
        {
            WarnIncompleteContracts(config, diagnostics);
        }
    }

    /// <summary>
    /// Warnings for what the gate handbook (docs/handbook.md) would show as incomplete: a persona contract nobody can
    /// hold, without expertise or without any part in a release; a gate owner without the expertise the gate needs; a
    /// gate with no required CI check (one that blocks a target is an error above).
    /// </summary>
    private static void WarnIncompleteContracts(GateConfiguration config, DiagnosticBag diagnostics)
    {
        foreach (var persona in config.Personas)
        {
            if (persona.Users.Count == 0 && persona.Teams.Count == 0 && persona.Permission is null)
            {
                diagnostics.Warning(persona.Location, $"persona '{persona.Id}' names no team, user or permission under 'github': nobody can hold it, so its contract binds no one");
            }

            if (persona.Expertise.Count == 0)
            {
                diagnostics.Warning(persona.Location, $"persona '{persona.Id}' has no 'expertise': its contract lists no domain and it covers no check");
            }

            if (persona.MayOverride.Count == 0 && !config.Gates.Any(g => g.Owner == persona.Id))
            {
                diagnostics.Warning(persona.Location, $"persona '{persona.Id}' owns no gate and may override none: its contract gives it no part in a release");
            }
        }

        foreach (var gate in config.Gates)
        {
            if (gate.Expertise.Count > 0 && config.FindPersona(gate.Owner) is { } owner
                && !owner.Expertise.Any(d => gate.Expertise.Contains(d, StringComparer.Ordinal)))
            {
                diagnostics.Warning(gate.At("owner"), $"gate '{gate.Id}' needs expertise {List(gate.Expertise)}, but its owner '{owner.Id}' holds none of it");
            }

            if (!config.Targets.Any(t => t.Requires(gate.Id)) && !config.MappedChecks.Any(c => c.Required && c.Gate == gate.Id))
            {
                diagnostics.Warning(gate.Location, $"gate '{gate.Id}' has no required check in ci_gate_mapping.yaml (and blocks no target): it could never pass");
            }
        }
    }

    private static string List(IEnumerable<string> values)
    {
        var text = string.Join(", ", values);
        return text.Length == 0 ? "(none)" : text;
    }
}
