namespace Oz.KubeSim.Controllers.Jobs;

/// <summary>
/// How the Job controller creates and deletes a Job's pods: through the API (so admission, e.g. Pod
/// Security, applies to them), with the SuccessfulCreate and FailedCreate Events on the Job.
/// </summary>
internal sealed class JobPodControl(ResourceApi api, EventRecorder events)
{
    /// <summary>Creates the Job's next pod from its template; false when the API refused it.</summary>
    public bool Create(StoredObject stored, JsonObject job)
    {
        var template = JsonPath.Get(job, "spec.template") as JsonObject ?? [];
        var pod = ControlledObjects.FromTemplate("Pod", template, "batch/v1", "Job", stored, meta =>
        {
            meta.Remove("name");
            meta["generateName"] = stored.Name + "-";
        });
        try
        {
            var created = api.Create(BuiltInResources.Pods, stored.Namespace, pod, RequestContext.Controller("job-controller"));
            events.Normal(stored, "SuccessfulCreate", $"Created pod: {created.Stored!.Name}", "job-controller");
            return true;
        }
        catch (ApiException e)
        {
            events.Warning(stored, "FailedCreate", $"Error creating: {e.Message}", "job-controller");
            return false;
        }
    }

    public void Delete(IEnumerable<StoredObject> pods)
    {
        foreach (var pod in pods)
        {
            try
            {
                api.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions("Background", pod.Uid), RequestContext.Controller("job-controller"));
            }
            catch (ApiException)
            {
            }
        }
    }
}
