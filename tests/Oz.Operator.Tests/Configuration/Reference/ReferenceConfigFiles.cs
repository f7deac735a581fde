namespace Oz.Operator.Tests.Configuration.Reference;

/// <summary>oz-agent-worker configuration files as its users have them: each generation with every key.</summary>
internal static class ReferenceConfigFiles
{
    /// <summary>The first Kubernetes backend: scheduling through the legacy keys, task env through environment.</summary>
    public const string LegacyGeneration = """
        worker_id: platform-k8s
        cleanup: false
        max_concurrent_tasks: 4
        idle_on_complete: 10m
        backend:
          kubernetes:
            namespace: oz-tasks
            kubeconfig: /etc/oz/kubeconfig
            image_pull_secret: registry-creds
            image_pull_policy: Always
            preflight_image: registry.example.com/busybox:1.36
            service_account: oz-task
            setup_command: echo setup
            teardown_command: echo teardown
            node_selector:
              kubernetes.io/os: linux
            tolerations:
              - key: dedicated
                operator: Equal
                value: oz
                effect: NoSchedule
              - key: node.kubernetes.io/not-ready
                operator: Exists
                effect: NoExecute
                toleration_seconds: 300
            resources:
              requests:
                cpu: "1"
                memory: 2Gi
              limits:
                memory: 4Gi
            extra_labels:
              team: platform
            extra_annotations:
              example.com/owner: platform
            active_deadline_seconds: 3600
            termination_grace_period_seconds: 45
            workspace_size_limit: 20Gi
            unschedulable_timeout: 2m
            environment:
              - name: HTTP_PROXY
                value: http://proxy.internal:3128
              - name: GITHUB_HOST
        """;

    /// <summary>Newer releases: scheduling through pod_template, plus the keys they added.</summary>
    public const string NewerGeneration = """
        worker_id: platform-k8s
        cleanup: true
        max_concurrent_tasks: 8
        backend:
          kubernetes:
            namespace: oz-tasks
            default_image: registry.example.com/dev:2026.1
            image_pull_policy: IfNotPresent
            use_image_volumes: true
            sidecar_image: registry.example.com/oz-sidecar:1
            ttl_seconds_after_finished: 86400
            unschedulable_timeout: 30s
            volume_mount_timeout: 5m
            coding_cli_sidecars:
              claude: registry.example.com/claude-wrapper:3
            preflight_resources:
              requests:
                cpu: 20m
                memory: 32Mi
              limits:
                memory: 128Mi
            environment:
              - name: LOG_FORMAT
                value: json
            pod_template:
              serviceAccountName: oz-task
              nodeSelector:
                kubernetes.io/os: linux
              containers:
                - name: task
                  env:
                    - name: GITHUB_TOKEN
                      valueFrom:
                        secretKeyRef:
                          name: github
                          key: token
        """;

    /// <summary>
    /// The config.yaml that oz-agent-worker's chart (main branch, mid-2026) renders into its
    /// ConfigMap for a values file that sets every value it maps, quoted as its template quotes.
    /// </summary>
    public const string RenderedByTheReferenceChart = """
        worker_id: "platform-k8s"
        cleanup: true
        max_concurrent_tasks: 4
        idle_on_complete: "10m"
        backend:
          kubernetes:
            namespace: "oz-tasks"
            default_image: "registry.example.com/dev:2026.1"
            image_pull_policy: "IfNotPresent"
            use_image_volumes: false
            unschedulable_timeout: "30s"
            volume_mount_timeout: "2m"
            preflight_image: "registry.example.com/busybox:1.36"
            sidecar_image: "registry.example.com/oz-sidecar:1"
            setup_command: |-
              apt-get update
              apt-get install -y jq
            teardown_command: |-
              echo done
            extra_labels:
              team: platform
            extra_annotations:
              example.com/owner: platform
            active_deadline_seconds: 28800
            ttl_seconds_after_finished: 86400
            workspace_size_limit: "20Gi"
            pod_template:
              nodeSelector:
                kubernetes.io/os: linux
              serviceAccountName: oz-task
            preflight_resources:
              limits:
                cpu: 100m
                memory: 64Mi
              requests:
                cpu: 10m
                memory: 16Mi
        """;

    /// <summary>What oz-agent-worker's chart renders with its own default values and a worker id.</summary>
    public const string RenderedByTheReferenceChartWithDefaults = """
        worker_id: "platform-k8s"
        cleanup: true
        max_concurrent_tasks: 0
        backend:
          kubernetes:
            namespace: "oz"
            image_pull_policy: "IfNotPresent"
            use_image_volumes: false
            unschedulable_timeout: "30s"
            volume_mount_timeout: "2m"
            active_deadline_seconds: 28800
            ttl_seconds_after_finished: 86400
        """;

    /// <summary><see cref="LegacyGeneration"/> in this operator's format, as `config convert` prints it.</summary>
    public const string LegacyGenerationConverted = """
        workerId: platform-k8s
        cleanup: false
        maxConcurrentTasks: 4
        idleOnComplete: 10m
        namespace: oz-tasks
        kubeconfig: /etc/oz/kubeconfig
        imagePullPolicy: Always
        preflightImage: registry.example.com/busybox:1.36
        setupCommand: echo setup
        teardownCommand: echo teardown
        extraLabels:
          team: platform
        extraAnnotations:
          example.com/owner: platform
        activeDeadlineSeconds: 3600
        workspaceSizeLimit: 20Gi
        unschedulableTimeout: 2m
        env:
        - name: HTTP_PROXY
          value: http://proxy.internal:3128
        - name: GITHUB_HOST
        taskPod:
          imagePullSecrets:
          - registry-creds
          serviceAccountName: oz-task
          nodeSelector:
            kubernetes.io/os: linux
          tolerations:
          - key: dedicated
            operator: Equal
            value: oz
            effect: NoSchedule
          - key: node.kubernetes.io/not-ready
            operator: Exists
            effect: NoExecute
            tolerationSeconds: 300
          resources:
            requests:
              cpu: "1"
              memory: 2Gi
            limits:
              memory: 4Gi
          terminationGracePeriodSeconds: 45

        """;
}
