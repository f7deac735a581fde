using System.Threading.Channels;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// The garbage collector and namespace controller: deletes dependents through ownerReferences
/// (by UID), orphans them, finishes foreground deletion, and empties terminating namespaces.
/// Runs asynchronously, as the real one does, so dependents disappear shortly after their owner.
/// </summary>
public sealed class GarbageCollector : IAsyncDisposable
{
    /// <summary>Simulated time before a work item whose processing failed unexpectedly is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<GcWork> _work = Channel.CreateUnbounded<GcWork>();
    private readonly ResourceApi _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public GarbageCollector(ResourceApi api)
    {
        _api = api;
        api.GarbageCollector = this;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(GcWork work) => _work.Writer.TryWrite(work);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _work.Writer.TryComplete();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync(_stop.Token))
        {
            try
            {
                await ProcessAsync(work);
            }
            catch (ApiException)
            {
                // The object changed or vanished meanwhile; the next event will bring it back if needed.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any other failure (a crashing admission rule or store hook) must not end the loop
                // for good: like kube-controller-manager's workqueue, retry this item later.
                _ = RetryLaterAsync(work);
            }
        }
    }

    private async Task RetryLaterAsync(GcWork work)
    {
        try
        {
            await _api.Clock.DelayAsync(RetryDelay, _stop.Token);
            Enqueue(work);
        }
        catch (OperationCanceledException)
        {
            // Stopped meanwhile: nothing left to retry.
        }
    }

    private async Task ProcessAsync(GcWork work)
    {
        var ctx = RequestContext.Controller("generic-garbage-collector");
        switch (work.Kind)
        {
            case GcWorkKind.DeleteDependents:
                foreach (var dependent in _api.Store.Dependents(work.Uid))
                {
                    if (dependent.OwnerUids.Any(u => u != work.Uid && _api.Store.GetByUid(u) is not null))
                    {
                        RemoveOwnerReference(dependent, work.Uid);
                    }
                    else
                    {
                        TryDelete(dependent, "Background", ctx);
                    }
                }

                break;
            case GcWorkKind.Orphan:
                foreach (var dependent in _api.Store.Dependents(work.Uid))
                {
                    RemoveOwnerReference(dependent, work.Uid);
                }

                RemoveFinalizer(work, "orphan");
                break;
            case GcWorkKind.Foreground:
                foreach (var dependent in _api.Store.Dependents(work.Uid))
                {
                    TryDelete(dependent, "Foreground", ctx);
                }

                await WaitAsync(() => _api.Store.Dependents(work.Uid).Count == 0);
                RemoveFinalizer(work, "foregroundDeletion");
                break;
            case GcWorkKind.CheckOwners:
                if (_api.Store.GetByUid(work.Uid) is { } obj && obj.OwnerUids.All(u => _api.Store.GetByUid(u) is null))
                {
                    TryDelete(obj, "Background", ctx);
                }

                break;
            case GcWorkKind.DeleteAllOfType:
                foreach (var item in _api.Store.List(work.Type, null).Items)
                {
                    TryDelete(item, "Background", ctx);
                }

                break;
            case GcWorkKind.DeleteNamespace:
                await DeleteNamespaceAsync(work.Name, ctx);
                break;
        }
    }

    private async Task DeleteNamespaceAsync(string ns, RequestContext ctx)
    {
        var types = _api.Registry.All.Where(t => t.Namespaced && !BuiltInResources.IsVirtual(t)).DistinctBy(t => t.TableKey).ToList();
        foreach (var type in types)
        {
            foreach (var item in _api.Store.List(type, ns).Items)
            {
                TryDelete(item, "Background", ctx);
            }
        }

        await WaitAsync(() => types.All(t => _api.Store.List(t, ns).Items.Count == 0));
        _api.Store.Write(s =>
        {
            if (s.Get(BuiltInResources.Namespaces, "", ns) is { } current)
            {
                s.Remove(BuiltInResources.Namespaces, current.ToJsonObject());
            }

            return 0;
        });
    }

    private void TryDelete(StoredObject obj, string policy, RequestContext ctx)
    {
        try
        {
            _api.Delete(obj.Type, obj.Namespace, obj.Name, new DeleteOptions(policy, obj.Uid), ctx);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    private void RemoveOwnerReference(StoredObject dependent, string ownerUid) =>
        Mutate(dependent.Type, dependent.Namespace, dependent.Name, obj =>
        {
            var meta = JsonPath.Metadata(obj);
            if (meta["ownerReferences"] is JsonArray refs)
            {
                foreach (var match in refs.OfType<JsonObject>().Where(r => JsonPath.GetString(r, "uid") == ownerUid).ToList())
                {
                    refs.Remove(match);
                }

                if (refs.Count == 0)
                {
                    meta.Remove("ownerReferences");
                }
            }
        });

    private void RemoveFinalizer(GcWork work, string finalizer) =>
        Mutate(work.Type, work.Namespace, work.Name, obj =>
        {
            if (JsonPath.Metadata(obj)["finalizers"] is JsonArray list)
            {
                foreach (var match in list.Where(f => f?.GetValue<string>() == finalizer).ToList())
                {
                    list.Remove(match);
                }
            }
        });

    private void Mutate(ResourceType type, string ns, string name, Action<JsonObject> change)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = _api.Store.Get(type, ns, name);
            if (current is null)
            {
                return;
            }

            var obj = current.ToJsonObject();
            change(obj);
            try
            {
                _api.Update(type, ns, name, obj, RequestContext.Controller("generic-garbage-collector"), null);
                return;
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }
    }

    private async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline && !_stop.IsCancellationRequested)
        {
            await Task.Delay(20, _stop.Token);
        }
    }
}
