using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// Turns what is observed of an AgentTask, its Job, its pod and their Events into the status the
/// task should have. Pure: the same observation always gives the same status, so the reconciler
/// can compare it with the stored one and write only real changes.
/// </summary>
public static class TaskStatusClassifier
{
    /// <summary>How long a Job may fail to create its pod (FailedCreate events) before the task fails.</summary>
    public static readonly TimeSpan PodCreationTimeout = TimeSpan.FromMinutes(2);

    // The Pod Security admission's refusal, "pods "x" is forbidden: violates PodSecurity "level:version": …".
    private const string PodSecurityRefusal = "violates PodSecurity \"";

    public static TaskClassification Classify(TaskObservation observation, OperatorOptions options)
    {
        var previous = observation.Task.Status;
        if (previous?.Phase is { } phase && phase.IsTerminal())
        {
            // Terminal phases never change: the first verdict (and its log tail) stands.
            return new TaskClassification(previous);
        }

        var verdict = Decide(observation, options);
        return new TaskClassification(TaskStatusAssembler.Assemble(observation, verdict))
        {
            RecheckAfter = verdict.RecheckAfter,
            FailedContainer = verdict.FailedContainer,
            StopJob = verdict.StopJob,
            ProgressSince = verdict.ProgressSince,
        };
    }

    private static Verdict Decide(TaskObservation o, OperatorOptions options)
    {
        if (o.SpecProblem is { } problem)
        {
            return Verdict.Failed(problem.Reason, $"Invalid AgentTask: {problem.Message}");
        }

        if (o.JobRefused is { } refusal)
        {
            return Verdict.Failed(FailureReason.JobCreateRefused, $"The Job was not created: {refusal}");
        }

        if (o.Job is null && CancelRequested(o.Task))
        {
            return new Verdict(AgentTaskPhase.Cancelled, o.Task.Metadata.DeletionTimestamp is null
                ? "Cancelled by request (spec.cancel)."
                : "Cancelled: the AgentTask was deleted.")
            { Reason = FailureReason.Cancelled, CompletionTime = o.Now };
        }

        if (o.JobVanished)
        {
            var name = o.Task.Status?.JobName ?? "of the task";
            return Verdict.Failed(FailureReason.JobDeleted, $"Job {name} was deleted before the task finished.");
        }

        if (o.Job is null && StartGate.Of(o.Task) is { } gate)
        {
            return Gated(o, gate);
        }

        if (o.Job is not { } job)
        {
            return o.Queued
                ? new Verdict(AgentTaskPhase.Queued, $"Waiting for a free slot: {options.MaxConcurrentTasks} tasks (maxConcurrentTasks) are running.")
                : new Verdict(AgentTaskPhase.Pending, "Accepted; the Job is being created.");
        }

        return FromJobConditions(job)
            ?? (o.Pod is { } pod ? FromFinishedPod(pod) : null)
            ?? (o.Pod is not null && AwaitsPodResult(job) ? null : FromFailedJob(job))
            ?? (o.Pod is { } live ? FromLivePod(o, live, options) : WithoutPod(o, job));
    }

    internal static bool CancelRequested(AgentTask task) =>
        task.Spec.Cancel == true || task.Metadata.DeletionTimestamp is not null;

    private static Verdict? FromJobConditions(V1Job job)
    {
        if (JobCondition(job, "Complete") is not null || JobCondition(job, "SuccessCriteriaMet") is not null)
        {
            return new Verdict(AgentTaskPhase.Succeeded, "The task completed successfully.")
            {
                ExitCode = 0,
                CompletionTime = job.Status?.CompletionTime,
            };
        }

        var failed = JobCondition(job, "Failed") ?? JobCondition(job, "FailureTarget");
        if (failed?.Reason == "DeadlineExceeded")
        {
            var limit = job.Spec?.ActiveDeadlineSeconds is { } seconds ? $" of {seconds}s" : "";
            return Verdict.Failed(FailureReason.DeadlineExceeded, $"The task ran past its deadline{limit} (activeDeadlineSeconds) and was stopped.");
        }

        return null;
    }

