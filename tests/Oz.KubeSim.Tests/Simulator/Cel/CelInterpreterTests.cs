using Oz.KubeSim.Cel;

namespace Oz.KubeSim.Tests.Simulator.Cel;

/// <summary>The CEL interpreter against expressions with known results (CEL spec semantics).</summary>
public sealed class CelInterpreterTests
{
    private const string Self = """
        {"name":"web","replicas":3,"ratio":0.5,"cancel":true,"tags":["a","b","c"],
         "sidecars":[{"mountPath":"/agent"},{"mountPath":"/tools"}],"labels":{"app":"x"},"empty":""}
        """;

    private static readonly object?[][] Results =
    [
        // literals and arithmetic
        ["1 + 2 * 3", 7L],
        ["(1 + 2) * 3", 9L],
        ["7 / 2", 3L],
        ["7 % 3", 1L],
        ["-7 / 2", -3L],
        ["1.5 + 2.0", 3.5],
        ["2u + 3u", 5UL],
        ["0x10", 16L],
        ["'ab' + \"cd\"", "abcd"],
        ["r'a\\d'", "a\\d"],
        ["'tab\\tx'", "tab\tx"],
        ["'''multi'line'''", "multi'line"],
        ["null", null],
        ["[1, 2] + [3]", new List<object?> { 1L, 2L, 3L }],

        // comparisons and logic
        ["1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3", true],
        ["1 == 1.0", true],
        ["1 != 2u", true],
        ["'a' < 'b'", true],
        ["!true || false", false],
        ["true ? 'y' : 'n'", "y"],
        ["false ? 1 : 2", 2L],
        ["'b' in ['a', 'b']", true],
        ["3 in [1, 2]", false],
        ["'app' in self.labels", true],
        ["[1, [2]] == [1, [2]]", true],
        ["{'a': 1} == {'a': 1}", true],

        // self, field selection, has()
        ["self.name", "web"],
        ["self.replicas * 2", 6L],
        ["self.ratio < 1.0", true],
        ["has(self.cancel)", true],
        ["has(self.missing)", false],
        ["self.labels.app", "x"],
        ["self.labels['app']", "x"],
        ["self.tags[1]", "b"],
        ["self.sidecars[0].mountPath", "/agent"],

        // strings
        ["self.name.startsWith('we')", true],
        ["self.name.endsWith('b')", true],
        ["self.name.contains('e')", true],
        ["self.name.matches('^w[a-z]+$')", true],
        ["matches('abc', 'b')", true],
        ["'/a/../b'.matches('(^|/)[.][.]?(/|$)')", true],
        ["'/a/.b'.matches('(^|/)[.][.]?(/|$)')", false],
        ["size('héllo')", 5L],
        ["self.name.size()", 3L],
        ["'AbC'.lowerAscii()", "abc"],
        ["'a,b'.split(',')", new List<object?> { "a", "b" }],
        ["['a', 'b'].join('-')", "a-b"],
        ["'hello'.substring(1, 3)", "el"],
        ["'hello'.indexOf('l')", 2L],
        ["'a-b'.replace('-', '+')", "a+b"],
        ["string(42)", "42"],
        ["int('12') + 1", 13L],
        ["double(1) / 4.0", 0.25],

        // sizes and macros
        ["size(self.tags)", 3L],
        ["size(self.labels)", 1L],
        ["self.tags.all(t, t.size() == 1)", true],
        ["self.tags.exists(t, t == 'c')", true],
        ["self.tags.exists_one(t, t == 'c')", true],
        ["self.tags.exists_one(t, t != 'c')", false],
        ["self.tags.map(t, t + t)", new List<object?> { "aa", "bb", "cc" }],
        ["self.tags.map(t, t != 'b', t + '!')", new List<object?> { "a!", "c!" }],
        ["self.tags.filter(t, t > 'a')", new List<object?> { "b", "c" }],
        ["self.labels.all(k, k == 'app')", true],
        ["self.sidecars.all(s, self.sidecars.exists_one(t, t.mountPath == s.mountPath))", true],
        ["[].all(x, x > 0)", true],
        ["[].exists(x, x > 0)", false],

        // CEL's commutative error absorption
        ["self.missing == 1 || true", true],
        ["false && self.missing == 1", false],
        ["self.missing == 1 && false", false],
        ["[0, 1].exists(x, 1 / x == 1)", true],
    ];

    private static readonly string[][] RuntimeErrors =
    [
        ["self.missing", "no such key: missing"],
        ["self.tags[5]", "index out of bounds: 5"],
        ["1 / 0", "division by zero"],
        ["5 % 0", "modulus by zero"],
        ["9223372036854775807 + 1", "integer overflow"],
        ["1 + 1.0", "no such overload"],
        ["'a' < 1", "no such overload"],
        ["self.missing == 1 || false", "no such key: missing"],
        ["[0, 1].all(x, 1 / x == 1)", "division by zero"],
    ];

    private static readonly string[][] CompileErrors =
    [
        ["self.name ==", "Syntax error"],
        ["self.name == 'x", "unterminated string literal"],
        ["(1 + 2", "Syntax error"],
        ["other.name", "undeclared reference to 'other'"],
        ["self.name.frobnicate()", "undeclared reference to 'frobnicate'"],
        ["has(self)", "invalid argument to has() macro"],
        ["self.all(1, true)", "variable name must be a simple identifier"],
    ];

    private static readonly string[] Variables = ["self", "oldSelf"];

    private static object? Eval(string expression) =>
        CelProgram.Compile(expression, Variables).Evaluate(new Dictionary<string, object?> { ["self"] = CelValues.FromJson(JsonNode.Parse(Self)) });

    [TestCaseSource(nameof(Results))]
    public void AnExpressionEvaluatesToItsCelValue(string expression, object? expected) =>
        Assert.That(Eval(expression), Is.EqualTo(expected));

    [TestCaseSource(nameof(RuntimeErrors))]
    public void AnExpressionThatFailsAtRuntimeReportsTheCelError(string expression, string error) =>
        Assert.That(() => Eval(expression), Throws.TypeOf<CelEvalException>().With.Message.Contains(error));

    [TestCaseSource(nameof(CompileErrors))]
    public void AnExpressionThatDoesNotCompileIsRejectedBeforeEvaluation(string expression, string error) =>
        Assert.That(() => CelProgram.Compile(expression, Variables), Throws.TypeOf<CelCompileException>().With.Message.Contains(error));

    [TestCase("self.x == oldSelf.x", true)]
    [TestCase("self.x == 1", false)]
    [TestCase("[1].all(oldSelf, oldSelf > 0)", true)]
    public void ARuleUsingOldSelfIsATransitionRule(string expression, bool transition) =>
        Assert.That(CelProgram.Compile(expression, Variables).UsesOldSelf, Is.EqualTo(transition));

    [Test]
    public void TheAgentTaskCrdRulesAllCompile()
    {
        var crd = File.ReadAllText(RepositoryPaths.PathOf("config/crd/oz.warp.dev_agenttasks.yaml"));
        var rules = crd.Split('\n').Where(l => l.TrimStart().StartsWith("rule:", StringComparison.Ordinal)).ToList();
        var parsed = Oz.KubeSim.Json.YamlJson.ParseDocuments(crd).Single();

        Assert.Multiple(() =>
        {
            Assert.That(rules, Has.Count.GreaterThanOrEqualTo(11));
            Assert.That(Oz.KubeSim.Validation.CrdRuleCompiler.Check(parsed), Is.Empty);
        });
    }
}
