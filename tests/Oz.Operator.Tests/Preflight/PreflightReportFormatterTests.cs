using Oz.Operator.Preflight;

namespace Oz.Operator.Tests.Preflight;

public sealed class PreflightReportFormatterTests
{
    private static readonly PreflightReport Report = new(
    [
        PreflightCheckResult.Pass("api-server", "Kubernetes v1.31.0"),
        PreflightCheckResult.Fail("agenttask-crd", "CrdMissing", "oz.warp.dev is not served", "kubectl apply -f config/crd"),
        PreflightCheckResult.Skip("preflight-job", "x"),
    ]);

    [Test]
    public void JsonParsesAndHoldsEveryCheck()
    {
        using var json = JsonDocument.Parse(PreflightReportFormatter.Json(Report));

        var root = json.RootElement;
        var crd = root.GetProperty("checks")[1];
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("passed").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("checks").GetArrayLength(), Is.EqualTo(3));
            Assert.That(crd.GetProperty("name").GetString(), Is.EqualTo("agenttask-crd"));
            Assert.That(crd.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(crd.GetProperty("reason").GetString(), Is.EqualTo("CrdMissing"));
            Assert.That(crd.GetProperty("detail").GetString(), Is.EqualTo("oz.warp.dev is not served"));
            Assert.That(crd.GetProperty("fix").GetString(), Is.EqualTo("kubectl apply -f config/crd"));
            Assert.That(root.GetProperty("checks")[0].TryGetProperty("fix", out _), Is.False);
        });
    }

    [Test]
    public void TheTableHasAHeaderARowPerCheckAndTheVerdict()
    {
        var lines = PreflightReportFormatter.Table(Report).TrimEnd().Split(Environment.NewLine);

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match("^CHECK +RESULT +DETAIL +FIX$"));
            Assert.That(lines[1], Does.Match("^api-server +PASS +Kubernetes v1.31.0$"));
            Assert.That(lines[2], Does.Match("^agenttask-crd +FAIL \\(CrdMissing\\) +oz.warp.dev is not served +kubectl apply -f config/crd$"));
            Assert.That(lines[3], Does.StartWith("preflight-job").And.Contain("SKIP"));
            Assert.That(lines[4], Does.StartWith("Preflight FAILED"));
            Assert.That(lines[1].IndexOf("Kubernetes", StringComparison.Ordinal), Is.EqualTo(lines[2].IndexOf("oz.warp.dev", StringComparison.Ordinal)), "columns align");
        });
    }

    [Test]
    public void WarningsAndSkippedChecksDoNotFailTheReport() =>
        Assert.That(new PreflightReport([new PreflightCheckResult("a", PreflightStatus.Warning, "w"), PreflightCheckResult.Skip("b", "x")]).Passed, Is.True);
}
