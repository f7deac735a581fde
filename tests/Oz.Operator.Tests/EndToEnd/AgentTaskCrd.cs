namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// A minimal AgentTask CRD for the simulator: served, status subresource on, schema open. The
/// generated CRD (src/Oz.Crds) replaces it once CRD generation is merged.
/// </summary>
internal static class AgentTaskCrd
{
    public const string Yaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: agenttasks.oz.warp.dev
        spec:
          group: oz.warp.dev
          scope: Namespaced
          names:
            kind: AgentTask
            listKind: AgentTaskList
            plural: agenttasks
            singular: agenttask
            shortNames: [at]
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;
}
