using Oz.KubeSim.Admission;
using Oz.KubeSim.Apply;
using Oz.KubeSim.Controllers;
using Oz.KubeSim.Events;

namespace Oz.KubeSim.Api;

/// <summary>
/// The API server's write and read semantics over the store, independent of HTTP: create, update,
/// patch, delete (finalizers, propagation), status subresource, generation, dry-run, validation
/// and admission. Controllers inside the simulator write through it too, so admission applies to them.
/// </summary>
public sealed partial class ResourceApi(ObjectStore store, ResourceRegistry registry, AdmissionChain admission, SimClock clock)
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    // Built in like the real plugin, so clearing the configurable AdmissionChain keeps it.
    private readonly NamespacePodSecurityRule _podSecurity = new(ns => store.Get(BuiltInResources.Namespaces, "", ns)?.Labels);

    public ObjectStore Store { get; } = store;

    public ResourceRegistry Registry { get; } = registry;

    public SimClock Clock { get; } = clock;

    /// <summary>Namespaced objects may only be created in existing namespaces (NamespaceLifecycle).</summary>
    public bool RequireNamespaces { get; set; } = true;

    internal GarbageCollector? GarbageCollector { get; set; }

    /// <summary>
    /// Admission plugins the server always runs after the configurable chain (ResourceQuota,
    /// ValidatingAdmissionPolicy); clearing <see cref="AdmissionChain"/> in a test keeps them.
    /// </summary>
    public AdmissionChain BuiltInAdmission { get; } = new();

    /// <summary>Called with (type, namespace) after an object is stored or removed, e.g. to refresh quota usage.</summary>
    public Action<ResourceType, string>? Changed { get; set; }

    public static string RandomSuffix(int length = 5) =>
        string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = NameChars[Random.Shared.Next(NameChars.Length)];
            }
        });

    public StoredObject Get(ResourceType type, string ns, string name) =>
        Store.Get(type, ns, name) ?? throw StatusObjects.NotFound(type, name);

    public WriteResult Create(ResourceType type, string ns, JsonObject obj, RequestContext ctx)
    {
        ObjectValidation.DecodeFields(type, obj, ctx);
        if (EventConversion.IsEventsV1(type))
        {
            ApiVersionKind.Normalize(type, obj);
            var errors = EventsV1Validation.ValidateCreate(obj);
            if (errors.Count > 0)
            {
                throw StatusObjects.Invalid(type, JsonPath.GetString(obj, "metadata.name") ?? "", errors);
            }

            return AsEventsV1(Create(BuiltInResources.Events, ns, EventConversion.ToCore(obj), ctx, viaApply: false));
        }

        return Create(type, ns, obj, ctx, viaApply: false);
    }

    private WriteResult Create(ResourceType type, string ns, JsonObject obj, RequestContext ctx, bool viaApply)
    {
        ApiVersionKind.Normalize(type, obj);
        SecretStringData.MergeIntoData(type, obj);
        var meta = JsonPath.Metadata(obj);
        var bodyNs = JsonPath.GetString(meta, "namespace");
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            {
                throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
            ns = "";
        }

        var name = JsonPath.GetString(meta, "name");
        if (string.IsNullOrEmpty(name))
        {
            var generateName = JsonPath.GetString(meta, "generateName");
            if (string.IsNullOrEmpty(generateName))
            {
                throw StatusObjects.Invalid(type, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
            }

            name = generateName + RandomSuffix();
            meta["name"] = name;
        }

        if (!string.IsNullOrEmpty(JsonPath.GetString(meta, "resourceVersion")))
        {
            throw StatusObjects.BadRequest("resourceVersion should not be set on objects to be created");
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = JsonPath.Timestamp(Clock.Now);
        meta["generation"] = 1;
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("managedFields");
        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        // Ownership is recorded for the fields the client sent, before defaulting.
        if (viaApply)
        {
            ServerSideApply.RecordCreate(type, obj, ctx.Manager, JsonPath.Timestamp(Clock.Now));
        }
        else
        {
            ManagedFields.RecordUpdate(type, null, obj, ctx.Manager, null, JsonPath.Timestamp(Clock.Now));
        }

        ObjectDefaults.OnCreate(type, obj);
        ApiTimes.Normalize(type, obj);
        ObjectValidation.Validate(type, name, obj, null);
        var request = new AdmissionRequest(AdmissionOperation.Create, type, ns, name, obj, null, null, ctx.User, ctx.DryRun);
        var podSecurity = _podSecurity.Review(request);
        if (podSecurity.Rejection is not null)
        {
            throw podSecurity.Rejection;
        }

        ctx.Warnings.AddRange(podSecurity.Warnings);
        admission.Review(request, ctx.Warnings);
        BuiltInAdmission.Review(request, ctx.Warnings);
        if (type == BuiltInResources.Crds)
        {
            CrdStatus.Accept(obj);
        }

        var result = Store.Write(s =>
        {
            if (s.Get(type, ns, name) is not null)
            {
                throw StatusObjects.AlreadyExists(type, name);
            }

            if (type.Namespaced && RequireNamespaces && s.Get(BuiltInResources.Namespaces, "", ns) is null)
            {
                throw StatusObjects.NotFound(BuiltInResources.Namespaces, ns);
            }

            if (type.Namespaced && s.Get(BuiltInResources.Namespaces, "", ns) is { } nsObj && nsObj.Fields.GetValueOrDefault("status.phase") == "Terminating")
            {
                throw new ApiException(403, "Forbidden", $"{type.GroupResource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", StatusObjects.Details(type, name));
            }

            return ctx.DryRun ? new WriteResult(201, null, obj) : new WriteResult(201, s.Put(type, obj), null);
        });
        if (result.Stored is not null)
        {
            AfterCreate(type, result.Stored, obj);
            Changed?.Invoke(type, ns);
        }

        return result;
    }

    private void AfterCreate(ResourceType type, StoredObject stored, JsonObject obj)
    {
        if (type == BuiltInResources.Crds)
        {
            Registry.AddCrd(obj);
        }

        if (stored.OwnerUids.Count > 0)
        {
            GarbageCollector?.Enqueue(new GcWork(GcWorkKind.CheckOwners, type, stored.Uid, stored.Name, stored.Namespace));
        }
    }

    /// <summary>A dry-run answer of a write through events.k8s.io, shown in that view (stored objects are converted when served).</summary>
    private static WriteResult AsEventsV1(WriteResult result) =>
        result.DryRunObject is { } obj ? result with { DryRunObject = EventConversion.ToEventsV1(obj) } : result;
}
