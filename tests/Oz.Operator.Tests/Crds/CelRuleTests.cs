namespace Oz.Operator.Tests.Crds;

/// <summary>The CEL rules the schema carries for what structure alone cannot say.</summary>
public sealed class CelRuleTests
{
    private static readonly object[] Rules =
    [
        new object[] { "spec.sidecars", "self.all(s, self.exists_one(t, t.mountPath == s.mountPath))", "sidecar mountPaths must be unique" },
        new object[] { "spec.sidecars[].mountPath", "self != '/workspace' && !self.startsWith('/workspace/')",
            "sidecars cannot be mounted at or under /workspace, which holds the task's workspace volume" },
        new object[] { "spec.sidecars[].mountPath", "self.startsWith('/')", "mountPath must be an absolute path" },
        new object[] { "spec.sidecars[].mountPath", "!self.endsWith('/')", "mountPath must not end with '/'" },
        new object[] { "spec.sidecars[].mountPath", "!self.matches('(^|/)[.][.]?(/|$)')", "mountPath must not contain '.' or '..' segments" },
        new object[] { "spec.sidecars[].mountPath", "!self.contains('//')", "mountPath must not contain empty segments ('//')" },
        new object[] { "spec", "!has(oldSelf.cancel) || !oldSelf.cancel || (has(self.cancel) && self.cancel)",
            "cancel cannot be unset or set back to false once it is true" },
        new object[] { "spec", "has(self.taskId) == has(oldSelf.taskId) && (!has(self.taskId) || self.taskId == oldSelf.taskId)",
            "taskId is immutable" },
        new object[] { "spec", "has(self.executionId) == has(oldSelf.executionId) && (!has(self.executionId) || self.executionId == oldSelf.executionId)",
            "executionId is immutable" },
        new object[] { "status.phase", "!(oldSelf in ['Succeeded', 'Failed', 'Cancelled']) || self == oldSelf",
            "a terminal phase (Succeeded, Failed, Cancelled) never changes" },
        new object[] { "status.reportedToOz", "self || !oldSelf", "reportedToOz cannot go back to false" },
    ];

    [TestCaseSource(nameof(Rules))]
    public void RuleIsPresentWithItsMessage(string path, string rule, string message)
    {
        var rules = SchemaWalk.At(path).XKubernetesValidations ?? [];
        Assert.That(rules.Select(r => (r.Rule, r.Message)), Does.Contain((rule, message)));
    }

    [TestCase("cancel")]
    [TestCase("taskId")]
    [TestCase("executionId")]
    public void SpecTransitionRuleReportsItsErrorOnItsField(string field)
    {
        var rule = SchemaWalk.At("spec").XKubernetesValidations.Single(r => r.Rule.Contains($"oldSelf.{field}", StringComparison.Ordinal));
        Assert.That((rule.FieldPath, rule.Reason), Is.EqualTo(($".{field}", "FieldValueForbidden")));
    }

    [Test]
    public void ListsAndStringsUsedByRulesAreBoundedSoTheApiServerCanEstimateTheirCost()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SchemaWalk.At("spec.sidecars").MaxItems, Is.Not.Null);
            Assert.That(SchemaWalk.At("spec.sidecars[].mountPath").MaxLength, Is.Not.Null);
            Assert.That(SchemaWalk.At("spec.taskId").MaxLength, Is.Not.Null);
            Assert.That(SchemaWalk.At("spec.executionId").MaxLength, Is.Not.Null);
        });
    }

    [Test]
    public void EveryRuleHasAMessage()
    {
        var rules = SchemaWalk.PropertyPaths().Prepend("spec").Prepend("status")
            .SelectMany(path => SchemaWalk.At(path).XKubernetesValidations ?? new List<V1ValidationRule>());
        Assert.That(rules, Is.Not.Empty.And.All.Matches<V1ValidationRule>(rule => !string.IsNullOrWhiteSpace(rule.Message)));
    }
}
