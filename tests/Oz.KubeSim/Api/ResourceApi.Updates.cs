using Oz.KubeSim.Admission;
using Oz.KubeSim.Apply;
using Oz.KubeSim.Events;
using Oz.KubeSim.Patching;

namespace Oz.KubeSim.Api;

/// <summary>The update paths of <see cref="ResourceApi"/>: update, patch (every patch type, server-side apply) and the commit they share.</summary>
public sealed partial class ResourceApi
{
    public WriteResult Update(ResourceType type, string ns, string name, JsonObject obj, RequestContext ctx, string? subresource)
    {
        if (!ctx.ViaEventsV1)
        {
            ObjectValidation.DecodeFields(type, obj, ctx);
        }

        if (EventConversion.IsEventsV1(type))
        {
            ApiVersionKind.Normalize(type, obj);
            return AsEventsV1(Update(BuiltInResources.Events, ns, name, EventConversion.ToCore(obj), ctx with { ViaEventsV1 = true }, subresource));
        }

        ApiVersionKind.Normalize(type, obj);
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
            ObjectValidation.DecodeFields(type, patchObject, ctx, isPatch: true);
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

        ApiVersionKind.Normalize(type, next);
        SecretStringData.MergeIntoData(type, next);
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
        meta["generation"] = GenerationRules.SpecChanged(type, old, next) ? generation + 1 : generation;
        ApiTimes.Normalize(type, next);
        if (ctx.ViaEventsV1 && EventsV1Validation.ValidateUpdate(next, old) is { Count: > 0 } eventErrors)
        {
            throw StatusObjects.Invalid(BuiltInResources.EventsV1, name, eventErrors);
        }

        ObjectValidation.Validate(type, name, next, old);
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
}
