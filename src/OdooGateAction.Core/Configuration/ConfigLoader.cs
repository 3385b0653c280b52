using OdooGateAction.Core.Yaml;

namespace OdooGateAction.Core.Configuration;

/// <summary>The outcome of loading a configuration folder: the configuration when it has no error, and every diagnostic.</summary>
public sealed record ConfigLoadResult(GateConfiguration? Configuration, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool Succeeded => Configuration is not null;

    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<ConfigDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}

/// <summary>
/// Loads the five files of a gates folder strictly (their texts, read by a policy source): unknown keys, duplicate keys, wrong types, bad globs,
/// durations and time windows are errors with <c>file:line:column</c> and the allowed values, all of them in
/// one run. Structure first; the cross-file rules (<see cref="ConfigValidator"/>) run when the structure is sound.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The keys of a mapped check only a <c>review:</c> entry takes, and those only CI results take (the schema's if/then).</summary>
    private static readonly string[] ReviewOnlyKeys = ["exclude_author", "invalidate_on_push"];

    private static readonly string[] CiResultOnlyKeys = ["app", "skipped", "neutral"];

    /// <summary>Loads from texts already read; <see cref="ConfigSource.DisplayPath"/> names the file in messages.</summary>
    public static ConfigLoadResult Load(IReadOnlyList<ConfigSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var diagnostics = new DiagnosticBag();
        var roots = new Dictionary<string, (StrictReader Reader, YamlMap? Root)>(StringComparer.Ordinal);
        foreach (var name in ConfigSchema.Files)
        {
            var source = sources.FirstOrDefault(s => string.Equals(s.FileName, name, StringComparison.Ordinal));
            if (source is null)
            {
                var folder = sources.Count > 0 ? Path.GetDirectoryName(sources[0].DisplayPath) : null;
                diagnostics.FileError(string.IsNullOrEmpty(folder) ? name : Path.Combine(folder, name),
                    $"file not found; a gates folder holds {string.Join(", ", ConfigSchema.Files)}");
                roots[name] = (new StrictReader(name, diagnostics), null);
                continue;
            }

            var reader = new StrictReader(source.DisplayPath, diagnostics);
            if (source.Unreadable is { } problem)
            {
                diagnostics.FileError(source.DisplayPath, problem);
                roots[name] = (reader, null);
                continue;
            }

            if (InputText.FindNul(source.Text) is { } nul)
            {
                diagnostics.Error(source.DisplayPath, new SourcePosition(nul.Line, nul.Column), "the file holds a NUL character, so it is not text; a configuration file is UTF-8 YAML");
                roots[name] = (reader, null);
                continue;
            }

            var node = YamlDocumentReader.Read(source.Text, source.DisplayPath, diagnostics);
            YamlMap? root = null;
            if (node is null)
            {
                if (!diagnostics.Items.Any(d => d.File == source.DisplayPath))
                {
                    diagnostics.FileError(source.DisplayPath, "file is empty; it starts with 'version: 1'");
                }
            }
            else
            {
                root = reader.AsMap(node, "the file");
            }

            if (root is not null)
            {
                CheckVersion(reader, root);
            }

            roots[name] = (reader, root);
        }

        var gates = ReadGates(roots[ConfigSchema.GatesFile].Reader, roots[ConfigSchema.GatesFile].Root);
        var (defaults, checks) = ReadMapping(roots[ConfigSchema.MappingFile].Reader, roots[ConfigSchema.MappingFile].Root);
        var (targets, events) = ReadEnvironments(roots[ConfigSchema.EnvironmentsFile].Reader, roots[ConfigSchema.EnvironmentsFile].Root);
        var (domains, domainPositions, personas) = ReadPersonas(roots[ConfigSchema.PersonasFile].Reader, roots[ConfigSchema.PersonasFile].Root);
        var overrides = ReadOverrides(roots[ConfigSchema.OverridesFile].Reader, roots[ConfigSchema.OverridesFile].Root);

        if (diagnostics.HasErrors)
        {
            return new ConfigLoadResult(null, diagnostics.Items);
        }

        // A review entry that does not say follows invalidate_on_push of overrides.yaml (the same rule as overrides).
        checks = [.. checks.Select(c => c.Source == EvidenceSource.Review && c.InvalidateOnPush is null ? c with { InvalidateOnPush = overrides.InvalidateOnPush } : c)];
        var configuration = new GateConfiguration(gates, defaults, checks, targets, events, domains, personas, overrides)
        {
            DomainPositions = domainPositions,
        };
        ConfigValidator.Validate(configuration, diagnostics);
        return new ConfigLoadResult(diagnostics.HasErrors ? null : configuration, diagnostics.Items);
    }

    private static void CheckVersion(StrictReader reader, YamlMap root)
    {
        var node = root["version"];
        if (node is null)
        {
            reader.Error(root.Start, $"missing 'version: {ConfigSchema.SupportedVersion}' (the format version of this file)");
        }
        else if (node is not YamlScalar { IsPlain: true, Value: "1" })
        {
            var quoted = node is YamlScalar { IsPlain: false, Value: "1" } ? " (write it unquoted: version: 1)" : string.Empty;
            reader.Error(node.Start, $"unsupported version {StrictReader.Describe(node)}{quoted}; supported: {ConfigSchema.SupportedVersion}");
        }
    }

    private static List<GateDefinition> ReadGates(StrictReader reader, YamlMap? root)
    {
        var result = new List<GateDefinition>();
        if (root is null)
        {
            return result;
        }

        reader.CheckKeys(root, "gates.yaml", ConfigSchema.GatesRoot);
        var gates = reader.Map(root, "gates", "gates.yaml", required: true);
        if (gates is null)
        {
            return result;
        }

        if (gates.Entries.Count == 0)
        {
            reader.Error(gates.Start, "'gates' lists no gate; define at least one (e.g. G1)");
        }

        foreach (var (key, value) in gates.Entries)
        {
            if (!reader.CheckName(key, "gate"))
            {
                continue;
            }

            var what = $"gate '{key.Value}'";
            var map = reader.AsMap(value, what);
            if (map is null)
            {
                continue;
            }

            reader.CheckKeys(map, what, ConfigSchema.Gate);
            var positions = new FieldPositions();
            AddField(reader, positions, map, "owner");
            var evidence = ListWithPositions(reader, positions, map, "evidence", what);
            var expertise = ListWithPositions(reader, positions, map, "expertise", what);
            result.Add(new GateDefinition(
                key.Value,
                reader.String(map, "name", what, required: true) ?? key.Value,
                reader.String(map, "owner", what, required: true) ?? string.Empty,
                reader.String(map, "description", what, required: false),
                evidence,
                expertise,
                reader.Loc(key.Start),
                positions));
        }

        return result;
    }

    private static (MappingDefaults Defaults, List<MappedCheck> Checks) ReadMapping(StrictReader reader, YamlMap? root)
    {
        var checks = new List<MappedCheck>();
        var defaults = MappingDefaults.Standard;
        if (root is null)
        {
            return (defaults, checks);
        }

        reader.CheckKeys(root, "ci_gate_mapping.yaml", ConfigSchema.MappingRoot);
        var defaultsMap = reader.Map(root, "defaults", "ci_gate_mapping.yaml", required: false);
        if (defaultsMap is not null)
        {
            reader.CheckKeys(defaultsMap, "defaults", ConfigSchema.MappingDefaults);
            defaults = new MappingDefaults(
                ReadApp(reader, defaultsMap, "defaults") ?? defaults.App,
                ReadPolicy(reader, defaultsMap, "skipped", "defaults", defaults.Skipped),
                ReadPolicy(reader, defaultsMap, "neutral", "defaults", defaults.Neutral));
        }

        var gates = reader.Map(root, "gates", "ci_gate_mapping.yaml", required: true);
        if (gates is null)
        {
            return (defaults, checks);
        }

        foreach (var (gateKey, value) in gates.Entries)
        {
            if (value is not YamlList list)
            {
                reader.Error(value.Start, $"the checks of gate {InputText.Quote(gateKey.Value)} must be a list of '- check: NAME' or '- status: CONTEXT' items, got {StrictReader.Describe(value)}");
                continue;
            }

            if (list.Items.Count == 0)
            {
                reader.Error(value.Start, $"gate {InputText.Quote(gateKey.Value)} lists no check; remove it or add '- check: NAME' items");
            }

            foreach (var item in list.Items)
            {
                var check = ReadMappedCheck(reader, gateKey, item, defaults);
                if (check is not null)
                {
                    checks.Add(check);
                }
            }
        }

        return (defaults, checks);
    }

    private static MappedCheck? ReadMappedCheck(StrictReader reader, YamlScalar gateKey, YamlNodeBase item, MappingDefaults defaults)
    {
        var what = $"a check of gate {InputText.Quote(gateKey.Value)}";
        var map = reader.AsMap(item, what);
        if (map is null)
        {
            return null;
        }

        reader.CheckKeys(map, what, ConfigSchema.MappedCheck);
        var given = ConfigSchema.EvidenceKinds.Where(k => map[k.Key] is not null).ToList();
        if (given.Count != 1)
        {
            var kinds = string.Join(", ", ConfigSchema.EvidenceKinds.Select(k => $"'{k.Key}' for {k.Means}"));
            reader.Error(map.Start, given.Count > 1
                ? $"{what} has {(given.Count == 2 ? "both " : string.Empty)}{string.Join(" and ", given.Select(k => $"'{k.Key}'"))}; give one: {kinds}"
                : $"{what} needs one of {kinds}");
            return null;
        }

        var (key, source, _) = given[0];
        var review = source == EvidenceSource.Review;
        foreach (var only in review ? CiResultOnlyKeys : ReviewOnlyKeys)
        {
            if (map[only] is { } node)
            {
                reader.Error(node.Start, review
                    ? $"'{only}' applies to check runs and statuses, not to '{key}:' (a review is matched by its reviewer's persona)"
                    : $"'{only}' applies to '- review: PERSONA' entries only");
            }
        }

        foreach (var policyKey in new[] { "skipped", "neutral" })
        {
            if (source == EvidenceSource.Status && map[policyKey] is { } policyNode)
            {
                reader.Error(policyNode.Start, $"'{policyKey}' applies to check runs only: a commit status is error, failure, pending or success");
            }
        }

        var patternText = reader.String(map, key, what, required: true);
        if (patternText is null)
        {
            return null;
        }

        if (!GlobPattern.TryParse(patternText, out var pattern, out var patternError))
        {
            reader.Error(map[key]!.Start, patternError!);
            return null;
        }

        what = $"{InputText.Quote($"{key}: {patternText}")} of gate {InputText.Quote(gateKey.Value)}";
        var min = reader.Int(map, "min", what, 1, 1);
        if (review && !pattern!.IsExact)
        {
            reader.Error(map[key]!.Start, $"'review:' names one persona of personas.yaml, got the pattern {InputText.Quote(patternText)}");
        }

        if (min > 1 && pattern!.IsExact && !review)
        {
            reader.Error(map["min"]!.Start, $"'min: {min}' needs a glob pattern (with * or ?): the exact name {InputText.Quote(patternText)} matches at most one result");
        }

        var positions = new FieldPositions();
        AddField(reader, positions, map, "evidence");
        AddField(reader, positions, map, "app");
        positions.Add("gate", reader.Loc(gateKey.Start));
        AddField(reader, positions, map, key);
        var app = review ? MappingDefaults.AnyApp : ReadApp(reader, map, what) ?? defaults.App;
        return new MappedCheck(
            gateKey.Value,
            source,
            pattern!,
            string.Equals(app, MappingDefaults.AnyApp, StringComparison.Ordinal) ? null : app,
            reader.String(map, "evidence", what, required: false),
            min,
            reader.Bool(map, "required", what, true),
            ReadPolicy(reader, map, "skipped", what, defaults.Skipped),
            ReadPolicy(reader, map, "neutral", what, defaults.Neutral),
            reader.Loc(map.Start),
            positions)
        {
            ExcludeAuthor = review ? reader.Bool(map, "exclude_author", what, true) : true,
            InvalidateOnPush = review && map["invalidate_on_push"] is not null ? reader.Bool(map, "invalidate_on_push", what, true) : null,
        };
    }

    private static ConclusionPolicy ReadPolicy(StrictReader reader, YamlMap map, string key, string what, ConclusionPolicy fallback) =>
        reader.Choice(map, key, what, fallback, ConfigSchema.ConclusionPolicies, v => v == "fail" ? ConclusionPolicy.Fail : ConclusionPolicy.Pass);

    private static (List<TargetDefinition> Targets, List<EventTargetRule> Events) ReadEnvironments(StrictReader reader, YamlMap? root)
    {
        var targets = new List<TargetDefinition>();
        var events = new List<EventTargetRule>();
        if (root is null)
        {
            return (targets, events);
        }

        reader.CheckKeys(root, "environments.yaml", ConfigSchema.EnvironmentsRoot);
        var targetsMap = reader.Map(root, "targets", "environments.yaml", required: true);
        foreach (var (key, value) in targetsMap?.Entries ?? [])
        {
            if (!reader.CheckName(key, "target"))
            {
                continue;
            }

            var what = $"target '{key.Value}'";
            var map = reader.AsMap(value, what);
            if (map is null)
            {
                continue;
            }

            reader.CheckKeys(map, what, ConfigSchema.Target);
            var positions = new FieldPositions();
            var gates = ListWithPositions(reader, positions, map, "gates", what, required: true);
            if (gates.Count == 0 && map["gates"] is YamlList)
            {
                reader.Error(map["gates"]!.Start, $"{what} lists no gate; a target requires at least one");
            }

            var notOverridable = ListWithPositions(reader, positions, map, "not_overridable", what);
            var twoPerson = ListWithPositions(reader, positions, map, "two_person_override", what);
            targets.Add(new TargetDefinition(key.Value, gates, notOverridable, twoPerson, ReadFreeze(reader, map, what), reader.Loc(key.Start), positions));
        }

        var eventsMap = reader.Map(root, "events", "environments.yaml", required: false);
        foreach (var (key, value) in eventsMap?.Entries ?? [])
        {
            if (!ConfigSchema.Events.Contains(key.Value, StringComparer.Ordinal))
            {
                reader.Error(key.Start, $"unknown event {InputText.Quote(key.Value)}{StrictReader.Suggest(key.Value, ConfigSchema.Events)}; supported: {string.Join(", ", ConfigSchema.Events)}");
                continue;
            }

            if (value is not YamlScalar { IsNull: false } scalar)
            {
                reader.Error(value.Start, $"event {InputText.Quote(key.Value)} must name a target (or a placeholder such as {{environment}}), got {StrictReader.Describe(value)}");
                continue;
            }

            events.Add(new EventTargetRule(key.Value, scalar.Value, reader.Loc(scalar.Start)));
        }

        return (targets, events);
    }

    private static List<FreezeWindow> ReadFreeze(StrictReader reader, YamlMap target, string what)
    {
        var windows = new List<FreezeWindow>();
        var node = target["freeze"];
        if (node is null or YamlScalar { IsNull: true })
        {
            return windows;
        }

        if (node is not YamlList list)
        {
            reader.Error(node.Start, $"'freeze' in {what} must be a list of '- from: ... to: ...' windows, got {StrictReader.Describe(node)}");
            return windows;
        }

        foreach (var item in list.Items)
        {
            var map = reader.AsMap(item, $"a freeze window of {what}");
            if (map is null)
            {
                continue;
            }

            reader.CheckKeys(map, $"a freeze window of {what}", ConfigSchema.Freeze);
            var from = reader.String(map, "from", $"a freeze window of {what}", required: true);
            var to = reader.String(map, "to", $"a freeze window of {what}", required: true);
            if (from is null || to is null)
            {
                continue;
            }

            var problem = FreezeWindow.Check(from, to);
            if (problem is not null)
            {
                reader.Error(map.Start, problem);
                continue;
            }

            windows.Add(new FreezeWindow(from, to, reader.String(map, "reason", "a freeze window", required: false), reader.Loc(map.Start)));
        }

        return windows;
    }

    private static (List<string> Domains, FieldPositions DomainPositions, List<PersonaDefinition> Personas) ReadPersonas(StrictReader reader, YamlMap? root)
    {
        var personas = new List<PersonaDefinition>();
        var domainPositions = new FieldPositions();
        if (root is null)
        {
            return ([], domainPositions, personas);
        }

        reader.CheckKeys(root, "personas.yaml", ConfigSchema.PersonasRoot);
        var domains = ListWithPositions(reader, domainPositions, root, "domains", "personas.yaml", required: true);
        var personasMap = reader.Map(root, "personas", "personas.yaml", required: true);
        foreach (var (key, value) in personasMap?.Entries ?? [])
        {
            if (!reader.CheckName(key, "persona"))
            {
                continue;
            }

            var what = $"persona '{key.Value}'";
            var map = reader.AsMap(value, what);
            if (map is null)
            {
                continue;
            }

            reader.CheckKeys(map, what, ConfigSchema.Persona);
            var positions = new FieldPositions();
            IReadOnlyList<string> users = [], teams = [];
            RepositoryPermission? permission = null;
            var github = reader.Map(map, "github", what, required: false);
            if (github is not null)
            {
                var where = $"'github' of {what}";
                reader.CheckKeys(github, where, ConfigSchema.PersonaGitHub);
                var userItems = reader.StringList(github, "users", where, required: false);
                foreach (var (user, position) in userItems.Where(u => !GitHubNames.IsLogin(u.Value)))
                {
                    reader.Error(position, $"user {InputText.Quote(user)} in {where} is not {GitHubNames.LoginForm}");
                }

                users = userItems.Select(u => u.Value).ToList();
                var teamItems = reader.StringList(github, "teams", where, required: false);
                foreach (var (team, position) in teamItems.Where(t => !GitHubNames.IsTeam(t.Value)))
                {
                    reader.Error(position, $"team {InputText.Quote(team)} in {where} must be written {GitHubNames.TeamForm}");
                }

                teams = teamItems.Select(t => t.Value).ToList();
                if (github["permission"] is not null)
                {
                    permission = reader.Choice(github, "permission", where, RepositoryPermission.Admin, ConfigSchema.Permissions,
                        v => Enum.Parse<RepositoryPermission>(v, ignoreCase: true));
                }
            }

            personas.Add(new PersonaDefinition(
                key.Value,
                reader.String(map, "name", what, required: true) ?? key.Value,
                users,
                teams,
                permission,
                ListWithPositions(reader, positions, map, "expertise", what),
                ListWithPositions(reader, positions, map, "may_override", what),
                reader.Loc(key.Start),
                positions));
        }

        return (domains, domainPositions, personas);
    }

    /// <summary>An <c>app:</c> value: a GitHub App slug or <c>any</c>; an empty or malformed one is an error (it would match nothing).</summary>
    private static string? ReadApp(StrictReader reader, YamlMap map, string what)
    {
        var app = reader.String(map, "app", what, required: false);
        if (app is not null && !string.Equals(app, MappingDefaults.AnyApp, StringComparison.Ordinal) && !GitHubNames.IsAppSlug(app))
        {
            reader.Error(map["app"]!.Start, $"'app' of {what} is '{app}'; write {GitHubNames.AppForm}, or '{MappingDefaults.AnyApp}' for results from any app");
            return null;
        }

        return app;
    }

    private static OverridePolicy ReadOverrides(StrictReader reader, YamlMap? root)
    {
        var policy = OverridePolicy.Default;
        if (root is null)
        {
            return policy;
        }

        const string what = "overrides.yaml";
        reader.CheckKeys(root, what, ConfigSchema.OverridesRoot);
        var prefix = reader.String(root, "label_prefix", what, required: false) ?? policy.LabelPrefix;
        if (prefix.Trim().Length == 0 || prefix.Length > 40)
        {
            reader.Error(root["label_prefix"]!.Start, "'label_prefix' must be 1 to 40 characters (GitHub labels are at most 50, and the gate name follows)");
        }
        else if (GitHubNames.HasInvisible(prefix) || prefix.Trim().Length != prefix.Length)
        {
            reader.Error(root["label_prefix"]!.Start, "'label_prefix' may not start or end with white space or hold invisible or control characters (zero-width, bidi): a label nobody can type would never match");
        }

        var command = reader.String(root, "reason_command", what, required: false) ?? policy.ReasonCommand;
        if (command.Length == 0 || command.Any(char.IsWhiteSpace))
        {
            reader.Error(root["reason_command"]!.Start, $"'reason_command' must be one word such as /gate-override, got {InputText.Quote(command)}");
        }

        var maxAge = policy.MaxAge;
        var maxAgeText = reader.String(root, "max_age", what, required: false);
        if (maxAgeText is not null)
        {
            if (!DurationParser.TryParse(maxAgeText, out maxAge, out var error))
            {
                reader.Error(root["max_age"]!.Start, $"'max_age': {error}");
            }
            else if (maxAge <= TimeSpan.Zero)
            {
                reader.Error(root["max_age"]!.Start, "'max_age' must be longer than 0");
            }
        }

        return new OverridePolicy(
            prefix,
            command,
            reader.Bool(root, "require_reason", what, policy.RequireReason),
            maxAge,
            reader.Bool(root, "invalidate_on_push", what, policy.InvalidateOnPush),
            reader.Choice(root, "on_unauthorized", what, policy.OnUnauthorized, ConfigSchema.UnauthorizedActions,
                v => v == "comment" ? UnauthorizedOverrideAction.Comment : UnauthorizedOverrideAction.CommentAndRemoveLabel));
    }

    private static List<string> ListWithPositions(StrictReader reader, FieldPositions positions, YamlMap map, string key, string what, bool required = false)
    {
        AddField(reader, positions, map, key);
        var items = reader.StringList(map, key, what, required);
        for (var i = 0; i < items.Count; i++)
        {
            positions.Add(key, i, reader.Loc(items[i].Position));
        }

        return items.Select(i => i.Value).ToList();
    }

    private static void AddField(StrictReader reader, FieldPositions positions, YamlMap map, string key)
    {
        var node = map[key];
        if (node is not null)
        {
            positions.Add(key, reader.Loc(node.Start));
        }
    }
}

/// <summary>One configuration file's text; <see cref="DisplayPath"/> is how messages name it.</summary>
public sealed record ConfigSource(string FileName, string DisplayPath, string Text)
{
    /// <summary>Why the file is there but could not be read (a FIFO, a dangling link, too large); its text is then empty.</summary>
    public string? Unreadable { get; init; }

    /// <summary>A file that is there but could not be read: reported as an error on the file, never as missing.</summary>
    public static ConfigSource CannotRead(string fileName, string displayPath, string problem) =>
        new(fileName, displayPath, string.Empty) { Unreadable = problem };
}
