using System.Globalization;
using System.Text;

namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Paged lists (<c>limit</c>/<c>continue</c>) as the API server serves them: every page read at the
/// first page's resourceVersion, <c>remainingItemCount</c> only without a selector, and a continue
/// token whose revision was compacted answered 410 Expired. Secrets, because no controller adds
/// any to a new namespace, so counts are exact on a real cluster too.
/// </summary>
public abstract class ListPagingContract : ClusterTestBase
{
    private const string ExpiredMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    /// <summary>Compacts the cluster's storage history past every revision read so far.</summary>
    protected abstract Task CompactAsync();

    [Test]
    public async Task EveryPageIsServedAtTheFirstPagesResourceVersion()
    {
        await CreateSecretsAsync("s0", "s1", "s2", "s3", "s4");
        var first = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2);

        await Client.CoreV1.DeleteNamespacedSecretAsync("s2", Ns);
        await Client.CoreV1.ReplaceNamespacedSecretAsync(Secret("s3", value: "changed"), "s3", Ns);
        await CreateSecretsAsync("s35", "s5");

        var second = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var third = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: second.Metadata.ContinueProperty);
        Assert.Multiple(() =>
        {
            Assert.That(first.Items.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "s0", "s1" }));
            Assert.That(second.Items.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "s2", "s3" }), "the deleted s2 is still there, the created s35 is not");
            Assert.That(Encoding.UTF8.GetString(second.Items[1].Data["k"]), Is.EqualTo("v"), "s3 as it was");
            Assert.That(third.Items.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "s4" }), "the created s5 is not there");
            Assert.That(new[] { second.Metadata.ResourceVersion, third.Metadata.ResourceVersion }, Is.All.EqualTo(first.Metadata.ResourceVersion));
            Assert.That(third.Metadata.ContinueProperty, Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task RemainingItemCountIsTheNumberOfObjectsAfterThePage()
    {
        await CreateSecretsAsync("s0", "s1", "s2", "s3", "s4");

        var first = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2);
        var second = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var last = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: second.Metadata.ContinueProperty);
        Assert.Multiple(() =>
        {
            Assert.That(first.Metadata.RemainingItemCount, Is.EqualTo(3));
            Assert.That(second.Metadata.RemainingItemCount, Is.EqualTo(1));
            Assert.That(last.Metadata.RemainingItemCount, Is.Null, "the last page has none");
            Assert.That(last.Metadata.ContinueProperty, Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task ALabelSelectorLeavesRemainingItemCountUnset()
    {
        await CreateSecretsAsync("s0", "s1", "s2", "s3", "s4");

        var page = await Client.CoreV1.ListNamespacedSecretAsync(Ns, labelSelector: "page=yes", limit: 2);
        Assert.Multiple(() =>
        {
            Assert.That(page.Items, Has.Count.EqualTo(2));
            Assert.That(page.Metadata.ContinueProperty, Is.Not.Null.And.Not.Empty);
            Assert.That(page.Metadata.RemainingItemCount, Is.Null);
        });
    }

    [Test]
    public async Task AFieldSelectorLeavesRemainingItemCountUnset()
    {
        await CreateSecretsAsync("s0", "s1", "s2", "s3", "s4");

        var page = await Client.CoreV1.ListNamespacedSecretAsync(Ns, fieldSelector: "metadata.name!=s9", limit: 2);
        Assert.Multiple(() =>
        {
            Assert.That(page.Metadata.ContinueProperty, Is.Not.Null.And.Not.Empty);
            Assert.That(page.Metadata.RemainingItemCount, Is.Null);
        });
    }

    [Test]
    public async Task WithASelectorAFullPageFollowedOnlyByUnmatchedObjectsStillHasANextPageAndItIsEmpty()
    {
        await CreateSecretsAsync("a0", "a1");
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "z9" } }, Ns);

        var full = await Client.CoreV1.ListNamespacedSecretAsync(Ns, labelSelector: "page=yes", limit: 2);
        var next = await Client.CoreV1.ListNamespacedSecretAsync(Ns, labelSelector: "page=yes", limit: 2, continueParameter: full.Metadata.ContinueProperty);
        Assert.Multiple(() =>
        {
            Assert.That(full.Items.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "a0", "a1" }));
            Assert.That(full.Metadata.ContinueProperty, Is.Not.Null.And.Not.Empty, "the storage sees a key after the page, matching or not");
            Assert.That(next.Items, Is.Empty);
            Assert.That(next.Metadata.ContinueProperty, Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task AContinueTokenPastCompactionIsGoneWithReasonExpiredAndATokenForTheRemainder()
    {
        await CreateSecretsAsync("s0", "s1", "s2");
        var first = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2);
        await CreateSecretsAsync("s3");
        await CompactAsync();

        var (code, status) = await FailureOf(() => Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: first.Metadata.ContinueProperty));
        var remainder = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: status?.Metadata?.ContinueProperty);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(410));
            Assert.That(status?.Reason, Is.EqualTo("Expired"));
            Assert.That(status?.Message, Is.EqualTo(ExpiredMessage));
            Assert.That(remainder.Items.Select(s => s.Metadata.Name), Is.EqualTo(new[] { "s2", "s3" }), "the remainder at the latest revision: s3 created since shows up");
            Assert.That(long.Parse(remainder.Metadata.ResourceVersion, CultureInfo.InvariantCulture), Is.GreaterThan(long.Parse(first.Metadata.ResourceVersion, CultureInfo.InvariantCulture)));
        });
    }

    private async Task CreateSecretsAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await Client.CoreV1.CreateNamespacedSecretAsync(Secret(name), Ns);
        }
    }

    private static V1Secret Secret(string name, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["page"] = "yes" } },
        Data = new Dictionary<string, byte[]> { ["k"] = Encoding.UTF8.GetBytes(value) },
    };
}
