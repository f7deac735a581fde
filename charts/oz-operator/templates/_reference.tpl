{{/*
Values written for oz-agent-worker's chart, accepted unchanged so its users' values files install
this chart as they are (README.md, "Migrating from oz-agent-worker"). Each reference value is
copied onto the native value with the same meaning before any template reads .Values; a native
value that was also changed from its default to something else fails the render, naming both.
Every template calls "oz-operator.applyReferenceValues" first; the marker makes the second and
later calls no-ops, whether or not Helm shares .Values between templates.
*/}}
{{- define "oz-operator.applyReferenceValues" -}}
{{- if not (hasKey .Values "ozReferenceValuesApplied") }}
{{- /* The native values whose chart default (values.yaml) is not empty: at that default they
count as unset. A test renders each reference value against these defaults, so they stay in step. */}}
{{- $defaults := dict "logLevel" "Information" "terminationGracePeriodSeconds" 30 "defaultImage" "ubuntu:22.04" "preflightImage" "busybox:1.36" "activeDeadlineSeconds" 28800 "enabled" true }}
{{- $_ := set $defaults "resources" (dict "requests" (dict "cpu" "50m" "memory" "128Mi") "limits" (dict "memory" "512Mi")) }}
{{- $_ := set $defaults "podSecurityContext" (dict "runAsNonRoot" true "runAsUser" 10001 "runAsGroup" 10001 "fsGroup" 10001 "seccompProfile" (dict "type" "RuntimeDefault")) }}
{{- $_ := set $defaults "securityContext" (dict "runAsNonRoot" true "runAsUser" 10001 "runAsGroup" 10001 "readOnlyRootFilesystem" true "allowPrivilegeEscalation" false "capabilities" (dict "drop" (list "ALL")) "seccompProfile" (dict "type" "RuntimeDefault")) }}
{{- $worker := .Values.worker | default dict }}
{{- /* worker.* of the reference describe the worker pod: here they are top-level values. */}}
{{- range $key := list "logLevel" "resources" "nodeSelector" "tolerations" "affinity" "extraEnv" "podAnnotations" "podLabels" "podSecurityContext" "securityContext" "terminationGracePeriodSeconds" }}
{{- include "oz-operator.takeReferenceValue" (dict "from" $worker "fromKey" $key "fromName" (printf "worker.%s" $key) "to" $.Values "toKey" $key "toName" $key "defaults" $defaults) }}
{{- end }}
{{- include "oz-operator.takeReferenceValue" (dict "from" (.Values.image | default dict) "fromKey" "pullSecrets" "fromName" "image.pullSecrets" "to" .Values "toKey" "imagePullSecrets" "toName" "imagePullSecrets" "defaults" $defaults) }}
{{- /* kubernetesBackend.* of the reference are the task settings under worker.* here. */}}
{{- $backend := .Values.kubernetesBackend | default dict }}
{{- if kindIs "string" $backend.podTemplate }}
{{- $_ := set $backend "podTemplate" (fromYaml $backend.podTemplate) }}
{{- end }}
{{- range $key := list "namespace" "defaultImage" "imagePullPolicy" "useImageVolumes" "preflightImage" "sidecarImage" "setupCommand" "teardownCommand" "extraLabels" "extraAnnotations" "activeDeadlineSeconds" "ttlSecondsAfterFinished" "workspaceSizeLimit" "unschedulableTimeout" "volumeMountTimeout" "podTemplate" "preflightResources" }}
{{- include "oz-operator.takeReferenceValue" (dict "from" $backend "fromKey" $key "fromName" (printf "kubernetesBackend.%s" $key) "to" $worker "toKey" $key "toName" (printf "worker.%s" $key) "defaults" $defaults) }}
{{- end }}
{{- $warp := .Values.warp | default dict }}
{{- include "oz-operator.takeReferenceValue" (dict "from" $warp "fromKey" "webSocketURL" "fromName" "warp.webSocketURL" "to" .Values.oz "toKey" "webSocketUrl" "toName" "oz.webSocketUrl" "defaults" $defaults) }}
{{- include "oz-operator.takeReferenceValue" (dict "from" $warp "fromKey" "serverRootURL" "fromName" "warp.serverRootURL" "to" .Values.oz "toKey" "serverRootUrl" "toName" "oz.serverRootUrl" "defaults" $defaults) }}
{{- $metrics := .Values.metrics }}
{{- include "oz-operator.takeReferenceValue" (dict "from" ($metrics.service | default dict) "fromKey" "create" "fromName" "metrics.service.create" "to" $metrics.service "toKey" "enabled" "toName" "metrics.service.enabled" "defaults" (dict "enabled" true)) }}
{{- include "oz-operator.takeReferenceValue" (dict "from" ($metrics.podMonitor | default dict) "fromKey" "create" "fromName" "metrics.podMonitor.create" "to" $metrics.podMonitor "toKey" "enabled" "toName" "metrics.podMonitor.enabled" "defaults" dict) }}
{{- include "oz-operator.takeReferenceValue" (dict "from" ($metrics.podMonitor | default dict) "fromKey" "additionalLabels" "fromName" "metrics.podMonitor.additionalLabels" "to" $metrics.podMonitor "toKey" "labels" "toName" "metrics.podMonitor.labels" "defaults" dict) }}
{{- if eq (toString $metrics.exporter) "console" }}
{{- fail "metrics.exporter=console is not supported by oz-operator: use prometheus, otlp or none (the operator's logs already go to the console)" }}
{{- end }}
{{- if contains "oz-agent-worker" (toString .Values.image.repository) }}
{{- fail (printf "image.repository is %s, the oz-agent-worker image: this chart runs oz-operator; remove image.repository and set image.tag to an oz-operator version" .Values.image.repository) }}
{{- end }}
{{- $_ := set .Values "ozReferenceValuesApplied" true }}
{{- end }}
{{- end }}

