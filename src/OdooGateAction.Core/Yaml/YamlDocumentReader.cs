using OdooGateAction.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OdooGateAction.Core.Yaml;

/// <summary>
/// Reads one YAML document into <see cref="YamlNodeBase"/> nodes from YamlDotNet's parser events.
/// Unlike <c>YamlStream</c>, it reports every duplicate key (not only the first) with both positions,
/// and it never uses the reflection-based deserializer (AOT-safe).
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>Parses <paramref name="text"/>; returns null when the document is empty or unreadable.</summary>
    public static YamlNodeBase? Read(string text, string file, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNodeBase>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, diagnostics, anchors, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Error(file, Position(second.Start), "a configuration file holds one YAML document; remove the second '---' document");
            }

            return root is YamlScalar { IsNull: true } ? null : root;
        }
        catch (YamlException ex)
        {
            diagnostics.Error(file, Position(ex.Start), "YAML syntax error: " + CleanMessage(ex));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some malformed input, e.g. an
            // unclosed '[' followed by a 'key: value' line. Report it at the last event read instead of crashing.
            var at = parser.Current is { } current ? Position(current.Start) : new SourcePosition(1, 1);
            diagnostics.Error(file, at, "YAML syntax error: the document cannot be read after this point (is a '[' or '{' not closed?)");
            return null;
        }
    }

    private static YamlNodeBase ReadNode(IParser parser, string file, DiagnosticBag diagnostics, Dictionary<string, YamlNodeBase> anchors, int depth)
    {
        if (depth > InputLimits.Default.YamlDepth)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, $"nesting deeper than {InputLimits.Default.YamlDepth} levels");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }

            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor defined before it");
        }

        YamlNodeBase node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = new YamlScalar(Position(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var items = new List<YamlNodeBase>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, file, diagnostics, anchors, depth + 1));
            }

            node = new YamlList(Position(sequenceStart.Start), items);
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            anchor = mappingStart.Anchor;
            var entries = new List<KeyValuePair<YamlScalar, YamlNodeBase>>();
            var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyNode = ReadNode(parser, file, diagnostics, anchors, depth + 1);
                var value = ReadNode(parser, file, diagnostics, anchors, depth + 1);
                if (keyNode is not YamlScalar key)
                {
                    diagnostics.Error(file, keyNode.Start, $"a mapping key must be a plain name, not {keyNode.KindName}");
                    continue;
                }

                if (seen.TryGetValue(key.Value, out var first))
                {
                    diagnostics.Error(file, key.Start, $"duplicate key {InputText.Quote(key.Value)} (first defined at line {first.Line}); each key may appear once");
                    continue;
                }

                seen.Add(key.Value, key.Start);
                entries.Add(new KeyValuePair<YamlScalar, YamlNodeBase>(key, value));
            }

            node = new YamlMap(Position(mappingStart.Start), entries);
        }
        else
        {
            var current = parser.Current!;
            throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static SourcePosition Position(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already in our prefix.
        var message = ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }
}
