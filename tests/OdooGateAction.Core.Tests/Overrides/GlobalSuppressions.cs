using System.Diagnostics.CodeAnalysis;

// "Overrides" is a Visual Basic keyword; the test namespace mirrors OdooGateAction.Core.Overrides.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace",
    Target = "~N:OdooGateAction.Core.Tests.Overrides", Justification = "Mirrors the product namespace; C# only.")]
