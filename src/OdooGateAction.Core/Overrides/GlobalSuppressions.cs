using System.Diagnostics.CodeAnalysis;

// "Overrides" is a Visual Basic keyword; the namespace is named after the product's override rules, and the
// library is consumed from C# only.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace",
    Target = "~N:OdooGateAction.Core.Overrides", Justification = "Named after the product concept; C# consumers only.")]
