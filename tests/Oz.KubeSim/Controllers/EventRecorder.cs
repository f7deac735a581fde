using System.Collections.Concurrent;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// Records core/v1 Events as the kubelet and controllers do, aggregating repeats of the same
/// (object, reason, message) into one Event with a growing count.
/// </summary>
public sealed class EventRecorder(ResourceApi api)
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public void Normal(StoredObject involved, string reason, string message, string component, string? fieldPath = null) =>
        Record(involved, "Normal", reason, message, component, fieldPath);

    public void Warning(StoredObject involved, string reason, string message, string component, string? fieldPath = null) =>
        Record(involved, "Warning", reason, message, component, fieldPath);

    public void Record(StoredObject involved, string type, string reason, string message, string component, string? fieldPath = null)
    {
        var now = api.Clock.Now;
        var key = $"{involved.Uid}|{reason}|{message}|{fieldPath}";
        var ns = involved.Namespace.Length == 0 ? "default" : involved.Namespace;
        try
        {
            if (_names.TryGetValue(key, out var existingName) && api.Store.Get(BuiltInResources.Events, ns, existingName) is { } existing)
            {
                var obj = existing.ToJsonObject();
                obj["count"] = (JsonPath.GetLong(obj, "count") ?? 1) + 1;
                obj["lastTimestamp"] = JsonPath.Timestamp(now);
                api.Update(BuiltInResources.Events, ns, existingName, obj, RequestContext.Controller(component), null);
                return;
            }

            var name = $"{involved.Name}.{Convert.ToHexStringLower(BitConverter.GetBytes(now.UtcTicks ^ Random.Shared.NextInt64()))}";
            var involvedObject = new JsonObject
            {
                ["kind"] = involved.Type.Kind,
                ["namespace"] = involved.Namespace,
                ["name"] = involved.Name,
                ["uid"] = involved.Uid,
                ["apiVersion"] = involved.Type.ApiVersion,
                ["resourceVersion"] = involved.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (fieldPath is not null)
            {
                involvedObject["fieldPath"] = fieldPath;
            }

            var evt = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = involvedObject,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = component == "kubelet" ? new JsonObject { ["component"] = component, ["host"] = Kubelet.NodeName } : new JsonObject { ["component"] = component },
                ["firstTimestamp"] = JsonPath.Timestamp(now),
                ["lastTimestamp"] = JsonPath.Timestamp(now),
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = component,
                ["reportingInstance"] = component == "kubelet" ? Kubelet.NodeName : "",
            };
            api.Create(BuiltInResources.Events, ns, evt, RequestContext.Controller(component));
            _names[key] = name;
        }
        catch (ApiException)
        {
            // Events are best effort, as in client-go's recorder.
        }
    }
}
