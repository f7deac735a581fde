using Oz.KubeSim.Admission;
using Oz.KubeSim.Controllers;
using Oz.KubeSim.Events;

namespace Oz.KubeSim.Api;

/// <summary>The delete path of <see cref="ResourceApi"/>: preconditions, finalizers, propagation, graceful pod deletion, and the garbage collection it starts.</summary>
public sealed partial class ResourceApi
{
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
