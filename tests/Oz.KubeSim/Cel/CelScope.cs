namespace Oz.KubeSim.Cel;

/// <summary>Variable bindings: the rule's variables plus nested comprehension variables.</summary>
public sealed class CelScope(IReadOnlyDictionary<string, object?> variables, CelScope? parent = null)
{
    private readonly IReadOnlyDictionary<string, object?> _variables = variables;
    private readonly CelScope? _parent = parent;

    public static CelScope Bind(CelScope parent, string name, object? value) => new(new Dictionary<string, object?> { [name] = value }, parent);

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }
}
