using Oz.KubeSim.Admission;
using Oz.KubeSim.Apply;
using Oz.KubeSim.Controllers;
using Oz.KubeSim.Events;
using Oz.KubeSim.Patching;
using Oz.KubeSim.Validation;

namespace Oz.KubeSim.Api;

/// <summary>
/// The API server's write and read semantics over the store, independent of HTTP: create, update,
/// patch, delete (finalizers, propagation), status subresource, generation, dry-run, validation
/// and admission. Controllers inside the simulator write through it too, so admission applies to them.
/// </summary>
public sealed class ResourceApi(ObjectStore store, ResourceRegistry registry, AdmissionChain admission, SimClock clock)
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
        DecodeFields(type, obj, ctx);
        if (EventConversion.IsEventsV1(type))
        {
            NormalizeKind(type, obj);
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
        NormalizeKind(type, obj);
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
        Validate(type, name, obj, null);
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

    public WriteResult Update(ResourceType type, string ns, string name, JsonObject obj, RequestContext ctx, string? subresource)
    {
        if (!ctx.ViaEventsV1)
        {
            DecodeFields(type, obj, ctx);
        }

        if (EventConversion.IsEventsV1(type))
        {
            NormalizeKind(type, obj);
            return AsEventsV1(Update(BuiltInResources.Events, ns, name, EventConversion.ToCore(obj), ctx with { ViaEventsV1 = true }, subresource));
        }

        NormalizeKind(type, obj);
        var bodyName = JsonPath.GetString(obj, "metadata.name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw StatusObjects.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        return Store.Write(s =>
        {
            var current = s.Get(type, ns, name) ?? throw StatusObjects.NotFound(type, name);
            var rv = JsonPath.GetString(obj, "metadata.resourceVersion");
            if (string.IsNullOrEmpty(rv) && (type.IsCustom || type == BuiltInResources.Leases))
            {
                throw StatusObjects.Invalid(type, name, [FieldError.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }

            return Commit(type, current, obj, ctx, subresource);
        });
    }

    /// <summary>Applies a patch of the given content type to the current object and stores the result.</summary>
    public WriteResult Patch(ResourceType type, string ns, string name, string contentType, JsonNode patch, RequestContext ctx, string? subresource, bool force)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        if (EventConversion.IsEventsV1(type))
        {
            // events.k8s.io is a view of core/v1 Events: the patch is translated and applied to the stored core Event.
            JsonNode corePatch = patch switch
            {
                JsonObject obj => EventConversion.ToCore(obj),
                JsonArray ops => EventConversion.ToCore(ops),
                _ => patch,
            };
            return AsEventsV1(Patch(BuiltInResources.Events, ns, name, contentType, corePatch, ctx with { ViaEventsV1 = true }, subresource, force));
        }

        if (mediaType == "application/strategic-merge-patch+json" && type.IsCustom)
        {
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        if (mediaType == "application/apply-patch+yaml" && string.IsNullOrEmpty(ctx.FieldManager))
        {
            throw StatusObjects.InvalidOptions("PatchOptions", [FieldError.Required("fieldManager", "is required for apply patch")]);
        }

        if (!ctx.ViaEventsV1 && patch is JsonObject patchObject && mediaType is "application/merge-patch+json" or "application/strategic-merge-patch+json")
        {
            // The fields a merge patch sends are decoded into the kind (SMP directives such as
            // $patch are not fields). Server-side apply reports unknown fields its own way: not modelled.
            DecodeFields(type, patchObject, ctx, isPatch: true);
        }

        var existing = Store.Get(type, ns, name);
        if (existing is null && mediaType == "application/apply-patch+yaml" && subresource is null)
        {
            // Server-side apply creates the object when it does not exist.
            var applied = patch.DeepClone() as JsonObject ?? throw StatusObjects.BadRequest("the apply configuration is not an object");
            if (JsonPath.Get(applied, "metadata.managedFields") is not null)
            {
                throw StatusObjects.BadRequest("metadata.managedFields must be nil");
            }

            JsonPath.Metadata(applied)["name"] = name;
            try
            {
                return Create(type, ns, applied, ctx, viaApply: true);
            }
            catch (ApiException e) when (e.Reason == "AlreadyExists")
            {
                // Lost a race with another writer: fall through to the update path.
            }
        }

        return Store.Write(s =>
        {
            var current = s.Get(type, ns, name) ?? throw StatusObjects.NotFound(type, name);
            var currentObj = current.ToJsonObject();
            JsonNode? patched = mediaType switch
            {
                "application/merge-patch+json" => MergePatch.Apply(currentObj, patch),
                "application/json-patch+json" when patch is JsonArray ops => JsonPatch.Apply(currentObj, ops),
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(currentObj, patch),
                "application/apply-patch+yaml" when patch is JsonObject applied => ServerSideApply.Apply(type, currentObj, applied, ctx.Manager, force, subresource, JsonPath.Timestamp(Clock.Now)),
                "application/apply-patch+yaml" => throw StatusObjects.BadRequest("the apply configuration is not an object"),
                _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
            };
            if (patched is not JsonObject patchedObj)
            {
                throw StatusObjects.BadRequest("the patch did not produce an object");
            }

            return Commit(type, current, patchedObj, ctx, subresource, managedFieldsSet: mediaType == "application/apply-patch+yaml");
        });
    }

    public WriteResult Delete(ResourceType type, string ns, string name, DeleteOptions options, RequestContext ctx)
    {
        if (EventConversion.IsEventsV1(type))
        {
            return AsEventsV1(Delete(BuiltInResources.Events, ns, name, options, ctx));
        }

        var result = Store.Write(s =>
        {
            var current = s.Get(type, ns, name) ?? throw StatusObjects.NotFound(type, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw StatusObjects.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            if (options.PreconditionResourceVersion is { Length: > 0 } prv && prv != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw StatusObjects.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {current.ResourceVersion}");
            }

            var obj = current.ToJsonObject();
            admission.Review(new AdmissionRequest(AdmissionOperation.Delete, type, ns, name, obj, obj, null, ctx.User, ctx.DryRun), ctx.Warnings);
            var meta = JsonPath.Metadata(obj);
            var finalizers = meta["finalizers"] as JsonArray ?? [];
            var policy = options.PropagationPolicy ?? DefaultPropagation(type);
            var hasDependents = s.Dependents(current.Uid).Count > 0;
            if (type == BuiltInResources.Namespaces)
            {
                policy = "Background";
            }

            if (meta["deletionTimestamp"] is null)
            {
                if (policy == "Orphan" && hasDependents)
                {
                    AddFinalizer(finalizers, "orphan");
                }
                else if (policy == "Foreground" && hasDependents)
                {
                    AddFinalizer(finalizers, "foregroundDeletion");
                }
            }

            meta["finalizers"] = finalizers;
            if (finalizers.Count == 0)
            {
                meta.Remove("finalizers");
            }

            if (ctx.DryRun)
            {
                return new WriteResult(200, null, obj);
            }

            if (type == BuiltInResources.Namespaces)
            {
                obj["status"] = new JsonObject { ["phase"] = "Terminating" };
                meta["deletionTimestamp"] ??= JsonPath.Timestamp(Clock.Now);
                var terminating = s.Put(type, obj);
                GarbageCollector?.Enqueue(new GcWork(GcWorkKind.DeleteNamespace, type, current.Uid, name, ""));
                return new WriteResult(202, terminating, null);
            }

            if (PodGrace.Of(type, obj, options.GracePeriodSeconds) is > 0 and var grace)
            {
                // A running pod is only marked: the kubelet stops its containers within the grace
                // period, then deletes it for good (gracePeriodSeconds 0).
                return PodGrace.Mark(s, type, obj, grace, Clock.Now) is { } marked ? new WriteResult(200, marked, null) : new WriteResult(200, current, null);
            }

            if (finalizers.Count > 0)
            {
                if (meta["deletionTimestamp"] is not null)
                {
                    return new WriteResult(202, current, null);
                }

                meta["deletionTimestamp"] = JsonPath.Timestamp(Clock.Now);
                meta["deletionGracePeriodSeconds"] = 0;
                DeletionRules.BumpGeneration(meta);
                var pending = s.Put(type, obj);
                ScheduleFinalization(type, pending, finalizers);
                return new WriteResult(202, pending, null);
            }

            var removed = s.Remove(type, obj);
            AfterRemove(type, removed, policy);
            Changed?.Invoke(type, removed.Namespace);
            return new WriteResult(200, removed, null);
        });
        return result;
    }

    /// <summary>Admits and stores a new version of <paramref name="current"/>. Runs inside the store lock.</summary>
    private WriteResult Commit(ResourceType type, StoredObject current, JsonObject incoming, RequestContext ctx, string? subresource, bool managedFieldsSet = false)
    {
        var name = current.Name;
        var rv = JsonPath.GetString(incoming, "metadata.resourceVersion");
        var currentRv = current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(rv) && rv != currentRv)
        {
            throw StatusObjects.Conflict(type, name);
        }

        var old = current.ToJsonObject();
        JsonObject next;
        if (subresource == "status")
        {
            next = (JsonObject)old.DeepClone();
            if (incoming["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        else
        {
            next = incoming;
            if (type.HasStatus)
            {
                if (old["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
                else
                {
                    next.Remove("status");
                }
            }
        }

        NormalizeKind(type, next);
        var meta = JsonPath.Metadata(next);
        var oldMeta = JsonPath.Metadata(old);
        foreach (var key in new[] { "uid", "creationTimestamp", "namespace", "name", "deletionTimestamp", "deletionGracePeriodSeconds", "generateName" })
        {
            if (oldMeta[key] is { } value)
            {
                meta[key] = value.DeepClone();
            }
            else
            {
                meta.Remove(key);
            }
        }

        if (!managedFieldsSet)
        {
            // The server keeps managedFields; a non-apply write is recorded as an Update by its manager.
            if (oldMeta["managedFields"] is { } managed)
            {
                meta["managedFields"] = managed.DeepClone();
            }
            else
            {
                meta.Remove("managedFields");
            }

            ManagedFields.RecordUpdate(type, old, next, ctx.Manager, subresource, JsonPath.Timestamp(Clock.Now));
        }

        meta["resourceVersion"] = currentRv;
        var generation = JsonPath.GetLong(oldMeta, "generation") ?? 1;
        meta["generation"] = SpecChanged(type, old, next) ? generation + 1 : generation;
        ApiTimes.Normalize(type, next);
        if (ctx.ViaEventsV1 && EventsV1Validation.ValidateUpdate(next, old) is { Count: > 0 } eventErrors)
        {
            throw StatusObjects.Invalid(BuiltInResources.EventsV1, name, eventErrors);
        }

        Validate(type, name, next, old);
        if (DeletionRules.NewFinalizersWhileDeleting(oldMeta, meta) is { } finalizerError)
        {
            throw StatusObjects.Invalid(type, name, [finalizerError]);
        }

        var update = new AdmissionRequest(AdmissionOperation.Update, type, current.Namespace, name, next, old, subresource, ctx.User, ctx.DryRun);
        admission.Review(update, ctx.Warnings);
        BuiltInAdmission.Review(update, ctx.Warnings);
        if (JsonNode.DeepEquals(next, old))
        {
            return new WriteResult(200, current, null);
        }

        if (ctx.DryRun)
        {
            return new WriteResult(200, null, next);
        }

        if (meta["deletionTimestamp"] is not null && (meta["finalizers"] as JsonArray ?? []).Count == 0 && (JsonPath.GetLong(meta, "deletionGracePeriodSeconds") ?? 0) == 0)
        {
            meta.Remove("finalizers");
            var removed = Store.Remove(type, next);
            AfterRemove(type, removed, "Background");
            Changed?.Invoke(type, removed.Namespace);
            return new WriteResult(200, removed, null);
        }

        var stored = Store.Put(type, next);
        Changed?.Invoke(type, stored.Namespace);
        if (type == BuiltInResources.Crds)
        {
            Registry.AddCrd(next);
        }

        return new WriteResult(200, stored, null);
    }

    /// <summary>Field validation of a client's body (see <see cref="UnknownFields"/>); in-process controllers write what they mean.</summary>
    private static void DecodeFields(ResourceType type, JsonObject obj, RequestContext ctx, bool isPatch = false)
    {
        if (ctx.FromClient)
        {
            UnknownFields.Enforce(type, obj, ctx, isPatch);
        }
    }

    private void Validate(ResourceType type, string name, JsonObject obj, JsonObject? old)
    {
        var errors = BuiltInValidation.Validate(type, obj, old);
        if (type.IsCustom && type.Schema is not null)
        {
            errors.AddRange(SchemaValidator.ValidateAndPrune(obj, type.Schema));

            // Like the API server, CEL rules only run on a schema-valid shape (no type errors).
            if (!errors.Exists(e => e.Reason == "FieldValueTypeInvalid"))
            {
                errors.AddRange(CelRuleValidator.Validate(obj, old, type.Schema));
            }
        }

        if (type == BuiltInResources.Crds)
        {
            errors.AddRange(CrdRuleCompiler.Check(obj));
        }

        if (errors.Count > 0)
        {
            throw StatusObjects.Invalid(type, name, errors);
        }
    }

    /// <summary>A dry-run answer of a write through events.k8s.io, shown in that view (stored objects are converted when served).</summary>
    private static WriteResult AsEventsV1(WriteResult result) =>
        result.DryRunObject is { } obj ? result with { DryRunObject = EventConversion.ToEventsV1(obj) } : result;

    private static bool SpecChanged(ResourceType type, JsonObject old, JsonObject next)
    {
        foreach (var (key, value) in next)
        {
            if (key is "metadata" or "apiVersion" or "kind" || (key == "status" && type.HasStatus))
            {
                continue;
            }

            if (!JsonNode.DeepEquals(value, old[key]))
            {
                return true;
            }
        }

        return old.Any(p => p.Key is not ("metadata" or "apiVersion" or "kind") && !(p.Key == "status" && type.HasStatus) && !next.ContainsKey(p.Key));
    }

    private static void NormalizeKind(ResourceType type, JsonObject obj)
    {
        var apiVersion = JsonPath.GetString(obj, "apiVersion");
        var kind = JsonPath.GetString(obj, "kind");
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion && !(type.IsCustom && apiVersion.StartsWith(type.Group + "/", StringComparison.Ordinal)))
        {
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        // Keep property order apiVersion, kind, metadata first, like the API server's encoder.
        var rest = obj.Where(p => p.Key is not ("apiVersion" or "kind")).ToList();
        obj.Clear();
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        foreach (var (key, value) in rest)
        {
            obj[key] = value;
        }
    }

    private static void AddFinalizer(JsonArray finalizers, string name)
    {
        if (!finalizers.Any(f => f?.GetValue<string>() == name))
        {
            finalizers.Add(name);
        }
    }

    /// <summary>
    /// batch/v1 Jobs orphan their pods by default when deleted through the API (kubectl asks
    /// for Background explicitly); everything else is deleted in the background.
    /// </summary>
    private static string DefaultPropagation(ResourceType type) => type == BuiltInResources.Jobs ? "Orphan" : "Background";

    private void ScheduleFinalization(ResourceType type, StoredObject pending, JsonArray finalizers)
    {
        var names = finalizers.Select(f => f?.GetValue<string>()).ToHashSet();
        if (names.Contains("orphan"))
        {
            GarbageCollector?.Enqueue(new GcWork(GcWorkKind.Orphan, type, pending.Uid, pending.Name, pending.Namespace));
        }

        if (names.Contains("foregroundDeletion"))
        {
            GarbageCollector?.Enqueue(new GcWork(GcWorkKind.Foreground, type, pending.Uid, pending.Name, pending.Namespace));
        }
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

    private void AfterRemove(ResourceType type, StoredObject removed, string policy)
    {
        if (type == BuiltInResources.Crds)
        {
            var crdPlural = removed.Name.Split('.')[0];
            var group = removed.Name[(crdPlural.Length + 1)..];
            var served = Registry.All.FirstOrDefault(t => t.IsCustom && t.Group == group && t.Plural == crdPlural);
            Registry.RemoveCrd(removed.Name);
            if (served is not null)
            {
                GarbageCollector?.Enqueue(new GcWork(GcWorkKind.DeleteAllOfType, served, removed.Uid, removed.Name, ""));
            }
        }

        if (policy != "Orphan")
        {
            GarbageCollector?.Enqueue(new GcWork(GcWorkKind.DeleteDependents, type, removed.Uid, removed.Name, removed.Namespace));
        }
    }
}