{{/*
Copies from[fromKey] onto to[toKey] when the reference value is set (not null, "", {} or []).
A native value that is set (not empty, not its chart default from .defaults) and differs from the
reference value is a conflict.
Values compare as JSON, so 30 from a values file equals 30 from --set.
*/}}
{{- define "oz-operator.takeReferenceValue" -}}
{{- $value := index .from .fromKey }}
{{- $unset := or (kindIs "invalid" $value) (and (kindIs "string" $value) (eq $value "")) (and (or (kindIs "map" $value) (kindIs "slice" $value)) (empty $value)) }}
{{- if and (hasKey .from .fromKey) (not $unset) }}
{{- $native := index .to .toKey }}
{{- $nativeSet := and (not (empty $native)) (ne (toJson $native) (toJson (index .defaults .toKey))) }}
{{- if and $nativeSet (ne (toJson $native) (toJson $value)) }}
{{- fail (printf "%s (oz-agent-worker's name) and %s are the same setting with different values: set only one of them" .fromName .toName) }}
{{- end }}
{{- $_ := set .to .toKey $value }}
{{- end }}
{{- end }}

{{/*
The API-key Secret as a YAML map: name, key, and value (only when the chart makes the Secret) or
optional (true when nothing was configured: the Secret oz-agent-worker/WARP_API_KEY that
oz-agent-worker's chart expects is used when it exists, and the operator runs without Oz when not).
*/}}
{{- define "oz-operator.apiKeySecret" -}}
{{- $oz := .Values.oz }}
{{- $reference := (.Values.warp | default dict).apiKeySecret | default dict }}
{{- if and $oz.apiKey $oz.existingSecret }}
{{- fail "oz.apiKey and oz.existingSecret are mutually exclusive: set one of them" }}
{{- end }}
{{- if and (or $oz.apiKey $oz.existingSecret) $reference }}
{{- fail "warp.apiKeySecret (oz-agent-worker's name) and oz.apiKey/oz.existingSecret are the same setting: set only one of them" }}
{{- end }}
{{- if $oz.apiKey }}
name: {{ printf "%s-api-key" (include "oz-operator.fullname" .) | quote }}
key: {{ $oz.existingSecretKey | quote }}
value: {{ $oz.apiKey | quote }}
{{- else if $oz.existingSecret }}
name: {{ $oz.existingSecret | quote }}
key: {{ $oz.existingSecretKey | quote }}
{{- else if $reference.create }}
{{- if not $reference.value }}
{{- fail "warp.apiKeySecret.value is required when warp.apiKeySecret.create is true" }}
{{- end }}
name: {{ $reference.name | default "oz-agent-worker" | quote }}
key: {{ $reference.key | default "WARP_API_KEY" | quote }}
value: {{ $reference.value | quote }}
{{- else }}
name: {{ $reference.name | default "oz-agent-worker" | quote }}
key: {{ $reference.key | default "WARP_API_KEY" | quote }}
optional: {{ empty $reference }}
{{- end }}
{{- end }}