    /// <summary>
    /// A Job failed by its pod (backoff limit) can reach the cache before the pod's final state
    /// does; the pod then says why (OOM, exit code), so wait for its update rather than settle on
    /// a terminal ContainerExit without an exit code (a race found by the host metrics e2e test).
    /// </summary>
    private static bool AwaitsPodResult(V1Job job) =>
        (JobCondition(job, "Failed") ?? JobCondition(job, "FailureTarget"))?.Reason == "BackoffLimitExceeded";

    private static Verdict? FromFailedJob(V1Job job) =>
        (JobCondition(job, "Failed") ?? JobCondition(job, "FailureTarget")) is { } failed
            ? Verdict.Failed(FailureReason.ContainerExit, $"Job {job.Metadata.Name} failed: {failed.Reason}: {failed.Message}".TrimEnd(' ', ':'))
            : null;

    private static Verdict? FromFinishedPod(V1Pod pod)
    {
        var status = pod.Status;
        if (status?.Phase == "Failed" && status.Reason is { } podReason)
        {
            if (podReason == "DeadlineExceeded")
            {
                return Verdict.Failed(FailureReason.DeadlineExceeded, $"Pod {pod.Metadata.Name} ran past its deadline: {status.Message}".TrimEnd(' ', ':'));
            }

            if (PodFacts.NodeEndedReasons.Contains(podReason))
            {
                return Verdict.Failed(FailureReason.Evicted, $"Pod {pod.Metadata.Name} was ended by its node ({podReason}): {status.Message}".TrimEnd(' ', ':'));
            }
        }

        foreach (var (container, init) in PodFacts.AllContainers(pod))
        {
            // A native sidecar (restartPolicy: Always, e.g. a mesh proxy) is stopped with a signal once
            // the task ends: Kubernetes does not judge the pod by its exit code, and neither does this.
            if (init && container.State?.Terminated is { } stopped && PodFacts.ExitCode(stopped) != 0 && !PodFacts.IsNativeSidecar(pod, container.Name))
            {
                var (reason, what) = container.Name switch
                {
                    TaskPodLayout.SetupContainer => (FailureReason.SetupCommand, "The setup command"),
                    var name when name.StartsWith(TaskPodLayout.CopySidecarPrefix, StringComparison.Ordinal) =>
                        (FailureReason.SidecarPrep, $"Copying a sidecar image ({container.Image}) in init container {name}"),
                    var name => (FailureReason.InitContainer, $"Init container {name}"),
                };
                return Verdict.Failed(reason, $"{what} {PodFacts.DescribeExit(stopped)}") with
                {
                    ExitCode = PodFacts.ExitCode(stopped),
                    FailedContainer = container.Name,
                    CompletionTime = stopped.FinishedAt,
                };
            }
        }

        if (PodFacts.TaskContainer(pod) is { State.Terminated: { } terminated } task)
        {
            var code = PodFacts.ExitCode(terminated);
            if (terminated.Reason == "OOMKilled")
            {
                return Verdict.Failed(FailureReason.ContainerOOM, $"Container {task.Name} ran out of memory (OOMKilled, exit code {code}).") with
                {
                    ExitCode = code,
                    FailedContainer = task.Name,
                    CompletionTime = terminated.FinishedAt,
                };
            }

            if (code != 0 && TaskEntrypointScript.IsTeardownFailure(terminated.Message))
            {
                return Verdict.Failed(FailureReason.TeardownCommand, $"The agent succeeded but the teardown command failed: container {task.Name} {PodFacts.DescribeExit(terminated)}") with
                {
                    ExitCode = code,
                    FailedContainer = task.Name,
                    CompletionTime = terminated.FinishedAt,
                };
            }

            if (code != 0)
            {
                return Verdict.Failed(FailureReason.ContainerExit, $"Container {task.Name} {PodFacts.DescribeExit(terminated)}") with
                {
                    ExitCode = code,
                    FailedContainer = task.Name,
                    CompletionTime = terminated.FinishedAt,
                };
            }

            return new Verdict(AgentTaskPhase.Succeeded, "The task completed successfully.") { ExitCode = 0, CompletionTime = terminated.FinishedAt };
        }

        return status?.Phase switch
        {
            "Succeeded" => new Verdict(AgentTaskPhase.Succeeded, "The task completed successfully.") { ExitCode = 0 },
            "Failed" => Verdict.Failed(FailureReason.ContainerExit, $"Pod {pod.Metadata.Name} failed: {status.Reason}: {status.Message}".TrimEnd(' ', ':')),
            _ => null,
        };
    }

