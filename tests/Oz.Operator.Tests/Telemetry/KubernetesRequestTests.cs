using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Tests.Telemetry;

public sealed class KubernetesRequestTests
{
    private static readonly object[] Cases =
    [
        new object[] { "GET", "/api/v1/namespaces/default/pods", "list", "pods" },
        new object[] { "GET", "/api/v1/namespaces/default/pods/p1", "get", "pods" },
        new object[] { "GET", "/api/v1/namespaces/default/pods?watch=true&resourceVersion=5", "watch", "pods" },
        new object[] { "GET", "/api/v1/namespaces/default/pods?watch=1", "watch", "pods" },
        new object[] { "GET", "/api/v1/watch/namespaces/default/pods", "watch", "pods" },
        new object[] { "GET", "/api/v1/namespaces/default/pods/p1/log?tailLines=10", "get", "pods/log" },
        new object[] { "GET", "/apis/batch/v1/namespaces/default/jobs", "list", "jobs" },
        new object[] { "POST", "/apis/batch/v1/namespaces/default/jobs?dryRun=All", "create", "jobs" },
        new object[] { "PATCH", "/apis/oz.warp.dev/v1alpha1/namespaces/default/agenttasks/t1/status", "patch", "agenttasks/status" },
        new object[] { "PUT", "/apis/coordination.k8s.io/v1/namespaces/default/leases/oz", "update", "leases" },
        new object[] { "DELETE", "/apis/batch/v1/namespaces/default/jobs/j1", "delete", "jobs" },
        new object[] { "DELETE", "/apis/batch/v1/namespaces/default/jobs", "deletecollection", "jobs" },
        new object[] { "GET", "/api/v1/namespaces", "list", "namespaces" },
        new object[] { "GET", "/api/v1/namespaces/default", "get", "namespaces" },
        new object[] { "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/agenttasks.oz.warp.dev", "get", "customresourcedefinitions" },
        new object[] { "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "create", "selfsubjectaccessreviews" },
        new object[] { "GET", "/apis/batch/v1", "get", "discovery" },
        new object[] { "GET", "/version", "get", "version" },
    ];

    [TestCaseSource(nameof(Cases))]
    public void VerbAndResourceComeFromTheMethodPathAndWatchQuery(string method, string path, string verb, string resource)
    {
        var request = KubernetesRequest.Classify(new HttpMethod(method), new Uri("https://kube:6443" + path));

        Assert.That(request, Is.EqualTo(new KubernetesRequest(verb, resource)));
    }
}
