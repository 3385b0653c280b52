using OdooGateAction.Runtime;

namespace OdooGateAction.Tests.Runtime;

public sealed class WorkspaceFilesTests
{
    [Theory]
    [InlineData("production", ".odoo-gates/report-production.json")]
    [InlineData("staging-eu_1", ".odoo-gates/report-staging-eu_1.json")]
    [InlineData("../../etc/passwd", ".odoo-gates/report-_._.._etc_passwd.json")]
    [InlineData("a/b\\c", ".odoo-gates/report-a_b_c.json")]
    [InlineData(".hidden", ".odoo-gates/report-_hidden.json")]
    [InlineData("", ".odoo-gates/report-_.json")]
    [InlineData("prod\nuction", ".odoo-gates/report-prod_uction.json")]
    public void ReportPath_TargetNameNeverChoosesAFolder(string target, string expected) =>
        Assert.Equal(expected, WorkspaceFiles.ReportPath(target));

    [Fact]
    public void Resolve_RelativeUnderTheWorkspace_AbsoluteKept()
    {
        var files = new WorkspaceFiles("/github/workspace");

        Assert.Equal(("/github/workspace/.odoo-gates/report-merge.json", "/tmp/x.jsonl"), (files.Resolve(WorkspaceFiles.ReportPath("merge")), files.Resolve("/tmp/x.jsonl")));
    }

    [Fact]
    public void From_NoWorkspaceVariable_TheCurrentDirectory() =>
        Assert.Equal(Directory.GetCurrentDirectory(), WorkspaceFiles.From(new DictionaryActionEnvironment([])).Workspace);
}