    private static Verdict FromLivePod(TaskObservation o, V1Pod pod, OperatorOptions options)
    {
        foreach (var (container, _) in PodFacts.AllContainers(pod))
        {
            if (container.State?.Waiting is not { Reason: { } waiting } state)
            {
                continue;
            }

            var detail = $"Container {container.Name} ({container.Image}): {waiting}: {state.Message}".TrimEnd(' ', ':');
            if (PodFacts.ImagePullReasons.Contains(waiting))
            {
                return Verdict.FailedWhilePending(FailureReason.ImagePull, $"The image cannot be pulled. {detail}");
            }

            if (waiting == "InvalidImageName")
            {
                return Verdict.FailedWhilePending(FailureReason.InvalidImage, $"The image name is invalid. {detail}");
            }

            if (PodFacts.ContainerCreateReasons.Contains(waiting))
            {
                return Verdict.FailedWhilePending(FailureReason.ContainerCreate, $"The container cannot be created. {detail}");
            }
        }

        if (PodFacts.TaskContainer(pod)?.State?.Running is not null)
        {
            return new Verdict(AgentTaskPhase.Running, $"Pod {pod.Metadata.Name} is running on node {pod.Spec?.NodeName}.");
        }

        if (PodFacts.Condition(pod, "PodScheduled") is { Status: "False", Reason: "Unschedulable" } unschedulable)
        {
            var since = unschedulable.LastTransitionTime ?? pod.Metadata.CreationTimestamp ?? o.Now;
            return AfterTimeout(o.Now, since, options.UnschedulableTimeout,
                FailureReason.Unschedulable,
                $"Pod {pod.Metadata.Name} cannot be scheduled: {unschedulable.Message}".TrimEnd(' ', ':'));
        }

        var mountEvent = Newest(o.Events.Where(e => e.Reason is "FailedMount" or "FailedAttachVolume"
            && e.InvolvedObject?.Kind == "Pod" && e.InvolvedObject.Name == pod.Metadata.Name));
        if (mountEvent is not null && options.VolumeMountTimeout > TimeSpan.Zero)
        {
            var scheduled = PodFacts.Condition(pod, "PodScheduled") is { Status: "True", LastTransitionTime: { } at } ? at : pod.Metadata.CreationTimestamp ?? o.Now;
            return AfterTimeout(o.Now, scheduled, options.VolumeMountTimeout,
                FailureReason.VolumeMount,
                $"Volumes of pod {pod.Metadata.Name} cannot be mounted: {mountEvent.Message}".TrimEnd(' ', ':'));
        }

        // A pod being created may be stuck on volumes (FailedMount is only an Event): look again.
        var creating = pod.Status?.Phase == "Pending" && !string.IsNullOrEmpty(pod.Spec?.NodeName);
        return Verdict.Starting(DescribeStartingPod(pod)) with { RecheckAfter = creating && options.VolumeMountTimeout > TimeSpan.Zero ? options.VolumeMountTimeout : null, ProgressSince = LatestProgress(pod, o.Now) };
    }

