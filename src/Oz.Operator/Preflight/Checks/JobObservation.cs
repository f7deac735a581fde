using k8s.Models;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// Turns one observed object (the preflight Job, its pod, or a core Event about either) into a
/// diagnosis, or null when it says nothing new. Pure, so every case is testable without a cluster.
/// </summary>
public static class JobObservation
{
    private static readonly HashSet<string> ImagePullReasons = new(StringComparer.Ordinal) { "ErrImagePull", "ImagePullBackOff" };
    private static readonly HashSet<string> CreateReasons = new(StringComparer.Ordinal) { "CreateContainerConfigError", "CreateContainerError", "RunContainerError" };

    public static JobDiagnosis? Of(object observed, string jobName) => observed switch
    {
        V1Job job => OfJob(job),
        V1Pod pod => OfPod(pod),
        Corev1Event evt => OfEvent(evt, jobName),
        _ => null,
    };

    public static JobDiagnosis? OfJob(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var conditions = job.Status?.Conditions ?? [];
        if (conditions.Any(c => c.Type == "Complete" && c.Status == "True"))
        {
            return new JobDiagnosis(JobDiagnosis.Succeeded, $"Job {job.Metadata.Name} ran to completion", true);
        }

        var failed = conditions.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        return failed is null
            ? null
            : failed.Reason == "DeadlineExceeded"
                ? new JobDiagnosis(JobDiagnosis.Timeout, $"Job {job.Metadata.Name} exceeded its deadline: {failed.Message}", true)
                : new JobDiagnosis(JobDiagnosis.JobFailed, $"Job {job.Metadata.Name} failed: {failed.Reason}: {failed.Message}", true);
    }

    public static JobDiagnosis? OfPod(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var name = pod.Metadata.Name;
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []);
        foreach (var status in statuses)
        {
            var waiting = status.State?.Waiting;
            if (waiting?.Reason is { } reason)
            {
                var detail = $"pod {name}, container {status.Name} (image {status.Image}): {reason}: {waiting.Message}";
                if (ImagePullReasons.Contains(reason))
                {
                    return new JobDiagnosis(JobDiagnosis.ImagePull, detail, true);
                }

                if (reason == "InvalidImageName")
                {
                    return new JobDiagnosis(JobDiagnosis.InvalidImage, detail, true);
                }

                if (CreateReasons.Contains(reason))
                {
                    return new JobDiagnosis(JobDiagnosis.ContainerCreate, detail, true);
                }
            }

            if (status.State?.Terminated is { ExitCode: not 0 } terminated)
            {
                return new JobDiagnosis(
                    JobDiagnosis.ContainerExit,
                    $"pod {name}, container {status.Name} exited with code {terminated.ExitCode} ({terminated.Reason}){(string.IsNullOrEmpty(terminated.Message) ? "" : ": " + terminated.Message)}",
                    true);
            }
        }

        if (pod.Status?.Phase == "Failed")
        {
            return pod.Status.Reason == "Evicted"
                ? new JobDiagnosis(JobDiagnosis.Evicted, $"pod {name} was evicted: {pod.Status.Message}", true)
                : new JobDiagnosis(JobDiagnosis.JobFailed, $"pod {name} failed: {pod.Status.Reason}: {pod.Status.Message}", true);
        }

        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        return scheduled is { Status: "False" }
            ? new JobDiagnosis(JobDiagnosis.Unschedulable, $"pod {name} cannot be scheduled: {scheduled.Message}", false)
            : null;
    }

    public static JobDiagnosis? OfEvent(Corev1Event evt, string jobName)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var involved = evt.InvolvedObject;
        var aboutJob = involved?.Kind == "Job" && involved.Name == jobName;
        var aboutPod = involved?.Kind == "Pod" && involved.Name?.StartsWith(jobName + "-", StringComparison.Ordinal) == true;
        return (evt.Reason, aboutJob, aboutPod) switch
        {
            // Not final: the Job controller retries, and at a cold start the first attempt often meets a passing cause.
            ("FailedCreate", true, _) => new JobDiagnosis(JobDiagnosis.FailedCreate, $"Job {jobName} cannot create its pod: {evt.Message}", false),
            ("FailedMount", _, true) => new JobDiagnosis(JobDiagnosis.FailedMount, $"pod {involved!.Name}: {evt.Message}", false),
            ("FailedScheduling", _, true) => new JobDiagnosis(JobDiagnosis.Unschedulable, $"pod {involved!.Name} cannot be scheduled: {evt.Message}", false),
            _ => null,
        };
    }
}
