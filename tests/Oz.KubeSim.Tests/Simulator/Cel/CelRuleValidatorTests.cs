using Oz.KubeSim.Validation;

namespace Oz.KubeSim.Tests.Simulator.Cel;

/// <summary>Where rules run and what they report, on a small schema (no server).</summary>
public sealed class CelRuleValidatorTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object",
          "x-kubernetes-validations":[{"rule":"self.id == oldSelf.id","message":"id is immutable","fieldPath":".id","reason":"FieldValueForbidden"}],
          "properties":{
            "id":{"type":"string"},
            "name":{"type":"string","x-kubernetes-validations":[{"rule":"self.startsWith('n')"}]},
            "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["key"],
              "items":{"type":"object","properties":{"key":{"type":"string"},"count":{"type":"integer",
                "x-kubernetes-validations":[{"rule":"self >= oldSelf","message":"count never decreases"}]}}}}}}}}
        """)!.AsObject();

    private static JsonObject Obj(string spec) => new() { ["spec"] = JsonNode.Parse(spec) };

    private static List<string> Errors(string spec, string? oldSpec = null) =>
        CelRuleValidator.Validate(Obj(spec), oldSpec is null ? null : Obj(oldSpec), Schema).Select(e => e.ToString()).ToList();

    [Test]
    public void ARuleWithoutAMessageReportsTheRuleAtItsField() =>
        Assert.That(Errors("""{"name":"x"}"""), Is.EqualTo(new[] { "spec.name: Invalid value: \"string\": failed rule: self.startsWith('n')" }));

    [Test]
    public void ATransitionRuleIsSkippedOnCreate() =>
        Assert.That(Errors("""{"id":"a","name":"n"}"""), Is.Empty);

    [Test]
    public void ATransitionRuleReportsAtItsFieldPathWithItsReason() =>
        Assert.That(Errors("""{"id":"b","name":"n"}""", """{"id":"a","name":"n"}"""), Is.EqualTo(new[] { "spec.id: Forbidden: id is immutable" }));

    [Test]
    public void MapListItemsAreCorrelatedByKeyForOldSelf() =>
        Assert.That(
            Errors("""{"id":"a","items":[{"key":"b","count":5},{"key":"a","count":1}]}""", """{"id":"a","items":[{"key":"a","count":2},{"key":"b","count":1}]}"""),
            Is.EqualTo(new[] { "spec.items[1].count: Invalid value: \"integer\": count never decreases" }));

    [Test]
    public void AnUnchangedValueIsNotReJudgedByANonTransitionRule() =>
        Assert.That(Errors("""{"name":"legacy","id":"a"}""", """{"name":"legacy","id":"a"}"""), Is.Empty);

    [Test]
    public void ARuntimeErrorIsReportedWithTheRule()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":[{"rule":"self.missing == 1"}]}}}""")!.AsObject();

        var errors = CelRuleValidator.Validate(Obj("{}"), null, schema).Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec: Invalid value: \"object\": no such key: missing evaluating rule: self.missing == 1" }));
    }
}