    private static Verdict WithoutPod(TaskObservation o, V1Job job)
    {
        var failedCreate = Newest(o.Events.Where(e => e.Reason == "FailedCreate"
            && e.InvolvedObject?.Kind == "Job" && e.InvolvedObject.Name == job.Metadata.Name));
        if (failedCreate?.Message is { } refusal && refusal.Contains(PodSecurityRefusal, StringComparison.Ordinal))
        {
            // Retrying cannot help: the pod spec is fixed and the namespace's level refuses it.
            return Verdict.FailedWhilePending(FailureReason.PodSecurity,
                $"Job {job.Metadata.Name} cannot create its pod: the namespace's Pod Security level (label pod-security.kubernetes.io/enforce) refuses it. " +
                $"{refusal}. Run the task pod shape that passes it (see docs/security.md, Pod Security levels) or label the namespace with a level that admits it.");
        }

        if (failedCreate is not null)
        {
            var since = job.Status?.StartTime ?? job.Metadata.CreationTimestamp ?? o.Now;
            return AfterTimeout(o.Now, since, PodCreationTimeout,
                FailureReason.ContainerCreate,
                $"Job {job.Metadata.Name} cannot create its pod: {failedCreate.Message}".TrimEnd(' ', ':'));
        }

        // No watch event tells of a pod that never comes (FailedCreate is only an Event): look again.
        return Verdict.Starting($"Job {job.Metadata.Name} created; waiting for its pod.") with
        {
            RecheckAfter = PodCreationTimeout,
            ProgressSince = job.Metadata.CreationTimestamp ?? o.Now,
        };
    }

    /// <summary>Pending while the start gate is set; failed when its owner never removes it.</summary>
    private static Verdict Gated(TaskObservation o, string gate)
    {
        var elapsed = o.Now.ToUniversalTime() - (o.Task.Metadata.CreationTimestamp ?? o.Now).ToUniversalTime();
        if (elapsed >= StartGate.Timeout)
        {
            return Verdict.Failed(
                FailureReason.ContainerCreate,
                $"The task was never released to start: its start gate '{gate}' (annotation {StartGate.Annotation}) was not removed within {Seconds(StartGate.Timeout)}.");
        }

        return new Verdict(AgentTaskPhase.Pending, $"Accepted; waiting for start gate '{gate}' to be removed before the Job is created.")
        {
            RecheckAfter = StartGate.Timeout - elapsed,
        };
    }

    /// <summary>A problem that may clear by itself: Starting until the timeout, then a fast failure.</summary>
    private static Verdict AfterTimeout(DateTime now, DateTime since, TimeSpan timeout, FailureReason reason, string message)
    {
        var elapsed = now.ToUniversalTime() - since.ToUniversalTime();
        if (elapsed >= timeout)
        {
            return Verdict.FailedWhilePending(reason, $"{message} (for more than {Seconds(timeout)})");
        }

        return Verdict.Starting(message) with { RecheckAfter = timeout - elapsed };
    }

    /// <summary>The last step a starting pod took that the API shows: created, scheduled, started, an init container moving on.</summary>
    private static DateTime LatestProgress(V1Pod pod, DateTime now)
    {
        var steps = new List<DateTime?>
        {
            pod.Metadata.CreationTimestamp,
            PodFacts.Condition(pod, "PodScheduled")?.LastTransitionTime,
            pod.Status?.StartTime,
        };
        foreach (var init in pod.Status?.InitContainerStatuses ?? [])
        {
            steps.Add(init.State?.Running?.StartedAt);
            steps.Add(init.State?.Terminated?.FinishedAt);
        }

        var known = steps.Where(t => t is not null).Select(t => t!.Value.ToUniversalTime()).ToList();
        return known.Count == 0 ? now : known.Max();
    }

    private static string DescribeStartingPod(V1Pod pod)
    {
        var node = pod.Spec?.NodeName;
        if (string.IsNullOrEmpty(node))
        {
            return $"Pod {pod.Metadata.Name} is waiting to be scheduled.";
        }

        var init = (pod.Status?.InitContainerStatuses ?? []).FirstOrDefault(s => s.State?.Terminated is null);
        if (init is not null)
        {
            return $"Pod {pod.Metadata.Name} is initializing on node {node} (init container {init.Name}).";
        }

        return $"Pod {pod.Metadata.Name} is starting on node {node}.";
    }

    private static Corev1Event? Newest(IEnumerable<Corev1Event> events) =>
        events.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .FirstOrDefault();

    private static V1JobCondition? JobCondition(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True");

    private static string Seconds(TimeSpan span) => $"{(int)span.TotalSeconds}s";
}
