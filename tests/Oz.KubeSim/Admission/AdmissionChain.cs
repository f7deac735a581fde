namespace Oz.KubeSim.Admission;

/// <summary>The configured admission rules, run in order; the first rejection wins.</summary>
public sealed class AdmissionChain
{
    private volatile IAdmissionRule[] _rules = [];

    public void Add(IAdmissionRule rule)
    {
        lock (this)
        {
            _rules = [.. _rules, rule];
        }
    }

    public void Clear() => _rules = [];

    public IReadOnlyList<IAdmissionRule> Rules => _rules;

    /// <summary>Runs every rule; throws the first rejection, otherwise adds warnings.</summary>
    public void Review(AdmissionRequest request, List<string> warnings)
    {
        foreach (var rule in _rules)
        {
            var decision = rule.Review(request);
            if (decision.Rejection is not null)
            {
                throw decision.Rejection;
            }

            warnings.AddRange(decision.Warnings);
        }
    }
}
