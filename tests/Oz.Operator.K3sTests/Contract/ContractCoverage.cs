namespace Oz.Operator.K3sTests.Contract;

/// <summary>
/// Every abstract contract fixture compiled in from the simulator's tests must have a concrete K3s
/// fixture here, or it would silently never run on K3s. Checked before any test, with or without Docker.
/// </summary>
public static class ContractCoverage
{
    /// <summary>The abstract contract classes with no concrete subclass in this assembly.</summary>
    public static IReadOnlyList<Type> Uncovered()
    {
        var types = typeof(ContractCoverage).Assembly.GetTypes();
        return types
            .Where(t => t.IsAbstract && t.IsSubclassOf(typeof(ClusterTestBase)))
            .Where(contract => !types.Any(t => !t.IsAbstract && t.IsSubclassOf(contract)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static void Verify()
    {
        if (Uncovered() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException(
                "contract fixtures without a K3s fixture: " + string.Join(", ", missing.Select(t => t.Name)) +
                " (add a K3s<Name> subclass in tests/Oz.Operator.K3sTests/Contract/, like K3sCrudContract)");
        }
    }
}
